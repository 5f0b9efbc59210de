// @@MODULE@@_axis: AXI4-Stream ports around @@MODULE@@ (generated with it; do not edit).
//   s_axis_tdata: in_data in bits [@@IN_MSB@@:0]@@S_PAD_DOC@@
//   m_axis_tdata: @@M_LAYOUT@@
//   m_axis_tkeep: @@TKEEP_DOC@@
//   m_axis_tlast: @@TLAST_DOC@@
//   One result beat per input beat, in order. LATENCY = @@LATENCY@@ cycles, as in @@MODULE@@.
//   aresetn: synchronous, active low (AXI convention); s_axis_tready is low while it is asserted.
//   tdata widths are whole bytes; padding bits are ignored on the slave side, zero on the master side.
module @@MODULE@@_axis (
    input  wire          aclk,
    input  wire          aresetn,
    input  wire          s_axis_tvalid,
    output wire          s_axis_tready,
    input  wire [@@S_MSB@@:0]  s_axis_tdata,
    input  wire          s_axis_tlast,
    output wire          m_axis_tvalid,
    input  wire          m_axis_tready,
    output wire [@@M_MSB@@:0]  m_axis_tdata,@@TKEEP_PORT@@
    output wire          m_axis_tlast
);
@@S_PAD@@  wire core_last;

  @@MODULE@@ u_core (
      .clk(aclk),
      .rst(!aresetn),
      .in_valid(s_axis_tvalid),
      .in_ready(s_axis_tready),
      .in_data(s_axis_tdata[@@IN_MSB@@:0]),
      .in_last(s_axis_tlast),
      .out_valid(m_axis_tvalid),
      .out_ready(m_axis_tready),
      .out_last(core_last),@@CORE_SCORES@@
      .out_class(m_axis_tdata[@@CLASS_MSB@@:0])
  );
@@M_PAD@@@@LAST_LOGIC@@endmodule

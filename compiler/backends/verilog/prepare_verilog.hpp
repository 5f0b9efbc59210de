// prepare_verilog: the last place the Verilog backend makes decisions. It turns a verified Network
// and the user's VerilogOptions into a VerilogPlan: a legal module name, port widths, the live
// neurons of every layer as balanced adder trees over shift-add leaves (constant coefficients in
// canonical signed digits: bench/rtl/mult_form.sh measures that Yosys maps them smaller than `*`
// on both synth_ice40 and synth_xilinx), every node exactly as wide as its exact value range, the
// pipeline register cuts, the argmax tournament, and LATENCY. emit_verilog only prints this plan.
// O(total CSD digits) time and space.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ir/bounds.hpp"
#include "ir/network.hpp"

namespace hv {

struct VerilogOptions {
  int pipeline_levels = 0;  // 0: one register stage per layer; k > 0: also one every k tree levels
  bool scores = false;      // add the out_scores port (every integer score, exact width)
  bool axis = false;        // add the AXI4-Stream wrapper module <module>_axis (TLAST, TKEEP)
  int axis_packet = 0;      // axis: 0: m_axis_tlast = s_axis_tlast of the same vector; n > 0: every n-th result
  bool skid = true;         // skid buffer: in_ready is a register; false: global enable from out_ready
  bool kit = false;         // emit_verilog also writes the integration kit (emit_kit.hpp)
  int kit_vectors = 256;    // kit: random vectors (plus up to a quarter as many tie vectors)
  double kit_mhz = 100;     // kit: the clock of the example constraints
  bool share_trees = false; // hidden neurons with equal weights share one adder tree (a comparator each);
                            // off by default: Yosys already merges the equal sub-trees (bench/rtl/share.sh)
  bool axi_lite = false;    // also emit <module>_regs: an AXI4-Lite block (model hash, LATENCY, II, sizes, counters)
  int fold = 1;             // II: 1 = fully unrolled; k > 1: every layer takes k clocks per vector
                            // (hidden: ceil(n/k) units compute k neurons each in turn; output: the
                            // scores accumulate a slice of the hidden register per clock)
};

// One element of a neuron's adder tree. The wire holds `stored`; the neuron's partial sum is
// `stored` or, when neg, its negation. Stored values are kept modulo 2^width, which is exact:
// range proves they fit (unsigned when range.lo >= 0, else two's complement).
struct VerilogNode {
  // Mul (folded layer 0 only): feature src times the slot's weight magnitude from the ROM, added
  // when the weight's sign is this leaf's (the two leaves of a feature share one multiplier).
  enum class Kind { Input, Bit, Const, Add, Sub, Reg, Mul };
  Kind kind = Kind::Const;
  int src = 0;         // Input: feature position; Bit: bit of the previous layer's register
  int shift = 0;       // Input: the value is q << shift
  int64_t value = 0;   // Bit: the magnitude added when the bit is 1; Const: the (signed) value
  int a = -1, b = -1;  // Add: a + b; Sub: a - b; Reg: a registered (node indices, same neuron)
  bool neg = false;
  Range range;
  int width = 1;
  int stage = 0;       // Reg: the register stage (1-based) that holds it
  // Folded layers: the leaf's value in each slot (the ROM contents): Input: 1 when the digit is
  // used in that slot, else 0; Bit, Const, Mul: the magnitude in that slot (0: not added; a folded
  // output leaf whose weights have both signs holds the signed weights, range.lo < 0). Empty: the
  // same value in every slot (unfolded designs, and the constant 0 of a tree with no added leaf).
  std::vector<int64_t> slots;
};

// What a folded unit computes in one slot: an IR neuron (-1: nothing, the slot is idle).
struct VerilogSlot {
  int neuron = -1;
  int64_t bias = 0;
  std::vector<std::pair<int, int64_t>> weights;  // (register position of the input; weight)
};

struct VerilogNeuron {
  int index = 0;                   // neuron index in the IR layer
  std::vector<VerilogNode> nodes;  // leaves first; every node after its operands
  int root = 0;                    // node holding z (never neg)
  int bound_bits = 1;              // exact two's-complement width of z (hv::layer_bounds)
  int64_t bias = 0;                // the IR's bias and nonzero weights, for the RTL's comments:
  std::vector<std::pair<int, int64_t>> weights;  // (feature, or register bit of the previous layer; weight)
  // Tree sharing (hidden layers): >= 0 when an earlier neuron of the layer (this position in
  // VerilogLayer::neurons) has the same weights; this neuron then has no tree (nodes empty) and
  // a = (z_shared >= threshold), threshold = bias of the shared neuron - own bias.
  int shared = -1;
  int64_t threshold = 0;
  // Folded hidden layer: this is unit `index`, computing schedule[s] in slot s (register bit
  // s * units + index). Folded output layer: the tree is the partial sum of one slot.
  std::vector<VerilogSlot> schedule;
};

struct VerilogLayer {
  std::string name;                    // signal prefix: "h1", "h2", ..., "o"
  std::vector<VerilogNeuron> neurons;  // hidden: live neurons (register bit k = neurons[k])
  std::vector<int> unread_bits;        // register bits that the next layer never reads
  int depth = 0;                       // adder levels of the deepest tree
  int first_stage = 1;                 // register stages first_stage .. last_stage
  int last_stage = 1;                  // hidden: the activation register; output: scores or class
  bool folded = false;                 // fold > 1 (neurons are units; see VerilogNeuron::schedule)
};

// One comparator of the argmax tournament over (score, index) pairs. Leaf c is score c.
struct VerilogMax {
  int a = -1, b = -1;  // candidate indices in `VerilogPlan::argmax`; b holds the higher classes
  bool reg = false;    // a register of candidate a instead of a comparator
  int stage = 0;       // reg: the register stage
};

struct VerilogPlan {
  std::string module;       // legal Verilog module name (and file stem)
  std::string model;        // net.name
  std::string hash_hex;     // network_hash_hex(net)
  VerilogOptions options;
  int n_in = 0;
  int in_bits = 0;          // B: width of one feature
  int in_width = 0;         // N_IN * B
  int n_classes = 0;
  int class_width = 1;      // CW: bits of out_class
  bool binary = true;
  std::vector<VerilogLayer> hidden;
  VerilogLayer output;      // binary: one score; multiclass: one score per class
  int n_scores = 1;
  int score_width = 1;      // SW: every score on out_scores, two's complement
  std::vector<int> unread_inputs;     // features no live neuron reads
  std::vector<VerilogMax> argmax;     // multiclass: leaves 0..C-1 are the scores, root last
  std::vector<std::string> stages;    // one line per register stage, in order (for the header)
  int latency = 0;          // register stages = pipeline advances from acceptance to output
  int fold = 1;             // II: clocks per vector (options.fold)
  int slot_bits = 0;        // fold > 1: width of the slot counter (0 .. fold-1)
  int latency_cycles = 0;   // clocks from acceptance to output with out_ready high: latency * fold
  int out_width = 1;        // class, plus the scores when options.scores
};

// `net` must have passed verify_network (shapes and accumulator bounds are taken as checked).
// opt.pipeline_levels must be >= 0, opt.fold >= 1; fold > 1 needs pipeline_levels 0 and a hidden
// layer (a clear error otherwise).
VerilogPlan prepare_verilog(const Network& net, const VerilogOptions& opt = {});

// The nonzero canonical-signed-digit digits of c: c = sum sign * 2^shift, no two adjacent.
struct CsdDigit {
  int shift;
  bool neg;
};
std::vector<CsdDigit> csd_digits(int64_t c);

// Storage width of a node's range: unsigned bits when lo >= 0, else two's-complement bits.
int storage_bits(const Range& r);

// True when s is a reserved word of Verilog-2005 or SystemVerilog-2017.
bool is_verilog_keyword(const std::string& s);

}  // namespace hv

// Verilog backend, static checks: the plan (names, CSD digits, exact widths at every tree node,
// cuts and LATENCY), the emitted text (header, determinism), `verilator --lint-only -Wall` with no
// output at all, and Yosys synthesis with `check -assert` (no combinational loop, no undriven or
// multiply driven net) and no latches, for every hand-made network in verilog_nets.hpp under
// several option sets (pipeline levels, scores, AXI4-Stream, handshake).
#include <catch2/catch.hpp>

#include <map>

#include "backends/verilog/emit_verilog.hpp"
#include "backends/verilog/prepare_verilog.hpp"
#include "backends/verilog/sim_verilog.hpp"
#include "ir/bounds.hpp"
#include "ir/hash.hpp"
#include "ir/verify.hpp"
#include "support/cli.hpp"
#include "support/version.hpp"
#include "verilator/verilog_nets.hpp"

namespace {

using Kind = hv::VerilogNode::Kind;

std::vector<hv::Network> all_nets() {
  return {hvtest::binary_net(), hvtest::three_class_net(), hvtest::deep_net(), hvtest::extreme_net(),
          hvtest::tie_net(),    hvtest::keyword_net(),     hvtest::shared_net()};
}

std::vector<hv::VerilogOptions> option_sets() {
  hv::VerilogOptions plain, k1, k2, enable;
  k1.pipeline_levels = 1;
  k1.scores = true;
  k2.pipeline_levels = 2;
  k2.axis = true;
  k2.scores = true;
  enable.skid = false;
  enable.axis = true;
  enable.axis_packet = 3;
  k1.share_trees = true;
  enable.share_trees = true;
  return {plain, k1, k2, enable};
}

// The exact range of node e's stored value, recomputed independently from the leaves below it.
void leaf_sum(const hv::Network& net, size_t l, const hv::VerilogNeuron& n, int e, std::map<int, __int128>& c,
              __int128& k) {
  const hv::VerilogNode& x = n.nodes[e];
  int sign = x.neg ? -1 : 1;
  switch (x.kind) {
    case Kind::Input: c[x.src] += sign * (static_cast<__int128>(1) << x.shift); break;
    case Kind::Bit: c[x.src] += sign * static_cast<__int128>(x.value); break;
    case Kind::Const: k += sign * static_cast<__int128>(x.value); break;
    case Kind::Reg: leaf_sum(net, l, n, x.a, c, k); break;
    default: leaf_sum(net, l, n, x.a, c, k), leaf_sum(net, l, n, x.b, c, k);
  }
}

}  // namespace

TEST_CASE("csd_digits: canonical signed digits reproduce the value, none adjacent", "[verilog]") {
  for (int64_t c : {int64_t{1}, int64_t{-1}, int64_t{3}, int64_t{7}, int64_t{93}, int64_t{-115}, int64_t{255},
                    int64_t{1} << 40, (int64_t{1} << 40) - 1, int64_t{-4096}}) {
    INFO(c);
    __int128 v = 0;
    int last = -2;
    for (const auto& d : hv::csd_digits(c)) {
      v += (d.neg ? -1 : 1) * (static_cast<__int128>(1) << d.shift);
      CHECK(d.shift > last + 1);
      last = d.shift;
    }
    CHECK(v == c);
  }
  CHECK(hv::csd_digits(7).size() == 2);  // 8 - 1
  CHECK(hv::csd_digits(93).size() == 4);  // 128 - 32 - 4 + 1
}

TEST_CASE("prepare_verilog: every node is exactly as wide as its range; roots are z", "[verilog]") {
  for (const auto& net : all_nets())
    for (const auto& opt : option_sets()) {
      INFO(net.name << " levels " << opt.pipeline_levels);
      hv::verify_network(net, net.name);
      hv::VerilogPlan p = hv::prepare_verilog(net, opt);
      auto bounds = hv::layer_bounds(net);
      std::vector<const hv::VerilogLayer*> layers;
      for (const auto& l : p.hidden) layers.push_back(&l);
      layers.push_back(&p.output);
      for (size_t l = 0; l < layers.size(); ++l)
        for (const auto& n : layers[l]->neurons) {
          if (n.shared >= 0) {  // z = z_shared - threshold: the shared tree's range, moved
            const hv::VerilogNeuron& s = layers[l]->neurons[static_cast<size_t>(n.shared)];
            CHECK(s.shared < 0);
            CHECK(n.nodes.empty());
            CHECK(s.nodes[s.root].range.lo - n.threshold == bounds[l][n.index].lo);
            CHECK(s.nodes[s.root].range.hi - n.threshold == bounds[l][n.index].hi);
            continue;
          }
          const hv::VerilogNode& root = n.nodes[n.root];
          CHECK_FALSE(root.neg);
          CHECK(root.range.lo == bounds[l][n.index].lo);
          CHECK(root.range.hi == bounds[l][n.index].hi);
          CHECK(n.bound_bits == hv::signed_bits(bounds[l][n.index]));
          for (size_t e = 0; e < n.nodes.size(); ++e) {
            const hv::VerilogNode& x = n.nodes[e];
            CHECK(x.width == hv::storage_bits(x.range));
            if (static_cast<int>(e) != n.root && x.kind != Kind::Reg && x.kind != Kind::Sub) CHECK(x.range.lo >= 0);
            std::map<int, __int128> c;
            __int128 k = 0;
            leaf_sum(net, l, n, static_cast<int>(e), c, k);
            __int128 lo = k, hi = k, in_max = l == 0 ? net.input_max() : 1;
            for (auto& [src, coef] : c) (coef > 0 ? hi : lo) += coef * in_max;
            CHECK((x.neg ? -hi : lo) == x.range.lo);
            CHECK((x.neg ? -lo : hi) == x.range.hi);
          }
        }
      CHECK(p.score_width == hv::signed_bits(bounds.back()));
      CHECK(p.in_width == static_cast<int>(net.inputs.size()) * net.input_bits);
      CHECK((1 << p.class_width) >= p.n_classes);
    }
}

TEST_CASE("prepare_verilog: LATENCY counts one stage per layer, plus one per k tree levels", "[verilog]") {
  for (const auto& net : all_nets()) {
    INFO(net.name);
    hv::VerilogPlan p0 = hv::prepare_verilog(net);
    CHECK(p0.latency == static_cast<int>(net.hidden.size()) + (net.binary() ? 1 : 2));
    CHECK(p0.stages.size() == static_cast<size_t>(p0.latency));
    for (int k : {1, 2, 3}) {
      hv::VerilogOptions o;
      o.pipeline_levels = k;
      hv::VerilogPlan p = hv::prepare_verilog(net, o);
      int expect = 0;
      for (const auto& l : p.hidden) expect += 1 + (l.depth > 0 ? (l.depth - 1) / k : 0);
      expect += 1 + (p.output.depth > 0 ? (p.output.depth - 1) / k : 0);
      if (!net.binary()) {
        int d = 0;
        while ((1 << d) < p.n_classes) ++d;
        expect += 1 + (d - 1) / k;
      }
      CHECK(p.latency == expect);
      CHECK(p.stages.size() == static_cast<size_t>(p.latency));
      for (const auto& l : p.hidden)
        for (const auto& n : l.neurons)
          for (const auto& x : n.nodes)
            if (x.kind == Kind::Reg) CHECK((x.stage >= l.first_stage && x.stage < l.last_stage));
    }
  }
}

TEST_CASE("prepare_verilog: keywords are prefixed, dead logic is dropped", "[verilog]") {
  CHECK(hv::prepare_verilog(hvtest::keyword_net()).module == "hv_module");
  CHECK(hv::prepare_verilog(hvtest::binary_net()).module == "bin1");
  CHECK(hv::is_verilog_keyword("always_ff"));
  CHECK_FALSE(hv::is_verilog_keyword("tie"));
  hv::VerilogPlan p = hv::prepare_verilog(hvtest::tie_net());
  REQUIRE(p.hidden.size() == 1);
  CHECK(p.hidden[0].neurons.size() == 3);  // neuron 3 feeds no score
  CHECK(p.unread_inputs == std::vector<int>{2});
  const auto& constant = p.hidden[0].neurons[2];  // no weights: bias -1, then 0 - 1
  CHECK(constant.nodes[constant.root].range.hi < 0);
}

TEST_CASE("emit_verilog: header, file name, LATENCY and deterministic bytes", "[verilog]") {
  auto dir = hvtest::scratch("verilog_emit");
  for (const auto& net : all_nets()) {
    INFO(net.name);
    auto files = hv::emit_verilog(net, dir);
    REQUIRE(files.size() == 1);
    std::string text = hvtest::slurp(files[0]);
    std::string first = text.substr(0, text.find('\n'));
    CHECK(first == "// Generated by heaviside " + std::string(hv::kVersion) + " from model " + net.name +
                       " (hash " + hv::network_hash_hex(net) + "). Do not edit.");
    CHECK(files[0].filename() == hv::prepare_verilog(net).module + ".v");
    CHECK(text == hv::verilog_source(net));
    CHECK(text.find("localparam integer LATENCY = " + std::to_string(hv::prepare_verilog(net).latency) + ";") !=
          std::string::npos);
    CHECK(text.find(" * ") == std::string::npos);  // constants are shift-and-add, never a multiply
  }
  hv::VerilogOptions o;
  o.axis = true;
  o.scores = true;
  std::string axis = hv::verilog_source(hvtest::three_class_net(), o);
  hv::VerilogPlan p = hv::prepare_verilog(hvtest::three_class_net(), o);
  CHECK(p.out_width == p.class_width + 3 * p.score_width);
  int bytes = (p.out_width + 7) / 8 * 8;
  CHECK(axis.find("module three_axis (") != std::string::npos);
  CHECK(axis.find("output wire [" + std::to_string(bytes - 1) + ":0]  m_axis_tdata") != std::string::npos);
  CHECK(axis.find("output wire [" + std::to_string(3 * p.score_width - 1) + ":0]  out_scores,") != std::string::npos);
}

TEST_CASE("emit_verilog: verilator --lint-only -Wall reports nothing", "[verilog][lint]") {
  auto dir = hvtest::scratch("verilog_lint");
  for (const auto& net : all_nets())
    for (const auto& opt : option_sets()) {
      INFO(net.name << " levels " << opt.pipeline_levels << " axis " << opt.axis);
      auto file = hv::emit_verilog(net, dir, opt)[0];
      std::string top = hv::verilog_top(hv::prepare_verilog(net, opt));
      auto r = hvtest::run("verilator --lint-only -Wall --top-module " + top + " " + file.string());
      INFO(r.out);
      CHECK(r.code == 0);
      CHECK(r.out.empty());
      // The only waiver: extra modules share the design's file (DECLFILENAME), nothing else.
      std::string text = hvtest::slurp(file);
      size_t first = text.find("lint_off");
      CHECK(text.compare(first, 21, "lint_off DECLFILENAME") == 0);
      CHECK(text.find("lint_off", first + 1) == std::string::npos);
    }
}

TEST_CASE("verilog_ports and the Verilator testbench top match the design's ports", "[verilog][lint]") {
  // The testbench top declares verilog_ports() and connects each to the design by name: a wrong
  // name is an error, a wrong width a WIDTH warning; -Wall must stay silent.
  auto dir = hvtest::scratch("verilog_tb_top");
  for (const auto& net : all_nets())
    for (const auto& opt : option_sets()) {
      INFO(net.name << " levels " << opt.pipeline_levels << " axis " << opt.axis << " scores " << opt.scores);
      hv::VerilogPlan plan = hv::prepare_verilog(net, opt);
      auto file = hv::emit_verilog(net, dir, opt)[0];
      auto tb = dir / "tb_top.v";
      hvtest::write(tb, hv::testbench_top(plan));
      auto r = hvtest::run("verilator --lint-only -Wall --top-module " + hv::testbench_top_name(plan) + " " +
                           file.string() + " " + tb.string());
      INFO(r.out);
      CHECK(r.code == 0);
      CHECK(r.out.empty());
      size_t in = 0, out = 0;
      for (const auto& port : hv::verilog_ports(plan)) (port.output ? out : in) += 1;
      // AXI4-Stream: tready, tvalid, tdata, tlast, and tkeep when tdata is wider than a byte.
      bool keep = (plan.out_width + 7) / 8 > 1;
      CHECK(out == (opt.axis ? (keep ? 5u : 4u) : opt.scores ? 4u : 3u));
      CHECK(in == (opt.axis ? 6u : 5u));
    }
}

TEST_CASE("emit_verilog: the hand-written modules lint on their own", "[verilog][lint]") {
  for (const char* f : {"hv_pipe_ctrl.v", "hv_max2.v"}) {
    auto r = hvtest::run("verilator --lint-only -Wall " + hvtest::source(std::string("templates/verilog/") + f).string());
    INFO(f << "\n" << r.out);
    CHECK(r.code == 0);
    CHECK(r.out.empty());
  }
}

TEST_CASE("emit_verilog: Yosys synthesizes with no latch and no combinational loop", "[verilog][yosys]") {
  auto dir = hvtest::scratch("verilog_yosys");
  auto opts = option_sets();
  auto nets = all_nets();
  for (size_t i = 0; i < nets.size(); ++i) {
    const auto& opt = opts[i % opts.size()];
    INFO(nets[i].name << " levels " << opt.pipeline_levels);
    auto file = hv::emit_verilog(nets[i], dir, opt)[0];
    std::string top = hv::verilog_top(hv::prepare_verilog(nets[i], opt));
    auto r = hvtest::run("yosys -q -p 'read_verilog " + file.string() + "; synth -top " + top +
                         "; check -assert; select -assert-none t:$dlatch t:$adlatch t:$_DLATCH_*'");
    INFO(r.out);
    CHECK(r.code == 0);
  }
}

TEST_CASE("prepare_verilog: neurons with equal weights share one tree when share_trees is on", "[verilog]") {
  hv::Network net = hvtest::shared_net();
  hv::VerilogOptions on;
  on.share_trees = true;
  hv::VerilogPlan p = hv::prepare_verilog(net, on);
  std::vector<int> shared;
  for (const auto& n : p.hidden[0].neurons) shared.push_back(n.shared);
  CHECK(shared == std::vector<int>{-1, -1, -1, 0, -1, 0, 1, 0});
  CHECK(p.hidden[1].neurons[2].shared == 0);
  CHECK(p.hidden[1].neurons[2].threshold == 1);
  std::string text = hv::verilog_text(p);
  CHECK(text.find("assign h1_d[7] = 1'b1;") != std::string::npos);  // bias + 100000: always fires
  CHECK(text.find("assign h1_d[3] = ($signed(h1_0_z) >= -") != std::string::npos);
  CHECK(text.find("wire [") != std::string::npos);
  CHECK(text.find(" h1_3_z") == std::string::npos);  // no tree of its own
  hv::VerilogPlan q = hv::prepare_verilog(net);  // off by default
  for (const auto& l : q.hidden)
    for (const auto& n : l.neurons) CHECK(n.shared == -1);
  CHECK(hv::verilog_text(q).find(" h1_3_z") != std::string::npos);
}

// Folding (VerilogOptions::fold = k, II = k): the plan schedules every built neuron exactly once
// (unit, slot), the folded design agrees with the reference on every vector under random stalls on
// both handshakes at k = 2, 3, 4, 8 and at k larger than a layer's width, on the hand-made and on
// seeded random networks (dense and sparse ternary), with plain and AXI4-Stream ports, scores,
// skid and enable handshakes; it lints clean under -Wall, the integration kit passes in Icarus at
// k = 4, and k = 1 is the unfolded design.
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

#include "backends/verilog/emit_verilog.hpp"
#include "backends/verilog/prepare_verilog.hpp"
#include "backends/verilog/sim_verilog.hpp"
#include "ir/verify.hpp"
#include "support/cli.hpp"
#include "support/diagnostics.hpp"
#include "vectors.hpp"
#include "verilator/verilog_nets.hpp"

namespace fs = std::filesystem;

namespace {

uint64_t next(uint64_t& s) {  // splitmix64
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A seeded random network: `ternary` gives sparse {-1, 0, 1} first-layer weights (about a third
// nonzero), else dense weights in [-40, 40]; later layers small integers with zeros.
hv::Network random_net(uint64_t seed, int n_in, int bits, std::vector<int> widths, int classes, bool ternary) {
  hv::Network n = hvtest::base_net("rnd" + std::to_string(seed), n_in, bits, classes);
  uint64_t s = seed;
  int prev = n_in;
  auto layer = [&](int n_out, bool first) {
    hv::Layer l;
    l.n_in = prev;
    l.n_out = n_out;
    for (int j = 0; j < n_out; ++j) {
      for (int i = 0; i < prev; ++i) {
        int64_t w = 0;
        if (first && ternary) w = next(s) % 3 == 0 ? (next(s) % 2 ? 1 : -1) : 0;
        else if (first) w = static_cast<int64_t>(next(s) % 81) - 40;
        else w = next(s) % 4 == 0 ? 0 : static_cast<int64_t>(next(s) % 15) - 7;
        l.weights.push_back(w);
      }
      int64_t span = first ? (ternary ? 2 : 40) * ((1 << bits) - 1) : 6;
      l.bias.push_back(static_cast<int64_t>(next(s) % static_cast<uint64_t>(2 * span + 1)) - span);
    }
    prev = n_out;
    return l;
  };
  for (size_t h = 0; h < widths.size(); ++h) n.hidden.push_back(layer(widths[h], h == 0));
  n.output = layer(classes == 2 ? 1 : classes, false);
  hv::verify_network(n, "random_net");
  return n;
}

hv::VerilogOptions folded(int k, bool scores = false, bool axis = false, bool skid = true) {
  hv::VerilogOptions o;
  o.fold = k;
  o.scores = scores;
  o.axis = axis;
  o.skid = skid;
  return o;
}

// Emits, simulates in Verilator with 25% random stalls on in_valid and out_ready, checks.
void check_sim(const hv::Network& net, const hv::VerilogOptions& opt, const std::string& tag, uint64_t seed = 5) {
  INFO(tag << " fold " << opt.fold);
  fs::path dir = hvtest::scratch("fold_" + tag);
  fs::path rtl = hv::emit_verilog(net, dir, opt)[0];
  hv::VectorSet vs = hv::make_vectors(net, {}, 0, seed);
  hv::add_tie_vectors(net, vs, 100, seed);
  hv::add_random_vectors(net, vs, 700, seed);
  hvtest::write(dir / "v.txt", hv::vectors_text(net, vs));
  hv::VerilogSimOptions so;
  so.seed = seed;
  so.verilog = opt;
  hv::CheckReport r = hv::simulate_verilog(net, rtl, dir / "v.txt", dir / "work", so);
  INFO(r.details << r.log);
  CHECK(r.ran);
  CHECK(r.vectors == vs.inputs.size());
  CHECK(r.mismatches == 0);
}

}  // namespace

TEST_CASE("fold: every built neuron has exactly one unit and slot, LATENCY and II", "[verilog][fold]") {
  for (int k : {2, 3, 4, 8, 16}) {
    hv::Network net = random_net(11, 6, 4, {13, 5}, 3, false);
    hv::VerilogPlan p = hv::prepare_verilog(net, folded(k));
    INFO("k " << k);
    CHECK(p.fold == k);
    CHECK(p.latency == 5);  // input register, two hidden layers, scores, argmax
    CHECK(p.latency_cycles == p.latency * k);
    REQUIRE(p.hidden.size() == 2);
    for (size_t l = 0; l < 2; ++l) {
      const auto& layer = p.hidden[l];
      int n = net.hidden[l].n_out;
      CHECK(layer.folded);
      CHECK(static_cast<int>(layer.neurons.size()) == (n + k - 1) / k);
      std::set<int> seen;
      for (const auto& u : layer.neurons) {
        REQUIRE(u.schedule.size() == static_cast<size_t>(k));
        for (const auto& s : u.schedule)
          if (s.neuron >= 0) CHECK(seen.insert(s.neuron).second);
      }
      CHECK(static_cast<int>(seen.size()) == n);
    }
    std::string text = hv::verilog_text(p);
    CHECK(text.find("localparam integer LATENCY = " + std::to_string(p.latency * k) + ";") != std::string::npos);
    CHECK(text.find("localparam integer II = " + std::to_string(k) + ";") != std::string::npos);
    CHECK(text.find("_fold_ctrl #(") != std::string::npos);
  }
  // k = 1 is the unfolded design.
  hv::VerilogOptions one;
  one.fold = 1;
  CHECK(hv::verilog_source(hvtest::deep_net(), one) == hv::verilog_source(hvtest::deep_net(), {}));
  CHECK(hv::verilog_source(hvtest::deep_net(), one).find("_fold_ctrl") == std::string::npos);
}

TEST_CASE("fold: layer 0 units multiply dense weights and keep shift-add for ternary ones", "[verilog][fold]") {
  auto kinds = [](const hv::VerilogPlan& p) {
    std::set<hv::VerilogNode::Kind> k;
    for (const auto& u : p.hidden[0].neurons)
      for (const auto& x : u.nodes) k.insert(x.kind);
    return k;
  };
  // Dense 7-bit weights, 16 neurons a unit: one multiplier per feature beats ~7 digits per feature.
  auto dense = kinds(hv::prepare_verilog(random_net(41, 6, 8, {32}, 3, false), folded(16)));
  CHECK(dense.count(hv::VerilogNode::Kind::Mul) == 1);
  CHECK(dense.count(hv::VerilogNode::Kind::Input) == 0);
  // Ternary weights: a digit leaf is the feature itself; a multiplier would only add.
  auto ternary = kinds(hv::prepare_verilog(random_net(42, 9, 4, {32}, 3, true), folded(16)));
  CHECK(ternary.count(hv::VerilogNode::Kind::Mul) == 0);
  CHECK(ternary.count(hv::VerilogNode::Kind::Input) == 1);
}

TEST_CASE("fold: folding needs one stage per layer", "[verilog][fold]") {
  hv::VerilogOptions o = folded(4);
  o.pipeline_levels = 1;
  CHECK_THROWS_WITH(hv::prepare_verilog(hvtest::deep_net(), o),
                    Catch::Contains("folding needs one register stage per layer (pipeline levels 0)"));
}

TEST_CASE("fold: the hand-made networks agree at k = 2, 3, 4, 8 under stalls", "[verilog][fold][sim]") {
  check_sim(hvtest::binary_net(), folded(2, true), "bin2");
  check_sim(hvtest::three_class_net(), folded(3, true, true, false), "three3_axis_enable");
  check_sim(hvtest::deep_net(), folded(4, true), "deep4");
  check_sim(hvtest::extreme_net(), folded(8, true, false, false), "extreme8_enable");  // k > every layer's width
  check_sim(hvtest::tie_net(), folded(3, true), "tie3");
}

TEST_CASE("fold: random dense and sparse ternary networks agree, k up to beyond the width", "[verilog][fold][sim]") {
  check_sim(random_net(21, 9, 4, {37}, 6, true), folded(4, true), "rnd_ternary4");
  check_sim(random_net(22, 7, 8, {19, 6}, 4, false), folded(8, true, true), "rnd_dense8_axis");
  check_sim(random_net(23, 5, 6, {9}, 2, false), folded(16, true), "rnd_binary16");  // 16 > 9 neurons
  // A layer-0 leaf wider than its sum (it is cut by name): two hidden layers, 4-bit inputs, k = 2.
  check_sim(random_net(11, 6, 4, {13, 5}, 3, false), folded(2, true), "rnd_cut2");
}

TEST_CASE("fold: verilator --lint-only -Wall reports nothing", "[verilog][fold][lint]") {
  auto dir = hvtest::scratch("fold_lint");
  std::vector<hv::Network> nets = {hvtest::binary_net(), hvtest::deep_net(), hvtest::extreme_net(), hvtest::tie_net(),
                                   random_net(31, 9, 4, {20}, 6, true), random_net(11, 6, 4, {13, 5}, 3, false)};
  for (const auto& net : nets)
    for (int k : {2, 3, 4, 8})
      for (bool axis : {false, true}) {
        hv::VerilogOptions o = folded(k, axis, axis, !axis);
        INFO(net.name << " fold " << k << " axis " << axis);
        auto file = hv::emit_verilog(net, dir, o)[0];
        std::string top = hv::verilog_top(hv::prepare_verilog(net, o));
        auto r = hvtest::run("verilator --lint-only -Wall --top-module " + top + " " + file.string());
        INFO(r.out);
        CHECK(r.code == 0);
        CHECK(r.out.empty());
      }
  auto r = hvtest::run("verilator --lint-only -Wall " + hvtest::source("templates/verilog/hv_fold_ctrl.v").string());
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(r.out.empty());
}

TEST_CASE("fold: the kit testbench passes in Icarus at k = 4 and states II", "[verilog][fold][kit][icarus]") {
  hv::VerilogOptions o = folded(4, true);
  o.kit = true;
  o.kit_vectors = 40;
  hv::Network net = hvtest::deep_net();
  fs::path out = hvtest::scratch("fold_kit");
  hv::emit_verilog(net, out, o);
  hv::VerilogPlan p = hv::prepare_verilog(net, o);
  fs::path kit = out / (p.module + "_kit");
  std::string vh = hvtest::slurp(kit / (p.module + ".vh"));
  CHECK(vh.find("_II 4\n") != std::string::npos);
  CHECK(vh.find("_LATENCY " + std::to_string(p.latency * 4) + "\n") != std::string::npos);
  auto r = hvtest::run("cd " + kit.string() + " && sh run.sh 2>&1");
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(r.out.find("PASS ") != std::string::npos);
}

TEST_CASE("fold: simulate_icarus agrees at k = 3", "[verilog][fold][icarus]") {
  hv::Network net = hvtest::three_class_net();
  hv::VerilogOptions o = folded(3, true);
  fs::path dir = hvtest::scratch("fold_icarus");
  fs::path rtl = hv::emit_verilog(net, dir, o)[0];
  hv::VectorSet vs = hv::make_vectors(net, {}, 0, 3);
  hv::add_tie_vectors(net, vs, 20, 3);
  hv::add_random_vectors(net, vs, 200, 3);
  hvtest::write(dir / "v.txt", hv::vectors_text(net, vs));
  hv::VerilogSimOptions so;
  so.seed = 3;
  so.verilog = o;
  hv::CheckReport r = hv::simulate_icarus(net, hv::prepare_verilog(net, o), rtl, dir / "v.txt", dir / "work", so);
  INFO(r.details << r.log);
  CHECK(r.ran);
  CHECK(r.vectors == vs.inputs.size());
  CHECK(r.mismatches == 0);
}

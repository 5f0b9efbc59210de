// The mutation gate in CI (mutate.hpp): on seeded random networks and on models trained from the
// bundled iris, wine and breast-cancer data (a few features, few input bits, so that every input
// can be enumerated to decide a survivor), every single-constant +-1 change, every comparator flip
// and the argmax tie-rule flip in the generated C, and a bounded set in the generated Verilog, must
// be caught by the verifier or shown equivalent on every input. 100% or the test fails.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "firmware/c_nets.hpp"
#include "frontend/hnet_parse.hpp"
#include "mutation/mutate.hpp"
#include "support/cli.hpp"

namespace {

namespace fs = std::filesystem;

// A model trained by the real CLI on `columns` (0-based) of a bundled dataset plus its label.
hv::Network trained(const std::string& example, std::vector<int> columns, int input_bits, const std::string& beta_rel) {
  fs::path dir = hvtest::scratch("mutation_train_" + example);
  std::ifstream in(std::string(HV_SOURCE_DIR) + "/examples/" + example + "/" + example + ".csv");
  std::string line, out;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    for (int c : columns) out += f.at(static_cast<size_t>(c)) + ",";
    out += f.back() + "\n";
  }
  hvtest::write(dir / "data.csv", out);
  auto r = hvtest::heaviside("train " + (dir / "data.csv").string() + " --input-bits " + std::to_string(input_bits) +
                             " --beta-rel " + beta_rel + " --name m" + example + " -o " + (dir / "m.hnet").string());
  INFO(r.out);
  REQUIRE(r.code == 0);
  return hv::parse_hnet(hvtest::slurp(dir / "m.hnet"), (dir / "m.hnet").string());
}

void require_gate(const hv::Network& net, const std::string& target, size_t limit = 0) {
  hvtest::GateResult g = hvtest::mutation_gate(net, target, hvtest::scratch("mutation_" + target + "_" + net.name),
                                               100, limit);
  std::string equivalent;
  for (const auto& e : g.equivalent_list) equivalent += "\n  " + e;
  WARN(net.name << " " << target << ": " << g.summary() << " (" << g.seconds << " s); equivalent:" << equivalent);
  std::string missed;
  for (const auto& m : g.missed_list) missed += "\n  " + m;
  INFO("missed:" << missed);
  CHECK(g.mutants > 10);
  CHECK(g.missed == 0);
  CHECK(g.caught + g.equivalent == g.mutants);
}

}  // namespace

TEST_CASE("mutation gate, C: seeded random binary network", "[mutation][c][random]") {
  require_gate(hvtest::random_net("mbin", 3, {5}, 2, 5, 12, 21), "c");
}

TEST_CASE("mutation gate, C: seeded random three-class network", "[mutation][c][random]") {
  require_gate(hvtest::random_net("mtri", 2, {6}, 3, 6, 12, 22), "c");
}

TEST_CASE("mutation gate, C: seeded random network with two hidden layers", "[mutation][c][random]") {
  require_gate(hvtest::random_net("mdeep", 3, {4, 3}, 4, 4, 8, 23), "c");
}

// CI runs a bounded, evenly spread set per bundled model (every k-th mutant, about 50); the hidden
// [mutation-full] case runs them all (docs/VERIFY.md has its figures).
TEST_CASE("mutation gate, C: models trained on bundled iris, wine and breast cancer", "[mutation][c][bundled]") {
  require_gate(trained("iris", {0, 1, 2, 3}, 4, "0.1"), "c", 50);
  require_gate(trained("wine", {0, 6, 9}, 5, "0.1"), "c", 50);
  require_gate(trained("breast_cancer", {0, 1, 7}, 5, "0.1"), "c", 50);
}

TEST_CASE("mutation gate, C: every mutant of the bundled models", "[.][mutation-full]") {
  require_gate(trained("iris", {0, 1, 2, 3}, 4, "0.1"), "c");
  require_gate(trained("wine", {0, 6, 9}, 5, "0.1"), "c");
  require_gate(trained("breast_cancer", {0, 1, 7}, 5, "0.1"), "c");
}

TEST_CASE("mutation gate, Verilog (Icarus): a random network and the iris model", "[mutation][verilog]") {
  require_gate(hvtest::random_net("vtri", 2, {4}, 3, 5, 10, 31), "verilog", 60);
  require_gate(trained("iris", {0, 1, 2, 3}, 3, "0.2"), "verilog", 60);
}

TEST_CASE("mutation gate: the mutators find the constants, comparators and the tie rule", "[mutation]") {
  std::vector<hvtest::Mutant> c = hvtest::c_mutants(
      "/* 5 > 3 */\n#include <x.h>\nstatic const int8_t w[2] = {-5, 0x7fu};\nstatic const double lo[4] = {-1.5, 1e-05, .5, 2};\nint f(int a) {\n"
      "    for (k = 0; k > 3; ++k) { }\n    if (a >= 0) { return a > b; }\n    return a >> 2;\n}\n");
  std::vector<std::string> what;
  for (const auto& m : c) what.push_back(m.what);
  CHECK(what == std::vector<std::string>{"line 3: -5 -> -4", "line 3: -5 -> -6", "line 3: 0x7fu -> 0x80u",
                                         "line 3: 0x7fu -> 0x7eu", "line 7: >= -> >", "line 7: > -> >="});
  std::vector<hvtest::Mutant> v = hvtest::verilog_mutants(
      "  // 3'h2 > 1\n  wire [3:0] a = {1'd0, q} + 4'h3;\n  assign h_d[0] = ~a[3];\n"
      "  wire w = $signed(b) > $signed(a);\n  assign x = y >> 1;\n  always @(posedge clk) r <= a;\n");
  what.clear();
  for (const auto& m : v) what.push_back(m.what);
  CHECK(what == std::vector<std::string>{"line 2: 4'h3 -> 4'h4", "line 2: 4'h3 -> 4'h2",
                                         "line 3: ~a[3] -> (~a[3] & (|a))", "line 4: > -> >="});
}

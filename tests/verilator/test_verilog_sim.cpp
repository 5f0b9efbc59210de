// Verilog backend, dynamic checks: every hand-made network, built with Verilator and driven with
// random stalls on both handshakes, agrees with the reference on every vector. The checker itself is
// tested too: a corrupted expected class and a corrupted RTL constant must both be caught.
#include <catch2/catch.hpp>

#include <chrono>

#include "backends/verilog/emit_verilog.hpp"
#include "backends/verilog/prepare_verilog.hpp"
#include "backends/verilog/sim_verilog.hpp"
#include "support/cli.hpp"
#include "vectors.hpp"
#include "verilator/verilog_nets.hpp"

namespace {

namespace fs = std::filesystem;

struct Sim {
  hv::CheckReport report;
  fs::path rtl;
  fs::path vectors;
};

// Emits `net` and its vectors (`rows` + 3000 random) into a scratch dir, optionally lets `edit`
// change the vector text or the RTL text, then simulates.
Sim simulate(const hv::Network& net, const std::string& tag, const std::vector<std::vector<int64_t>>& rows = {},
             std::string (*edit_vectors)(const std::string&) = nullptr,
             std::string (*edit_rtl)(const std::string&) = nullptr, uint64_t seed = 7) {
  Sim s;
  fs::path dir = hvtest::scratch("verilog_sim_" + tag);
  s.rtl = hv::emit_verilog(net, dir)[0];
  if (edit_rtl) hvtest::write(s.rtl, edit_rtl(hvtest::slurp(s.rtl)));
  std::string text = hv::vectors_text(net, hv::make_vectors(net, rows, 3000, seed));
  s.vectors = dir / "vectors.txt";
  hvtest::write(s.vectors, edit_vectors ? edit_vectors(text) : text);
  hv::VerilogSimOptions opt;
  opt.seed = seed;
  s.report = hv::simulate_verilog(net, s.rtl, s.vectors, dir / "work", opt);
  return s;
}

void check_clean(const Sim& s, size_t vectors) {
  INFO(s.report.details << s.report.log);
  CHECK(s.report.target == "verilog (verilator)");
  CHECK(s.report.ran);
  CHECK(s.report.vectors == vectors);
  CHECK(s.report.mismatches == 0);
  CHECK(s.report.first_bad.empty());
}

// Vector 5 (0-based) gets a different expected class.
std::string corrupt_class_of_vector_5(const std::string& text) {
  size_t line = 0;
  for (int k = 0; k < 5; ++k) line = text.find('\n', line) + 1;
  size_t eol = text.find('\n', line);
  std::string fields = text.substr(line, eol - line);
  // inputs q0..q3 of binary_net, then the class
  size_t at = 0;
  for (int k = 0; k < 4; ++k) at = fields.find(' ', at) + 1;
  std::string out = text;
  out[line + at] = fields[at] == '0' ? '1' : '0';
  return out;
}

// The output bias of binary_net (3, at the score width) replaced by -3.
std::string corrupt_output_bias(const std::string& rtl) {
  hv::VerilogPlan p = hv::prepare_verilog(hvtest::binary_net());
  int w = p.output.neurons[0].width;
  std::string from = "o_z0 = " + std::to_string(w) + "'sh3\n";
  uint64_t minus3 = ((uint64_t{1} << w) - 3);
  char hex[32];
  std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(minus3));
  size_t at = rtl.find(from);
  if (at == std::string::npos) return "output bias literal not found";
  std::string out = rtl;
  out.replace(at, from.size(), "o_z0 = " + std::to_string(w) + "'sh" + hex + "\n");
  return out;
}

}  // namespace

TEST_CASE("simulate_verilog: binary, one hidden layer", "[verilog][sim]") {
  check_clean(simulate(hvtest::binary_net(), "binary"), 3000);
}

TEST_CASE("simulate_verilog: three classes with tied scores", "[verilog][sim]") {
  check_clean(simulate(hvtest::three_class_net(), "three"), 3000);
}

TEST_CASE("simulate_verilog: two hidden layers, four classes", "[verilog][sim]") {
  check_clean(simulate(hvtest::deep_net(), "deep"), 3000);
}

TEST_CASE("simulate_verilog: weights of 2^20 on 12-bit inputs (wide port)", "[verilog][sim]") {
  check_clean(simulate(hvtest::extreme_net(), "extreme"), 3000);
}

TEST_CASE("simulate_verilog: z == 0 fires; dead neurons and unread inputs", "[verilog][sim]") {
  auto rows = hvtest::tie_rows();
  check_clean(simulate(hvtest::tie_net(), "tie", rows), 3000 + rows.size());
}

TEST_CASE("simulate_verilog: keyword model name, 120-bit port", "[verilog][sim]") {
  check_clean(simulate(hvtest::keyword_net(), "keyword"), 3000);
}

TEST_CASE("simulate_verilog: a wrong expected class is reported with its index", "[verilog][sim]") {
  Sim s = simulate(hvtest::binary_net(), "bad_vector", {}, corrupt_class_of_vector_5);
  INFO(s.report.details << s.report.log);
  CHECK(s.report.ran);
  CHECK(s.report.vectors == 3000);
  CHECK(s.report.mismatches == 1);
  CHECK(s.report.first_bad == std::vector<size_t>{5});
  CHECK(s.report.details.rfind("mismatch vector 5: expected class ", 0) == 0);
}

TEST_CASE("simulate_verilog: a changed constant in the RTL is caught", "[verilog][sim]") {
  Sim s = simulate(hvtest::binary_net(), "bad_rtl", {}, nullptr, corrupt_output_bias);
  REQUIRE(hvtest::slurp(s.rtl) != "output bias literal not found");
  INFO(s.report.details << s.report.log);
  CHECK(s.report.ran);
  CHECK(s.report.mismatches > 0);
  CHECK(!s.report.first_bad.empty());
  CHECK(s.report.first_bad.size() <= 10);
}

TEST_CASE("simulate_verilog: a threshold that does not fire at z == 0 is caught", "[verilog][sim]") {
  Sim s = simulate(hvtest::tie_net(), "bad_tie", hvtest::tie_rows(), nullptr, [](const std::string& rtl) {
    std::string out = rtl;
    size_t at = out.find("h1_z0 >= ");
    if (at != std::string::npos) out.replace(at, 9, "h1_z0 > ");
    return out;
  });
  INFO(s.report.details << s.report.log);
  CHECK(s.report.ran);
  CHECK(s.report.mismatches > 0);
  CHECK(s.report.first_bad.at(0) == 0);  // data row 1 is q0 = 100, the tie
}

TEST_CASE("simulate_verilog: a pipeline that never delivers is reported as a hang", "[verilog][sim]") {
  Sim s = simulate(hvtest::binary_net(), "hang", {}, nullptr, [](const std::string& rtl) {
    std::string out = rtl;
    size_t at = out.find("assign out_valid = valid[STAGES-1];");
    if (at != std::string::npos) out.replace(at, 35, "assign out_valid = 1'b0;");
    return out;
  });
  INFO(s.report.details << s.report.log);
  CHECK(s.report.ran);
  CHECK(s.report.mismatches == 3000);
  CHECK(s.report.details.find("hang: no output for ") != std::string::npos);
}

TEST_CASE("simulate_verilog: trace writes a VCD", "[verilog][sim]") {
  hv::Network net = hvtest::three_class_net();
  fs::path dir = hvtest::scratch("verilog_sim_trace");
  fs::path rtl = hv::emit_verilog(net, dir)[0];
  hvtest::write(dir / "v.txt", hv::vectors_text(net, hv::make_vectors(net, {}, 50, 1)));
  hv::VerilogSimOptions opt;
  opt.trace = true;
  hv::CheckReport r = hv::simulate_verilog(net, rtl, dir / "v.txt", dir / "work", opt);
  INFO(r.details << r.log);
  CHECK(r.ran);
  CHECK(r.mismatches == 0);
  CHECK(hvtest::slurp(dir / "work" / "trace.vcd").find("out_class") != std::string::npos);
}

TEST_CASE("simulate_verilog: a broken build is reported, not run", "[verilog][sim]") {
  Sim s = simulate(hvtest::binary_net(), "bad_build", {}, nullptr,
                   [](const std::string& rtl) { return rtl + "\nthis is not verilog\n"; });
  CHECK_FALSE(s.report.ran);
  CHECK(s.report.log.find("verilator") != std::string::npos);
}

TEST_CASE("simulate_verilog: speed on a large vector file", "[.][verilog][perf]") {
  hv::Network net = hvtest::binary_net();
  fs::path dir = hvtest::scratch("verilog_perf");
  fs::path rtl = hv::emit_verilog(net, dir)[0];
  fs::path vec = dir / "vectors.txt";
  hvtest::write(vec, hv::vectors_text(net, hv::make_vectors(net, {}, 2000000, 3)));
  auto t0 = std::chrono::steady_clock::now();
  hv::CheckReport r = hv::simulate_verilog(net, rtl, vec, dir / "work", {});
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  WARN("build + run " << total << " s; testbench: " << hvtest::slurp(dir / "work" / "run.log"));
  CHECK(r.mismatches == 0);
  CHECK(r.vectors == 2000000);
}

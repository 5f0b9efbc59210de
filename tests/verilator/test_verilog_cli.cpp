// The Verilog options and `heaviside report` through the CLI: compile prints LATENCY, verify
// prints its tie vectors and passes with every option set, report writes its table and JSON, and
// each user-facing error of these options has its exact message and exit code 1.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "ir/print.hpp"
#include "support/cli.hpp"
#include "verilator/verilog_nets.hpp"

namespace fs = std::filesystem;

namespace {
using hvtest::expect_error;

fs::path model(const hv::Network& net, const std::string& tag) {
  fs::path p = hvtest::scratch("verilog_cli_" + tag) / (net.name + ".hnet");
  hvtest::write(p, hv::print_network(net));
  return p;
}


}  // namespace

TEST_CASE("cli: Verilog option errors", "[verilog][cli]") {
  std::string m = model(hvtest::binary_net(), "errors").string();
  expect_error("compile " + m + " --handshake maybe", "error: option --handshake is 'maybe', expected skid or enable");
  expect_error("verify " + m + " --handshake maybe", "error: option --handshake is 'maybe', expected skid or enable");
  expect_error("compile " + m + " --pipeline-levels 65", "error: option --pipeline-levels is 65, expected 0..64");
  expect_error("compile " + m + " --pipeline-levels x", "error: option --pipeline-levels expects an integer, found 'x'");
  expect_error("report " + m + " --device ecp5", "error: option --device is 'ecp5', expected hx8k or up5k");
  expect_error("report " + m + " --freq 0", "error: option --freq must be in (0, 2000] MHz");
  expect_error("report", "error: 'heaviside report' needs <model.hnet>; usage: heaviside report <model.hnet> [options]");
  fs::path work = hvtest::scratch("verilog_cli_noyosys");
  auto r = hvtest::run("PATH=/nonexistent " + std::string(HV_BIN) + " report " + m + " --work " + work.string());
  CHECK(r.code == 1);
  CHECK(r.out == "error: cannot run yosys (yosys: No such file or directory); is it installed and on PATH?\n");
  auto h = hvtest::heaviside("report --help");
  CHECK(h.code == 0);
  CHECK(h.out.find("usage: heaviside report") != std::string::npos);
}

TEST_CASE("cli: compile prints LATENCY; verify counts tie vectors and passes with all options", "[verilog][cli]") {
  std::string m = model(hvtest::deep_net(), "verify").string();
  fs::path out = hvtest::scratch("verilog_cli_out");
  auto c = hvtest::heaviside("compile " + m + " -o " + out.string() + " --target verilog --pipeline-levels 1 --axis");
  INFO(c.out);
  CHECK(c.code == 0);
  CHECK(c.out.find("verilog: LATENCY 13 cycles, II 1\n") != std::string::npos);
  auto v = hvtest::heaviside("verify " + m + " --target verilog --random 500 --ties 40 --pipeline-levels 2 --scores "
                             "--axis --handshake enable --icarus --work " + (out / "verify").string());
  INFO(v.out);
  CHECK(v.code == 0);
  CHECK(v.out.find("verify deep2: 500 vectors (0 data rows, 40 at a tie z = 0, 460 random)") != std::string::npos);
  CHECK(v.out.find("verilog (verilator): 500 vectors, 0 mismatches") != std::string::npos);
  CHECK(v.out.find("verilog (icarus):    500 vectors, 0 mismatches") != std::string::npos);
}

TEST_CASE("cli: report prints Yosys counts and writes JSON", "[verilog][cli][yosys]") {
  std::string m = model(hvtest::binary_net(), "report").string();
  fs::path work = hvtest::scratch("verilog_cli_report_work");
  auto r = hvtest::heaviside("report " + m + " --no-pnr --work " + work.string() + " --json " +
                             (work / "r.json").string());
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(r.out.find("report bin1: 4 threshold neurons, LATENCY 2 cycles, II 1 (pipeline levels 0, skid handshake)") !=
        std::string::npos);
  CHECK(r.out.find("| yosys synth_ice40 | ") != std::string::npos);
  CHECK(r.out.find("| yosys synth_xilinx | ") != std::string::npos);
  std::string json = hvtest::slurp(work / "r.json");
  CHECK(json.find("\"model\": \"bin1\"") != std::string::npos);
  CHECK(json.find("\"latency_cycles\": 2") != std::string::npos);
  CHECK(json.find("\"ii\": 1,") != std::string::npos);
  CHECK(json.find("\"status\": \"skipped\"") != std::string::npos);
  CHECK(json.find("\"lut4\": 0,") == std::string::npos);
  // synth_xilinx keeps the hierarchy: only its totals count (not each module and then the sum).
  auto j = nlohmann::json::parse(json);
  CHECK(j["ice40"]["dff"] == 9);
  CHECK(j["xilinx"]["ff"] == 9);
}

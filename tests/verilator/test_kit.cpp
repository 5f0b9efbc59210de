// The integration kit (`compile --kit`): copied away from the build tree, its testbench runs from
// its own folder with only Icarus Verilog (and a POSIX shell) on PATH, passes on the generated
// design, and fails when an expected output is wrong. The header and package state LATENCY and
// the widths the plan has; the same testbench passes in Verilator.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "backends/verilog/emit_verilog.hpp"
#include "backends/verilog/prepare_verilog.hpp"
#include "support/cli.hpp"
#include "verilator/verilog_nets.hpp"

namespace fs = std::filesystem;

namespace {

// A folder holding only the programs run.sh needs besides Icarus: sh, dirname, tee, grep.
fs::path minimal_path() {
  fs::path bin = hvtest::scratch("kit_bin");
  for (const char* tool : {"sh", "dirname", "tee", "grep", "iverilog", "vvp"}) {
    auto r = hvtest::run(std::string("command -v ") + tool);
    REQUIRE(r.code == 0);
    std::string where = r.out.substr(0, r.out.find('\n'));
    fs::create_symlink(where, bin / tool);
  }
  return bin;
}

}  // namespace

TEST_CASE("kit: the testbench runs from its own folder with only Icarus, and can fail", "[verilog][kit][icarus]") {
  fs::path bin = minimal_path();
  hv::VerilogOptions scores, axis;
  scores.kit = scores.scores = true;
  scores.kit_vectors = 60;
  scores.pipeline_levels = 1;
  axis.kit = axis.axis = true;
  axis.kit_vectors = 40;
  for (const auto& [net, opt] : {std::pair{hvtest::binary_net(), scores}, std::pair{hvtest::deep_net(), scores},
                                 std::pair{hvtest::three_class_net(), axis}}) {
    INFO(net.name);
    fs::path out = hvtest::scratch("kit_" + net.name);
    auto files = hv::emit_verilog(net, out, opt);
    hv::VerilogPlan p = hv::prepare_verilog(net, opt);
    REQUIRE(files.size() == 11);
    fs::path moved = hvtest::scratch("kit_moved_" + net.name);
    fs::copy(out / (p.module + "_kit"), moved, fs::copy_options::recursive);
    std::string vh = hvtest::slurp(moved / (p.module + ".vh")), pkg = hvtest::slurp(moved / (p.module + "_pkg.sv"));
    CHECK(pkg.find("localparam int LATENCY = " + std::to_string(p.latency) + ";") != std::string::npos);
    CHECK(pkg.find("localparam int IN_WIDTH = " + std::to_string(p.in_width) + ";") != std::string::npos);
    CHECK(vh.find("_II 1\n") != std::string::npos);
    CHECK(hvtest::slurp(moved / (p.module + ".xdc")).find("create_clock -period 10.000 -name clk [get_ports clk]") !=
          std::string::npos);
    auto r = hvtest::run("cd " + moved.string() + " && env -i PATH=" + bin.string() + " sh run.sh 2>&1");
    INFO(r.out);
    CHECK(r.code == 0);
    CHECK(r.out.find("PASS ") != std::string::npos);
    // One expected class flipped: the testbench must say FAIL and run.sh exit non-zero.
    std::string expect = hvtest::slurp(moved / "expect.hex");
    char& d = expect[expect.find('\n') - 1];  // bit 0 of the class: the lowest bit of the line
    int v = std::stoi(std::string(1, d), nullptr, 16) ^ 1;
    d = "0123456789abcdef"[v];
    hvtest::write(moved / "expect.hex", expect);
    r = hvtest::run("cd " + moved.string() + " && env -i PATH=" + bin.string() + " sh run.sh 2>&1");
    INFO(r.out);
    CHECK(r.code != 0);
    CHECK(r.out.find("FAIL vector 0") != std::string::npos);
  }
}

TEST_CASE("kit: the testbench also runs in Verilator (run.sh verilator)", "[verilog][kit]") {
  hv::VerilogOptions o;
  o.kit = o.scores = true;
  o.kit_vectors = 30;
  hv::Network net = hvtest::deep_net();
  fs::path out = hvtest::scratch("kit_verilator");
  hv::emit_verilog(net, out, o);
  auto r = hvtest::run("sh " + (out / "deep2_kit" / "run.sh").string() + " verilator 2>&1");
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(r.out.find("PASS ") != std::string::npos);
}

// Verilog backend, dynamic checks: every hand-made network, built with Verilator and driven with
// random stalls on both handshakes, agrees with the reference on every vector, class and scores,
// at the predicted cycle, with plain and AXI4-Stream ports, pipelined and not, with a skid buffer
// or a global enable. The checker itself is tested too: a changed RTL constant, a tie that does not
// fire, a hang, and designs that forge the verdict (print the old summary line, then exit through
// DPI or $finish) must all be caught.
#include <catch2/catch.hpp>

#include <cctype>
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
             std::string (*edit_rtl)(const std::string&) = nullptr, uint64_t seed = 7,
             const hv::VerilogOptions& vopt = {}) {
  Sim s;
  fs::path dir = hvtest::scratch("verilog_sim_" + tag);
  s.rtl = hv::emit_verilog(net, dir, vopt)[0];
  if (edit_rtl) hvtest::write(s.rtl, edit_rtl(hvtest::slurp(s.rtl)));
  std::string text = hv::vectors_text(net, hv::make_vectors(net, rows, 3000, seed));
  s.vectors = dir / "vectors.txt";
  hvtest::write(s.vectors, edit_vectors ? edit_vectors(text) : text);
  hv::VerilogSimOptions opt;
  opt.seed = seed;
  opt.verilog = vopt;
  s.report = hv::simulate_verilog(net, s.rtl, s.vectors, dir / "work", opt);
  return s;
}

hv::VerilogOptions options(int levels, bool scores, bool axis, bool skid) {
  hv::VerilogOptions o;
  o.pipeline_levels = levels;
  o.scores = scores;
  o.axis = axis;
  o.skid = skid;
  return o;
}

void check_clean(const Sim& s, size_t vectors) {
  INFO(s.report.details << s.report.log);
  CHECK(s.report.target == "verilog (verilator)");
  CHECK(s.report.ran);
  CHECK(s.report.vectors == vectors);
  CHECK(s.report.mismatches == 0);
  CHECK(s.report.first_bad.empty());
}

// The output bias of binary_net (3) replaced by 5: the literal 'd3 in an output wire's statement.
std::string corrupt_output_bias(const std::string& rtl) {
  for (size_t at = 0; (at = rtl.find("\n  wire [", at)) != std::string::npos; ++at) {
    size_t eol = rtl.find(';', at + 1), name = rtl.find("] ", at) + 2;
    if (rtl.compare(name, 4, "o_0_") != 0) continue;
    for (size_t lit = rtl.find("'d3", at); lit != std::string::npos && lit < eol; lit = rtl.find("'d3", lit + 1)) {
      if (std::isdigit(static_cast<unsigned char>(rtl[lit + 3]))) continue;
      std::string out = rtl;
      out[lit + 2] = '5';
      return out;
    }
  }
  return "output bias literal not found";
}

// `text` inserted before the first `endmodule` (inside the design's top module).
std::string insert_before_first_endmodule(const std::string& rtl, const std::string& text) {
  size_t at = rtl.find("endmodule");
  return at == std::string::npos ? "endmodule not found" : rtl.substr(0, at) + text + rtl.substr(at);
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

TEST_CASE("simulate_verilog: shared trees compare z with each neuron's threshold, ties included", "[verilog][sim]") {
  hv::Network net = hvtest::shared_net();
  hv::VectorSet ties;
  ties.n_in = 4;
  REQUIRE(hv::add_tie_vectors(net, ties, 400, 3) > 40);  // one per decision boundary found (runtime/boundary.hpp)
  for (int levels : {0, 1}) {
    INFO("levels " << levels);
    hv::VerilogOptions o = options(levels, true, false, true);
    o.share_trees = true;
    check_clean(simulate(net, "shared" + std::to_string(levels), ties.inputs, nullptr, nullptr, 7, o),
                3000 + ties.inputs.size());
  }
}

TEST_CASE("simulate_verilog: z == 0 fires; dead neurons and unread inputs", "[verilog][sim]") {
  auto rows = hvtest::tie_rows();
  check_clean(simulate(hvtest::tie_net(), "tie", rows), 3000 + rows.size());
}

TEST_CASE("simulate_verilog: keyword model name, 120-bit port", "[verilog][sim]") {
  check_clean(simulate(hvtest::keyword_net(), "keyword"), 3000);
}

TEST_CASE("simulate_verilog: a forged verdict (a DPI-imported exit after $display of the summary) is FAIL",
          "[verilog][sim][forge]") {
  Sim s = simulate(hvtest::binary_net(), "forge_dpi", {}, nullptr, [](const std::string& rtl) {
    return insert_before_first_endmodule(rtl, "  import \"DPI-C\" function void exit(input int code);\n"
                                              "  initial begin\n    $display(\"3000 vectors, 0 mismatches\");\n"
                                              "    exit(0);\n  end\n");
  });
  INFO(s.report.details << s.report.log);
  CHECK(s.report.log.find("3000 vectors, 0 mismatches") != std::string::npos);  // it did print it
  CHECK(s.report.vectors == 3000);
  CHECK(s.report.mismatches == 3000);  // and delivered nothing
  CHECK(s.report.details.find("missing outputs: 3000 of 3000") != std::string::npos);
}

TEST_CASE("simulate_verilog and simulate_icarus: a forged verdict without DPI ($display, $finish) is FAIL",
          "[verilog][sim][icarus][forge]") {
  // A wrong design (the output bias changed) that prints the summary line and finishes at once.
  auto forge = [](const std::string& rtl) {
    return insert_before_first_endmodule(corrupt_output_bias(rtl),
                                         "  initial begin\n    $display(\"3000 vectors, 0 mismatches\");\n"
                                         "    $finish;\n  end\n");
  };
  Sim s = simulate(hvtest::binary_net(), "forge_finish", {}, nullptr, forge);
  INFO(s.report.details << s.report.log);
  CHECK(s.report.vectors == 3000);
  CHECK(s.report.mismatches > 0);
  hv::VerilogSimOptions opt;
  opt.seed = 7;
  hv::CheckReport r = hv::simulate_icarus(hvtest::binary_net(), s.rtl, s.vectors, s.rtl.parent_path() / "icarus", opt);
  INFO(r.details << r.log);
  CHECK(r.log.find("3000 vectors, 0 mismatches") != std::string::npos);
  CHECK(r.vectors == 3000);
  CHECK(r.mismatches == 3000);
}

TEST_CASE("simulate_verilog: a changed constant in the RTL is caught", "[verilog][sim]") {
  Sim s = simulate(hvtest::binary_net(), "bad_rtl", {}, nullptr, corrupt_output_bias);
  REQUIRE(hvtest::slurp(s.rtl).rfind("output ", 0) != 0);
  INFO(s.report.details << s.report.log);
  CHECK(s.report.ran);
  CHECK(s.report.mismatches > 0);
  CHECK(!s.report.first_bad.empty());
  CHECK(s.report.first_bad.size() <= 10);
}

TEST_CASE("simulate_verilog: a threshold that does not fire at z == 0 is caught", "[verilog][sim]") {
  Sim s = simulate(hvtest::tie_net(), "bad_tie", hvtest::tie_rows(), nullptr, [](const std::string& rtl) {
    std::string out = rtl;
    // a = (z >= 0) becomes a = (z > 0): the sign bit, and z != 0.
    size_t at = out.find("assign h1_d[0] = ~"), eol = out.find(';', at);
    if (at == std::string::npos) return out;
    std::string bit = out.substr(at + 18, eol - at - 18), name = bit.substr(0, bit.find('['));
    out.replace(at, eol - at, "assign h1_d[0] = ~" + bit + " & (|" + name + ")");
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
    const std::string from = "assign out_valid = skid_valid || pipe_valid;";
    size_t at = out.find(from);
    if (at != std::string::npos) out.replace(at, from.size(), "assign out_valid = 1'b0;");
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

TEST_CASE("simulate_verilog: pipelined every level, scores checked, skid buffer", "[verilog][sim]") {
  check_clean(simulate(hvtest::deep_net(), "deep_k1", {}, nullptr, nullptr, 7, options(1, true, false, true)), 3000);
  check_clean(simulate(hvtest::binary_net(), "bin_k1", {}, nullptr, nullptr, 9, options(1, true, false, true)), 3000);
}

TEST_CASE("simulate_verilog: AXI4-Stream ports, global enable, every 2 levels", "[verilog][sim]") {
  check_clean(simulate(hvtest::three_class_net(), "three_axis", {}, nullptr, nullptr, 7, options(2, true, true, false)),
              3000);
  check_clean(simulate(hvtest::extreme_net(), "extreme_k3", {}, nullptr, nullptr, 7, options(3, true, true, true)), 3000);
}

TEST_CASE("simulate_icarus: the same vectors agree in Icarus Verilog", "[verilog][sim][icarus]") {
  struct Case {
    hv::Network net;
    hv::VerilogOptions opt;
    std::string tag;
  };
  std::vector<Case> cases = {{hvtest::binary_net(), options(0, false, false, true), "bin"},
                             {hvtest::three_class_net(), options(1, true, true, false), "three"},
                             {hvtest::deep_net(), options(2, true, false, true), "deep"}};
  for (const auto& c : cases) {
    INFO(c.tag);
    fs::path dir = hvtest::scratch("verilog_icarus_" + c.tag);
    fs::path rtl = hv::emit_verilog(c.net, dir, c.opt)[0];
    hv::VectorSet vs = hv::make_vectors(c.net, {}, 0, 3);
    hv::add_tie_vectors(c.net, vs, 20, 3);
    hv::add_random_vectors(c.net, vs, 280, 3);
    hvtest::write(dir / "v.txt", hv::vectors_text(c.net, vs));
    hv::VerilogSimOptions opt;
    opt.seed = 3;
    opt.verilog = c.opt;
    hv::CheckReport r = hv::simulate_icarus(c.net, rtl, dir / "v.txt", dir / "work", opt);
    INFO(r.details << r.log);
    CHECK(r.target == "verilog (icarus)");
    CHECK(r.ran);
    CHECK(r.vectors == vs.inputs.size());
    CHECK(r.mismatches == 0);
  }
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

// Writing the integration kit (see emit_kit.hpp). Vectors: options.kit_vectors seeded random
// inputs plus up to a quarter as many tie vectors (values exactly at a threshold or an argmax tie,
// where an off-by-one shows), with the reference interpreter's class and scores. Hex files for
// $readmemh: in.hex holds in_data (feature i at bits [i*B +: B]), expect.hex holds
// {scores, class} (score c at bits [CW + c*SW +: SW], two's complement). Linear in the vectors.
#include "backends/verilog/emit_kit.hpp"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "backends/verilog/emit_verilog.hpp"
#include "reference.hpp"
#include "support/files.hpp"
#include "support/template.hpp"
#include "support/version.hpp"
#include "vectors.hpp"

namespace hv {

namespace {

// Bits (LSB first) as hex digits, most significant first.
std::string hex(const std::vector<bool>& bits) {
  std::string out;
  for (size_t d = (bits.size() + 3) / 4; d-- > 0;) {
    int v = 0;
    for (int b = 3; b >= 0; --b) {
      size_t i = d * 4 + static_cast<size_t>(b);
      v = v * 2 + (i < bits.size() && bits[i] ? 1 : 0);
    }
    out += "0123456789abcdef"[v];
  }
  return out;
}

void put(std::vector<bool>& bits, size_t at, int width, int64_t v) {
  for (int b = 0; b < width; ++b) bits[at + static_cast<size_t>(b)] = ((static_cast<uint64_t>(v) >> b) & 1) != 0;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> kit_files(const Network& net, const VerilogPlan& p) {
  const std::string kit = p.module + "_kit/";
  VectorSet vs;
  vs.n_in = p.n_in;
  add_random_vectors(net, vs, static_cast<size_t>(p.options.kit_vectors), 1);
  add_tie_vectors(net, vs, static_cast<size_t>(p.options.kit_vectors) / 4, 2);
  const int cw = p.class_width, sw = p.score_width, ns = p.n_scores;
  const int expect_width = cw + ns * sw;
  std::string in_hex, exp_hex;
  for (const auto& q : vs.inputs) {
    std::vector<bool> in(static_cast<size_t>(p.in_width)), ex(static_cast<size_t>(expect_width));
    for (int i = 0; i < p.n_in; ++i) put(in, static_cast<size_t>(i * p.in_bits), p.in_bits, q[static_cast<size_t>(i)]);
    ref::Result r = ref::run(net, q);
    put(ex, 0, cw, r.cls);
    for (int c = 0; c < ns; ++c) put(ex, static_cast<size_t>(cw + c * sw), sw, r.scores[static_cast<size_t>(c)]);
    in_hex += hex(in) + "\n";
    exp_hex += hex(ex) + "\n";
  }
  std::string macro;
  for (char c : p.module) macro += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const bool sc = p.options.scores;
  const double mhz = p.options.kit_mhz;
  const std::string period = fmt::format("{:.3f}", 1000.0 / mhz), freq = fmt::format("{:g}", mhz);
  std::map<std::string, std::string> common = {{"VERSION", kVersion}, {"MODULE", p.module}};
  auto with = [&](std::map<std::string, std::string> v) {
    v.insert(common.begin(), common.end());
    return v;
  };
  std::map<std::string, std::string> iface = with({{"HASH", p.hash_hex},
                                                   {"LATENCY", std::to_string(p.latency_cycles)},
                                                   {"II", std::to_string(p.fold)},
                                                   {"N_IN", std::to_string(p.n_in)},
                                                   {"IN_BITS", std::to_string(p.in_bits)},
                                                   {"IN_WIDTH", std::to_string(p.in_width)},
                                                   {"N_CLASSES", std::to_string(p.n_classes)},
                                                   {"CLASS_WIDTH", std::to_string(cw)},
                                                   {"N_SCORES", std::to_string(ns)},
                                                   {"SCORE_WIDTH", std::to_string(sw)}});
  std::map<std::string, std::string> header = iface;
  header["MACRO"] = macro;
  std::string tb = render(
      "kit/tb.v",
      with({{"MACRO", macro},
            {"HASH", p.hash_hex},
            {"N_VECTORS", std::to_string(vs.inputs.size())},
            {"EXPECT_WIDTH", std::to_string(expect_width)},
            {"SCORES_CHECK_DOC", sc ? " and every score" : " (the design has no out_scores port)"},
            {"SCORES_WIRE", sc ? "  wire [" + std::to_string(ns * sw - 1) + ":0] out_scores;" : "  // (no out_scores port)"},
            {"LAST_CONN", p.options.axis ? "\n      .in_last(1'b0),\n      .out_last()," : ""},
            {"SCORES_CONN", sc ? "\n      .out_scores(out_scores)," : ""},
            {"SCORES_COMPARE",
             sc ? " ||\n          out_scores !== vexp[got][EXPECT_WIDTH-1:`" + macro + "_CLASS_WIDTH]" : ""}}));
  std::vector<std::pair<std::string, std::string>> files = {
      {p.module + ".v", verilog_text(p)},
      {"tb_" + p.module + ".v", tb},
      {p.module + ".vh", render("kit/header.vh", header)},
      {p.module + "_pkg.sv", render("kit/pkg.sv", iface)},
      {"in.hex", in_hex},
      {"expect.hex", exp_hex},
      {"run.sh", render("kit/run.sh", common)},
      {"Makefile", render("kit/Makefile", common)},
      {p.module + ".xdc", render("kit/clock.xdc", with({{"MHZ", freq}, {"PERIOD_NS", period}}))},
      {p.module + ".pcf", render("kit/clock.pcf", with({{"MHZ", freq}}))},
  };
  for (auto& f : files) f.first = kit + f.first;
  return files;
}

std::vector<std::filesystem::path> emit_kit(const Network& net, const VerilogPlan& p, const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> written;
  for (const auto& [name, text] : kit_files(net, p)) {
    write_file_atomic(dir / name, text);
    written.push_back(dir / name);
  }
  return written;
}

}  // namespace hv

// End to end, as a user runs it: train -> compile -> verify on the bundled breast-cancer data;
// determinism of every output; and the gate shown to fail: one constant changed in the generated
// Verilog, then in the generated C, makes verify exit 1 and name the first mismatching vector.
#include <catch2/catch.hpp>

#include <regex>
#include <span>
#include <sstream>
#include <unistd.h>

#include "backends/c/emit_c.hpp"
#include "backends/verilog/emit_verilog.hpp"
#include "frontend/hnet_parse.hpp"
#include "frontend/csv.hpp"
#include "reference.hpp"
#include "support/cli.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kData = hvtest::source("examples/breast_cancer/breast_cancer.csv").string();

// Trains once per test binary run; later calls reuse the model.
fs::path trained_model() {
  static fs::path model;
  if (!model.empty()) return model;
  // One directory per process: ctest runs each test case as its own process, concurrently, and
  // a shared directory would be wiped by one while another reads it.
  fs::path dir = hvtest::scratch("e2e_model_" + std::to_string(::getpid()));
  model = dir / "bc.hnet";
  auto r = hvtest::heaviside("train " + kData + " -o " + model.string() + " --name bc");
  INFO(r.out);
  REQUIRE(r.code == 0);
  return model;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> v;
  std::stringstream ss(s);
  for (std::string l; std::getline(ss, l);) v.push_back(l);
  return v;
}

// `good` with exactly the code lines of `bad` that differ (comment lines, indented or not, kept
// from `good`): one constant changed, nothing else. Returns the new text and how many lines
// changed (-1 when the line structure differs, e.g. a comment wrapped differently).
std::pair<std::string, int> splice_constant(const std::string& good, const std::string& bad, const std::string& comment) {
  auto g = lines(good), b = lines(bad);
  if (g.size() != b.size()) return {good, -1};
  int changed = 0;
  std::string out;
  for (size_t i = 0; i < g.size(); ++i) {
    size_t text = g[i].find_first_not_of(' ');
    bool is_comment = text != std::string::npos && g[i].compare(text, comment.size(), comment) == 0;
    if (g[i] != b[i] && !is_comment) {
      ++changed;
      out += b[i] + "\n";
    } else {
      out += g[i] + "\n";
    }
  }
  return {out, changed};
}

// The data rows, quantized as the model quantizes them (the model was trained on this file's columns).
std::vector<std::vector<int64_t>> data_rows(const hv::Network& net) {
  hv::Dataset d = hv::read_csv(kData, {});
  std::vector<std::vector<int64_t>> rows;
  for (size_t r = 0; r < d.n_rows; ++r)
    rows.push_back(hv::ref::quantize(net, std::span<const double>(d.x.data() + r * d.n_features(), d.n_features())));
  return rows;
}

// Finds one output weight whose change alters exactly one line of the generated file (no width
// or type moves with it) and changes the reference's class on at least one data row; returns the
// spliced text. `emit` renders a network to the file's text.
template <class Emit>
std::string one_constant_changed(const hv::Network& net, Emit emit, const std::string& comment) {
  auto rows = data_rows(net);
  std::string good = emit(net);
  for (size_t j = 0; j < net.output.weights.size(); ++j) {
    int64_t w = net.output.weights[j];
    for (int64_t cand : {-w, w / 2, w + 1, w - 1, 0 * w}) {
      if (cand == w) continue;
      hv::Network bad = net;
      bad.output.weights[j] = cand;
      bool differs = false;
      for (const auto& q : rows) differs = differs || hv::ref::run(net, q).cls != hv::ref::run(bad, q).cls;
      if (!differs) continue;
      auto [text, changed] = splice_constant(good, emit(bad), comment);
      if (changed == 1) return text;
    }
  }
  FAIL("no single-constant change found");
  return good;
}

}  // namespace

TEST_CASE("train, compile and verify the bundled example", "[e2e]") {
  fs::path model = trained_model();
  auto text = hvtest::slurp(model);
  CHECK(text.find("heaviside-model 1") != std::string::npos);
  fs::path out = hvtest::scratch("e2e_out");
  auto c = hvtest::heaviside("compile " + model.string() + " -o " + out.string());
  INFO(c.out);
  REQUIRE(c.code == 0);
  auto v = hvtest::heaviside("verify " + model.string() + " --data " + kData + " --dir " + out.string());
  INFO(v.out);
  REQUIRE(v.code == 0);
  // 569 data rows, the boundary vectors, 10000 random: every one through both targets.
  std::smatch m;
  REQUIRE(std::regex_search(v.out, m, std::regex(R"(verify bc: (\d+) vectors \(569 data rows, (\d+) on a decision boundary, 10000 random\))")));
  const std::string n = m[1].str();
  CHECK(std::stoul(n) == 569 + std::stoul(m[2].str()) + 10000);
  CHECK(std::stoul(m[2].str()) > 50);
  CHECK(v.out.find("verilog (verilator): " + n + " vectors, 0 mismatches") != std::string::npos);
  CHECK(v.out.find("c (cc):              " + n + " vectors, 0 mismatches") != std::string::npos);
}

TEST_CASE("outputs are deterministic", "[e2e]") {
  fs::path model = trained_model();
  fs::path again = hvtest::scratch("e2e_again") / "bc.hnet";
  REQUIRE(hvtest::heaviside("train " + kData + " -o " + again.string() + " --name bc").code == 0);
  CHECK(hvtest::slurp(model) == hvtest::slurp(again));
  fs::path a = hvtest::scratch("e2e_det_a"), b = hvtest::scratch("e2e_det_b");
  REQUIRE(hvtest::heaviside("compile " + model.string() + " -o " + a.string()).code == 0);
  REQUIRE(hvtest::heaviside("compile " + model.string() + " -o " + b.string()).code == 0);
  for (auto& f : fs::directory_iterator(a)) CHECK(hvtest::slurp(f.path()) == hvtest::slurp(b / f.path().filename()));
}

TEST_CASE("verify fails on one changed constant in the Verilog, naming the vector", "[e2e][gate]") {
  fs::path model = trained_model();
  hv::Network net = hv::read_hnet(model);
  fs::path out = hvtest::scratch("e2e_flip_v");
  auto files = hv::emit_verilog(net, out);
  hv::emit_c(net, out);
  hvtest::write(files[0], one_constant_changed(net, [](const hv::Network& n) { return hv::verilog_source(n); }, "//"));
  auto v = hvtest::heaviside("verify " + model.string() + " --data " + kData + " --dir " + out.string() +
                             " --target verilog --random 1000");
  INFO(v.out);
  CHECK(v.code == 1);
  CHECK(v.out.find("first mismatches include vector") != std::string::npos);
  CHECK(v.out.find("mismatch vector") != std::string::npos);
  CHECK(v.out.find("FAIL") != std::string::npos);
}

TEST_CASE("verify fails on one changed constant in the C, naming the vector", "[e2e][gate]") {
  fs::path model = trained_model();
  hv::Network net = hv::read_hnet(model);
  fs::path out = hvtest::scratch("e2e_flip_c"), scratch = hvtest::scratch("e2e_flip_c_bad");
  fs::path csrc = out / (net.name + ".c");
  hv::emit_c(net, out);
  auto c_text = [&](const hv::Network& n) {
    hv::emit_c(n, scratch);
    return hvtest::slurp(scratch / (n.name + ".c"));
  };
  hvtest::write(csrc, one_constant_changed(net, c_text, "/*"));
  auto v = hvtest::heaviside("verify " + model.string() + " --data " + kData + " --dir " + out.string() +
                             " --target c --random 1000");
  INFO(v.out);
  CHECK(v.code == 1);
  CHECK(v.out.find("first mismatches include vector") != std::string::npos);
  CHECK(v.out.find("FAIL") != std::string::npos);
}

TEST_CASE("predict prints predictions and accuracy", "[e2e]") {
  fs::path model = trained_model();
  auto r = hvtest::heaviside("predict " + model.string() + " " + kData);
  INFO(r.out.substr(0, 400));
  REQUIRE(r.code == 0);
  CHECK(r.out.rfind("line,predicted,diagnosis\n2,malignant,malignant\n", 0) == 0);
  CHECK(r.out.find("accuracy: ") != std::string::npos);
}

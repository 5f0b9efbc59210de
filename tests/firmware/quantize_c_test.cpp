// The optional float helper <name>_quantize against the reference's quantize, value for value:
// every rounding boundary lo + (k + 1/2) step of every code k (as the nearest floats and a few ulps
// either side), seeded random floats over and beyond the range, and the special values (zeros,
// denormals, FLT_MAX, infinities, NaN). Built with the strict flags under ASan and UBSan.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>

#include "backends/c/emit_c.hpp"
#include "firmware/c_nets.hpp"
#include "reference.hpp"
#include "support/cli.hpp"

namespace {

namespace fs = std::filesystem;

// Reads rows of n float bit patterns (hex) from stdin, prints the quantized codes of each row.
std::string harness(const std::string& prefix, const std::string& header, int n, const std::string& in_t) {
  std::ostringstream s;
  s << "#include <stdio.h>\n#include <string.h>\n#include \"" << header << "\"\n"
    << "int main(void)\n{\n    float x[" << n << "];\n    " << in_t << " q[" << n << "];\n    unsigned long u;\n"
    << "    int i;\n    for (;;) {\n        for (i = 0; i < " << n << "; ++i) {\n"
    << "            unsigned int b;\n            if (scanf(\"%lx\", &u) != 1) {\n                return 0;\n"
    << "            }\n            b = (unsigned int)u;\n            memcpy(&x[i], &b, sizeof b);\n        }\n"
    << "        " << prefix << "_quantize(x, q);\n        for (i = 0; i < " << n << "; ++i) {\n"
    << "            printf(\"%s%lu\", i ? \" \" : \"\", (unsigned long)q[i]);\n        }\n"
    << "        printf(\"\\n\");\n    }\n}\n";
  return s.str();
}

uint32_t bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

// Float values that probe feature (lo, step) with codes up to qmax.
std::vector<float> probes(double lo, double step, int64_t qmax, std::mt19937_64& rng) {
  std::vector<float> v;
  const int64_t stride = qmax > 1000 ? qmax / 700 : 1;
  for (int64_t k = -3; k <= qmax + 3; k += (k < 0 || k > qmax - 3) ? 1 : stride) {
    float f = static_cast<float>(lo + (static_cast<double>(k) + 0.5) * step);
    float up = f, down = f;
    v.push_back(f);
    for (int u = 0; u < 2; ++u) {
      up = std::nextafter(up, std::numeric_limits<float>::infinity());
      down = std::nextafter(down, -std::numeric_limits<float>::infinity());
      v.push_back(up);
      v.push_back(down);
    }
    v.push_back(static_cast<float>(lo + static_cast<double>(k) * step));
  }
  std::uniform_real_distribution<double> span(lo - 20 * step, lo + (static_cast<double>(qmax) + 20) * step);
  for (int r = 0; r < 1500; ++r) v.push_back(static_cast<float>(span(rng)));
  const float inf = std::numeric_limits<float>::infinity();
  for (float s : {0.0f, -0.0f, std::numeric_limits<float>::denorm_min(), -std::numeric_limits<float>::denorm_min(),
                  std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(), inf, -inf, 1e30f, -1e30f,
                  std::numeric_limits<float>::quiet_NaN(), std::ldexp(1.0f, -54), -std::ldexp(1.0f, -54),
                  std::ldexp(1.0f, -53), -std::ldexp(1.0f, -53), -std::ldexp(1.0f, -25)})
    v.push_back(s);
  return v;
}

void check_quantize(hv::Network net, const std::string& test) {
  const fs::path dir = hvtest::scratch("firmware_" + test);
  auto files = hv::emit_c(net, dir);
  const auto plan = hv::prepare_c(net);
  hvtest::write(dir / "qmain.c", harness(plan.prefix, files[0].filename().string(), plan.n_inputs, plan.input_type));
  const fs::path exe = dir / "quantize";
  auto build = hvtest::run("cc " + std::string(hvtest::kStrict) + " " + hvtest::kSanitize + " -I" + dir.string() + " " +
                           files[1].string() + " " + (dir / "qmain.c").string() + " -o " + exe.string());
  INFO(build.out);
  REQUIRE(build.code == 0);

  std::mt19937_64 rng(5);
  std::vector<std::vector<float>> cols;
  size_t rows = 0;
  for (const hv::Feature& f : net.inputs) {
    cols.push_back(probes(f.lo, f.step, net.input_max(), rng));
    rows = std::max(rows, cols.back().size());
  }
  std::string input, want;
  for (size_t r = 0; r < rows; ++r) {
    std::vector<double> x;
    for (size_t i = 0; i < cols.size(); ++i) {
      const float f = cols[i][(r * (i + 1)) % cols[i].size()];  // different pairings per column
      x.push_back(static_cast<double>(f));
      char hex[16];
      std::snprintf(hex, sizeof hex, "%08x", bits(f));
      input += (i ? " " : "") + std::string(hex);
    }
    input += "\n";
    auto q = hv::ref::quantize(net, x);
    for (size_t i = 0; i < q.size(); ++i) want += (i ? " " : "") + std::to_string(q[i]);
    want += "\n";
  }
  hvtest::write(dir / "floats.txt", input);
  auto got = hvtest::run(exe.string() + " < " + (dir / "floats.txt").string());
  REQUIRE(got.code == 0);
  // Compare line by line; a failure names the first differing row and its input bits.
  std::istringstream g(got.out), w(want), in(input);
  std::string gl, wl, il;
  size_t same = 0;
  while (std::getline(w, wl) && std::getline(in, il)) {
    if (!std::getline(g, gl) || gl != wl) {
      INFO("first difference at row " << same << ", float bits " << il);
      CHECK(gl == wl);
      break;
    }
    ++same;
  }
  CHECK(same == rows);
  CHECK(rows > 1500);
}

}  // namespace

TEST_CASE("quantize helper: equals the reference on 8-bit inputs at every boundary", "[firmware][c][quantize]") {
  // "half": x = -2^-54 gives t = 0.5 - 2^-54, where the naive (t + 0.5) truncation rounds up.
  hv::Network net = hvtest::random_net("qz8", 5, {3}, 2, 8, 5, 40);
  net.inputs = {{"exact", -1.5, 0.25},
                {"iris", 4.3, 0.014117647058823532},
                {"tiny", 0.1, 0.009411764705882352},
                {"big", -1e6, 12345.678},
                {"half", -0.5, 1.0}};
  check_quantize(net, "qz8");
}

TEST_CASE("quantize helper: equals the reference on 12- and 16-bit inputs", "[firmware][c][quantize]") {
  for (int b : {12, 16}) {
    hv::Network net = hvtest::random_net("qz" + std::to_string(b), 3, {3}, 3, b, 5, 41);
    net.inputs = {{"a", -3.25, 1.0 / 4096}, {"b", 1e-3, 7.3e-7}, {"c", 250.0, 0.1}};
    check_quantize(net, net.name);
  }
}

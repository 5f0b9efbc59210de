// The integer quantizer <name>_quantize_fixed (default) against the reference applied to X / 2^F:
// every code threshold of every feature, one either side, random and extreme int32 values; its
// fitting (fit_fixed_feature) on thresholds a single affine form cannot meet (fixups). Then
// the optional float helper <name>_quantize against the reference's quantize, value for value:
// every rounding boundary lo + (k + 1/2) step of every code k (as the nearest floats and a few ulps
// either side), seeded random floats over and beyond the range, and the special values (zeros,
// denormals, FLT_MAX, infinities, NaN). Built with the strict flags under ASan and UBSan.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>

#include "backends/c/emit_c.hpp"
#include "backends/c/prepare_c.hpp"
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
  auto build = hvtest::run("cc " + std::string(hvtest::kStrict) + " " + hvtest::kSanitize + " -D" + plan.macro +
                           "_FLOAT -I" + dir.string() + " " + files[1].string() + " " + (dir / "qmain.c").string() +
                           " -o " + exe.string());
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

namespace {

// Reads rows of n int32 values from stdin, prints the codes of <prefix>_quantize_fixed for each row.
std::string fixed_harness(const std::string& prefix, const std::string& header, int n, const std::string& in_t) {
  std::ostringstream s;
  s << "#include <stdio.h>\n#include \"" << header << "\"\n"
    << "int main(void)\n{\n    int32_t x[" << n << "];\n    " << in_t << " q[" << n << "];\n    long v;\n"
    << "    int i;\n    for (;;) {\n        for (i = 0; i < " << n << "; ++i) {\n"
    << "            if (scanf(\"%ld\", &v) != 1) {\n                return 0;\n            }\n"
    << "            x[i] = (int32_t)v;\n        }\n"
    << "        " << prefix << "_quantize_fixed(x, q);\n        for (i = 0; i < " << n << "; ++i) {\n"
    << "            printf(\"%s%lu\", i ? \" \" : \"\", (unsigned long)q[i]);\n        }\n"
    << "        printf(\"\\n\");\n    }\n}\n";
  return s.str();
}

void check_fixed(const hv::Network& net, const std::string& test) {
  const fs::path dir = hvtest::scratch("firmware_fixed_" + test);
  auto files = hv::emit_c(net, dir);
  const auto plan = hv::prepare_c(net);
  const hv::CFixedQuantizer& fq = plan.fixed;
  hvtest::write(dir / "qmain.c", fixed_harness(plan.prefix, files[0].filename().string(), plan.n_inputs, plan.input_type));
  const fs::path exe = dir / "quantize_fixed";
  auto build = hvtest::run("cc " + std::string(hvtest::kStrict) + " " + hvtest::kSanitize + " -I" + dir.string() + " " +
                           files[1].string() + " " + (dir / "qmain.c").string() + " -o " + exe.string());
  INFO(build.out);
  REQUIRE(build.code == 0);
  // Probes per feature: around every boundary lo + (k + 1/2) step on the grid, random, extremes.
  std::mt19937_64 rng(9);
  const int64_t qmax = net.input_max();
  std::vector<std::vector<int64_t>> cols;
  size_t rows = 0;
  for (const hv::Feature& f : net.inputs) {
    std::vector<int64_t> v = {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX - 1, INT32_MAX};
    for (int64_t k = -2; k <= qmax + 2; k += qmax > 1000 ? qmax / 500 : 1) {
      double b = std::ldexp(f.lo + (static_cast<double>(k) + 0.5) * f.step, fq.frac_bits);
      if (std::fabs(b) > 2.1e9) continue;
      for (int64_t d = -2; d <= 2; ++d) v.push_back(static_cast<int64_t>(std::floor(b)) + d);
    }
    std::uniform_int_distribution<int64_t> any(INT32_MIN, INT32_MAX);
    for (int r = 0; r < 300; ++r) v.push_back(any(rng));
    std::erase_if(v, [](int64_t x) { return x < INT32_MIN || x > INT32_MAX; });
    rows = std::max(rows, v.size());
    cols.push_back(std::move(v));
  }
  std::string input, want;
  for (size_t r = 0; r < rows; ++r) {
    std::vector<double> x;
    for (size_t i = 0; i < cols.size(); ++i) {
      int64_t v = cols[i][(r * (i + 1)) % cols[i].size()];
      x.push_back(std::ldexp(static_cast<double>(v), -fq.frac_bits));
      input += (i ? " " : "") + std::to_string(v);
    }
    input += "\n";
    auto q = hv::ref::quantize(net, x);
    for (size_t i = 0; i < q.size(); ++i) want += (i ? " " : "") + std::to_string(q[i]);
    want += "\n";
  }
  hvtest::write(dir / "fixed.txt", input);
  auto got = hvtest::run(exe.string() + " < " + (dir / "fixed.txt").string());
  REQUIRE(got.code == 0);
  std::istringstream g(got.out), w(want), in(input);
  std::string gl, wl, il;
  size_t same = 0;
  while (std::getline(w, wl) && std::getline(in, il)) {
    if (!std::getline(g, gl) || gl != wl) {
      INFO("first difference at row " << same << ", X = " << il << " (frac bits " << fq.frac_bits << ")");
      CHECK(gl == wl);
      break;
    }
    ++same;
  }
  CHECK(same == rows);
}

}  // namespace

TEST_CASE("integer quantizer: equals the reference at every code threshold", "[firmware][c][quantize]") {
  hv::Network net = hvtest::random_net("qf8", 5, {3}, 2, 8, 5, 40);
  net.inputs = {{"exact", -1.5, 0.25},
                {"iris", 4.3, 0.014117647058823532},
                {"tiny", 0.1, 0.009411764705882352},
                {"big", -1e6, 12345.678},
                {"half", -0.5, 1.0}};
  check_fixed(net, "qf8");
  // "big" (step 12345.678): Q d^2 <= 2^36 holds for d = step * 2^F only at F = 0.
  CHECK(hv::prepare_c(net).fixed.frac_bits == 0);
  net.inputs[3] = {"big", -1e6, 0.5};  // then the range bound: 2^F * 1e6 < 2^30 up to F = 10
  CHECK(hv::prepare_c(net).fixed.frac_bits == 10);
  check_fixed(net, "qf8b");
  for (int b : {1, 12, 16}) {
    hv::Network n = hvtest::random_net("qf" + std::to_string(b), 3, {3}, 3, b, 5, 41);
    n.inputs = {{"a", -3.25, 1.0 / 4096}, {"b", 1e-3, 7.3e-7}, {"c", 250.0, 0.1}};
    check_fixed(n, n.name);
  }
}

TEST_CASE("integer quantizer: thresholds no affine form meets are patched by fixups", "[firmware][c][quantize]") {
  // An arithmetic progression of thresholds fits exactly; move one threshold by one grid step
  // by 5 grid steps (more than any line's rounding allows) and the fit must list the points it misses.
  for (int64_t moved : {0, 5, -5}) {
    std::vector<int64_t> th;
    for (int64_t k = 1; k <= 255; ++k) th.push_back(-1000 + static_cast<int64_t>(std::ceil(37.3 * (k - 0.5))));
    th[100] += moved;
    std::vector<hv::CFixup> fix;
    hv::CFixedFeature f = hv::fit_fixed_feature(th, 40, 2, fix);
    INFO("moved " << moved);
    CHECK(fix.empty() == (moved == 0));
    for (int64_t x = th.front() - 5; x <= th.back() + 5; ++x) {
      int64_t want = std::upper_bound(th.begin(), th.end(), x) - th.begin();
      int64_t got = hv::fixed_feature_code(f, x, 255, 40);
      for (const hv::CFixup& u : fix)
        if (u.x == x) got = u.code;
      if (got != want) {
        INFO("x " << x);
        CHECK(got == want);
        break;
      }
    }
    for (const hv::CFixup& u : fix) CHECK(u.feature == 2);
  }
}

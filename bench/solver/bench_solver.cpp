// Solver benchmark driver. Builds a seeded synthetic problem (Gaussian inputs quantized to 8 bits,
// +-1 labels from a random threshold-network teacher), an explicit arrangement dictionary of
// P columns (sparse integer directions, quantile thresholds, materialized bit-packed), solves the
// Lasso at beta = frac * beta_max to a relative gap of 1e-6 (median time of --repeat runs), and
// optionally exports H (column-major uint8), y and beta for the peer solvers in this folder.
// Prints one JSON line. --path N instead solves the warm-started geometric path of N betas from
// beta_max down to frac * beta_max and prints one line per point (time per beta, running total).
// --verbose 1 prints the solver's progress lines; --inner auto|cd|newton picks the inner solver. Peak memory is reported from /proc/self/status (VmHWM).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include "train/dictionary.hpp"
#include "train/generators.hpp"
#include "train/lasso.hpp"

namespace {

double arg(int argc, char** argv, const char* name, double fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return std::atof(argv[i + 1]);
  return fallback;
}
std::string sarg(int argc, char** argv, const char* name) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  return "";
}

long peak_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t n = static_cast<size_t>(arg(argc, argv, "--n", 10000));
  const size_t P = static_cast<size_t>(arg(argc, argv, "--P", 10000));
  const size_t d = static_cast<size_t>(arg(argc, argv, "--d", 10));
  const double frac = arg(argc, argv, "--beta-frac", 0.1);
  const int repeat = static_cast<int>(arg(argc, argv, "--repeat", 3));
  const uint64_t seed = static_cast<uint64_t>(arg(argc, argv, "--seed", 1));
  const std::string out = sarg(argc, argv, "--export");

  std::mt19937_64 rng(seed);
  std::normal_distribution<double> N;
  std::vector<int64_t> q(n * d);
  for (auto& v : q) v = std::clamp<int64_t>(std::llround(128 + 40 * N(rng)), 0, 255);
  std::vector<double> y(n);
  {  // teacher: 5 random threshold units, random signs
    std::vector<std::vector<int64_t>> tw;
    std::vector<int64_t> tb;
    for (int u = 0; u < 5; ++u) {
      tw.push_back(hv::random_sparse_direction(rng, d, static_cast<int>(d), 4));
      tb.push_back(static_cast<int64_t>(rng() % 200) - 100);
    }
    for (size_t i = 0; i < n; ++i) {
      double f = 0;
      for (int u = 0; u < 5; ++u) {
        int64_t z = tb[u];
        for (size_t c = 0; c < d; ++c) z += tw[u][c] * (q[i * d + c] - 128);
        f += (u % 2 ? -1.0 : 1.0) * (z >= 0);
      }
      y[i] = f >= 0.5 ? 1.0 : -1.0;
    }
  }
  auto t0 = std::chrono::steady_clock::now();
  hv::Dictionary D(&q, n, d, seed);
  const size_t per_dir = 100;
  while (D.cols() < P) {  // batches of directions, built in parallel (add_directions_explicit)
    std::vector<std::vector<int64_t>> ws;
    for (int i = 0; i < 64; ++i) ws.push_back(hv::random_sparse_direction(rng, d, 4, 6));
    D.add_directions_explicit(ws, per_dir, 1.0, P);
  }
  double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double bmax = hv::beta_max(D, y, 1);
  hv::LassoOptions o;
  o.beta = frac * bmax;
  o.tol = 1e-6;
  o.verbose = arg(argc, argv, "--verbose", 0) != 0;
  const std::string inner = sarg(argc, argv, "--inner");  // auto (default), cd or newton
  o.inner = inner == "cd" ? hv::InnerSolver::CD : inner == "newton" ? hv::InnerSolver::Newton : hv::InnerSolver::Auto;
  const int path = static_cast<int>(arg(argc, argv, "--path", 0));
  if (path > 0) {  // warm-started geometric path beta_max -> frac * beta_max (solve_path), one line per point
    double total = 0, last = 0;
    bool ok = true;
    int k = 0;
    auto ts = std::chrono::steady_clock::now();
    hv::solve_path(D, y, 1, hv::geometric_betas(bmax, frac * bmax, path), o, [&](const hv::LassoResult& r) {
      total = std::chrono::duration<double>(std::chrono::steady_clock::now() - ts).count();
      ok = ok && r.converged;
      std::printf("{\"n\": %zu, \"P\": %zu, \"point\": %d, \"beta_frac\": %.6g, \"objective\": %.17g, \"rel_gap\": %.3e, "
                  "\"nnz\": %zu, \"outer\": %d, \"time_s\": %.4f, \"path_total_s\": %.4f, \"peak_mib\": %.1f}\n",
                  n, D.cols(), ++k, r.beta / bmax, r.primal, r.rel_gap(), r.support.size(), r.outer_iterations,
                  total - last, total, static_cast<double>(peak_kib()) / 1024.0);
      std::fflush(stdout);
      last = total;
      return true;
    });
    return ok ? 0 : 1;
  }
  std::vector<double> times;
  hv::LassoResult r;
  for (int k = 0; k < repeat; ++k) {
    auto ts = std::chrono::steady_clock::now();
    r = hv::solve_group_lasso(D, y, 1, o);
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - ts).count());
  }
  std::sort(times.begin(), times.end());
  if (!out.empty()) {
    std::ofstream h(out + "/H.u8", std::ios::binary);
    std::vector<uint64_t> bits(D.words());
    std::vector<unsigned char> col(n);
    for (size_t j = 0; j < D.cols(); ++j) {
      D.column(j, bits.data());
      for (size_t i = 0; i < n; ++i) col[i] = (bits[i / 64] >> (i % 64)) & 1u;
      h.write(reinterpret_cast<const char*>(col.data()), static_cast<std::streamsize>(n));
    }
    std::ofstream yf(out + "/y.f64", std::ios::binary);
    yf.write(reinterpret_cast<const char*>(y.data()), static_cast<std::streamsize>(n * sizeof(double)));
    std::ofstream meta(out + "/meta.txt");
    meta.precision(17);
    meta << n << " " << D.cols() << " " << o.beta << " " << r.primal << "\n";
  }
  std::printf("{\"n\": %zu, \"P\": %zu, \"d\": %zu, \"beta\": %.17g, \"beta_max\": %.17g, \"objective\": %.17g, "
              "\"rel_gap\": %.3e, \"nnz\": %zu, \"screened\": %zu, \"outer\": %d, \"time_median_s\": %.4f, "
              "\"time_min_s\": %.4f, \"dictionary_s\": %.3f, \"peak_mib\": %.1f}\n",
              n, D.cols(), d, o.beta, bmax, r.primal, r.rel_gap(), r.support.size(), r.screened, r.outer_iterations,
              times[times.size() / 2], times[0], gen_s, static_cast<double>(peak_kib()) / 1024.0);
  return r.converged ? 0 : 1;
}

// MPI scaling benchmark driver (bench/mpi/run.sh runs it under mpirun -np 1, 2, 4). Every rank
// generates its block of a seeded synthetic problem (row i's inputs and label depend on the seed
// and i alone, so the problem is the same for any number of ranks): --rows rows of --features
// Gaussian inputs quantized to 8 bits, +-1 labels from a random threshold-network teacher. Then the
// row-partitioned trainer's own steps: the gaussian dictionary of --directions columns (each rank
// its block of rows), beta_max, and the warm-started path of --betas betas from beta_max down to
// 0.02 beta_max with the group Lasso solver to a relative gap of 1e-6. Rank 0 prints one JSON line:
// ranks, build seconds, median seconds per beta, outer iterations, the bytes each rank sends through
// the reductions per outer iteration, and the peak resident memory of the largest rank (VmHWM).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "support/mpi_comm.hpp"
#include "train/dictionary.hpp"
#include "train/generators.hpp"
#include "train/lasso.hpp"

namespace {

double arg(int argc, char** argv, const char* name, double fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return std::atof(argv[i + 1]);
  return fallback;
}

double peak_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6);
  return -1;
}

uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// A standard normal from two counter-based uniforms (Box-Muller).
double normal(uint64_t key) {
  const double u1 = (static_cast<double>(mix(key) >> 11) + 0.5) * 0x1.0p-53;
  const double u2 = (static_cast<double>(mix(key ^ 0xabcdef) >> 11) + 0.5) * 0x1.0p-53;
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
}

double seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  hv::comm::init(&argc, &argv);
  const size_t n = static_cast<size_t>(arg(argc, argv, "--rows", 200000));
  const size_t d = static_cast<size_t>(arg(argc, argv, "--features", 16));
  const int betas = static_cast<int>(arg(argc, argv, "--betas", 6));
  hv::GeneratorOptions g;
  g.kind = "gaussian";
  g.directions = static_cast<size_t>(arg(argc, argv, "--directions", 2000));
  g.seed = 7;
  const size_t ranks = static_cast<size_t>(hv::comm::size()), me = static_cast<size_t>(hv::comm::rank());
  const size_t lo = n * me / ranks, hi = n * (me + 1) / ranks, m = hi - lo;

  // This rank's rows; the teacher: 8 hidden threshold units over fixed directions.
  constexpr size_t kTeacher = 8;
  std::vector<double> tw(kTeacher * d);
  for (size_t i = 0; i < tw.size(); ++i) tw[i] = normal(0x7eac4e5 + i);
  std::vector<int64_t> q(m * d);
  std::vector<double> Y(m);
  for (size_t r = 0; r < m; ++r) {
    std::vector<double> x(d);
    for (size_t c = 0; c < d; ++c) {
      x[c] = normal(((lo + r) * d + c) * 2 + 1);
      q[r * d + c] = std::clamp<int64_t>(std::llround(x[c] * 40 + 128), 0, 255);
    }
    double score = 0;
    for (size_t k = 0; k < kTeacher; ++k) {
      double z = 0;
      for (size_t c = 0; c < d; ++c) z += tw[k * d + c] * x[c];
      score += (k % 2 ? -1.0 : 1.0) * (z > 0.3 ? 1.0 : 0.0);
    }
    Y[r] = score > 0 ? 1.0 : -1.0;
  }

  auto t0 = std::chrono::steady_clock::now();
  hv::Dictionary dict(&q, m, d, g.seed);
  hv::generate_dictionary(dict, g, "bench");
  const double build = seconds(t0);
  const double bmax = hv::beta_max(dict, Y, 1);
  hv::GroupLassoSolver solver(dict, Y, 1);
  hv::LassoOptions lo_opt;
  lo_opt.tol = 1e-6;
  std::vector<double> per_beta;
  hv::LassoResult prev;
  int outer = 0;
  uint64_t bytes = 0;
  for (int k = 1; k <= betas; ++k) {
    lo_opt.beta = bmax * std::pow(0.02, static_cast<double>(k) / betas);
    hv::comm::reset_bytes_sent();
    auto tb = std::chrono::steady_clock::now();
    hv::LassoResult r = solver.solve(lo_opt, k > 1 ? &prev : nullptr);
    per_beta.push_back(seconds(tb));
    outer += r.outer_iterations;
    bytes += hv::comm::bytes_sent();
    prev = std::move(r);
  }
  std::vector<double> peak = {peak_kib() / 1024.0};
  hv::comm::max(peak);
  std::vector<double> sorted = per_beta;
  std::sort(sorted.begin(), sorted.end());
  if (me == 0)
    std::printf(
        "{\"ranks\": %zu, \"rows\": %zu, \"features\": %zu, \"columns\": %zu, \"build_s\": %.3f, "
        "\"median_s_per_beta\": %.4f, \"total_solve_s\": %.3f, \"outer_iterations\": %d, "
        "\"bytes_per_outer_per_rank\": %.0f, \"peak_mib_max_rank\": %.1f, \"neurons\": %zu, \"objective\": %.12g, "
        "\"gap\": %.3e}\n",
        ranks, n, d, dict.cols(), build, sorted[sorted.size() / 2], [&] {
          double t = 0;
          for (double v : per_beta) t += v;
          return t;
        }(),
        outer, outer ? static_cast<double>(bytes) / outer : 0.0, peak[0], prev.support.size(), prev.primal, prev.gap);
  hv::comm::finalize();
  return 0;
}

// Multi-class solver benchmark driver (issue 12). Loads a labelled data set the way `heaviside
// train` does (CSV or MNIST IDX, the default 25% test split with seed 1, 8-bit inputs), builds a
// dictionary (gaussian: the trainer's Gaussian directions; sparse-explicit: sparse integer
// directions with quantile thresholds, bit-packed), one-hot +-1 targets, and solves the group
// Lasso (squared loss) or the multinomial logistic regression at beta = frac * beta_max to a
// relative gap of --tol, with the inner solver --inner auto|cd|newton. Prints one JSON line:
// time (median of --repeat), objective, certified relative gap, support, dictionary build time,
// peak memory (VmHWM). --export DIR writes H (column-major uint8), Y (n x K float64, row-major)
// and meta.txt (n P K beta objective) for the peers in this folder. --path N instead solves the
// warm-started path of N betas from beta_max down to frac * beta_max (solve_path) and prints one
// line per point plus a total line.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "frontend/csv.hpp"
#include "frontend/idx.hpp"
#include "train/dictionary.hpp"
#include "train/generators.hpp"
#include "train/lasso.hpp"
#include "train/multinomial.hpp"
#include "train/quantize_inputs.hpp"
#include "train/split.hpp"

namespace {

double arg(int argc, char** argv, const char* name, double fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return std::atof(argv[i + 1]);
  return fallback;
}
std::string sarg(int argc, char** argv, const char* name, const std::string& fallback = "") {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  return fallback;
}

long peak_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string data = sarg(argc, argv, "--data");
  const std::string kind = sarg(argc, argv, "--dictionary", "gaussian");
  const size_t P = static_cast<size_t>(arg(argc, argv, "--P", 2000));
  const double frac = arg(argc, argv, "--beta-frac", 0.005);
  const double tol = arg(argc, argv, "--tol", 1e-6);
  const int repeat = static_cast<int>(arg(argc, argv, "--repeat", 1));
  const int path = static_cast<int>(arg(argc, argv, "--path", 0));
  const std::string inner = sarg(argc, argv, "--inner", "auto");
  const std::string loss = sarg(argc, argv, "--loss", "squared");
  const std::string out = sarg(argc, argv, "--export");
  if (data.empty()) {
    std::fprintf(stderr, "usage: bench_multiclass --data FILE [--dictionary gaussian|sparse-explicit] [--P N] "
                         "[--beta-frac F] [--tol T] [--inner auto|cd|newton] [--loss squared|logistic] [--path N] "
                         "[--repeat R] [--export DIR]\n");
    return 2;
  }
  hv::Dataset all = hv::is_idx_path(data) ? hv::read_idx(data, hv::idx_sibling_labels(data))
                                          : hv::read_csv(data, hv::CsvOptions{});
  auto [train, test] = hv::split_dataset(all, 0.25, 1);
  std::vector<std::string> classes = train.labels;
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  const size_t n = train.n_rows, d = train.n_features(), K = classes.size();
  hv::Network net;
  net.input_bits = 8;
  net.inputs = hv::fit_quantizer(train, 8);
  std::vector<int64_t> q = hv::quantize_rows(net, train);
  std::vector<double> Y(n * K, -1.0);
  for (size_t i = 0; i < n; ++i)
    Y[i * K + static_cast<size_t>(std::lower_bound(classes.begin(), classes.end(), train.labels[i]) - classes.begin())] = 1.0;

  auto t0 = std::chrono::steady_clock::now();
  hv::Dictionary D(&q, n, d, 1);
  if (kind == "gaussian") {
    hv::GeneratorOptions g;
    g.directions = P;
    hv::generate_dictionary(D, g, data);
  } else {  // sparse-explicit: 50 quantile thresholds per sparse direction until P columns
    std::mt19937_64 rng(1);
    while (D.cols() < P) {
      std::vector<std::vector<int64_t>> ws;
      for (int i = 0; i < 64; ++i) ws.push_back(hv::random_sparse_direction(rng, d, 4, 8));
      D.add_directions_explicit(ws, 50, 1.0, P);
    }
  }
  const double dict_s = since(t0);
  const bool logistic = loss == "logistic";
  const double bmax = logistic ? hv::multinomial_beta_max(D, Y, K) : hv::beta_max(D, Y, K);
  hv::LassoOptions o;
  o.beta = frac * bmax;
  o.tol = tol;
  o.verbose = arg(argc, argv, "--verbose", 0) != 0;
  o.inner = inner == "cd" ? hv::InnerSolver::CD : inner == "newton" ? hv::InnerSolver::Newton : hv::InnerSolver::Auto;
  if (path > 0) {
    auto tp = std::chrono::steady_clock::now();
    double last = 0;
    std::vector<double> betas = hv::geometric_betas(bmax, frac * bmax, path);
    int k = 0;
    bool ok = true;
    auto report = [&](const hv::LassoResult& r) {
      const double t = since(tp);
      ok = ok && r.converged;
      std::printf("{\"point\": %d, \"beta_frac\": %.6g, \"objective\": %.17g, \"rel_gap\": %.3e, \"neurons\": %zu, "
                  "\"time_s\": %.3f, \"total_s\": %.3f, \"newton_iterations\": %ld, \"peak_mib\": %.1f}\n",
                  ++k, r.beta / bmax, r.primal, r.rel_gap(), r.support.size(), t - last, t,
                  r.newton_iterations, static_cast<double>(peak_kib()) / 1024.0);
      std::fflush(stdout);
      last = t;
      return true;
    };
    if (logistic) {
      hv::LassoResult prev;
      for (double b : betas) {
        hv::LassoOptions pk = o;
        pk.beta = b;
        prev = hv::solve_multinomial(D, Y, K, pk, k > 0 ? &prev : nullptr);
        report(prev);
      }
    } else {
      hv::solve_path(D, Y, K, betas, o, report);
    }
    std::printf("{\"data\": \"%s\", \"n\": %zu, \"K\": %zu, \"P\": %zu, \"path_points\": %d, \"dictionary_s\": %.3f, "
                "\"path_total_s\": %.3f, \"peak_mib\": %.1f, \"all_converged\": %s}\n",
                data.c_str(), n, K, D.cols(), path, dict_s, since(tp), static_cast<double>(peak_kib()) / 1024.0,
                ok ? "true" : "false");
    return ok ? 0 : 1;
  }
  std::vector<double> times;
  hv::LassoResult r;
  for (int k = 0; k < repeat; ++k) {
    auto ts = std::chrono::steady_clock::now();
    r = logistic ? hv::solve_multinomial(D, Y, K, o) : hv::solve_group_lasso(D, Y, K, o);
    times.push_back(since(ts));
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
    std::ofstream yf(out + "/Y.f64", std::ios::binary);
    yf.write(reinterpret_cast<const char*>(Y.data()), static_cast<std::streamsize>(Y.size() * sizeof(double)));
    std::ofstream meta(out + "/meta.txt");
    meta.precision(17);
    meta << n << " " << D.cols() << " " << K << " " << o.beta << " " << r.primal << "\n";
  }
  std::printf("{\"data\": \"%s\", \"n\": %zu, \"K\": %zu, \"P\": %zu, \"loss\": \"%s\", \"inner\": \"%s\", "
              "\"beta_frac\": %.6g, \"beta\": %.17g, \"objective\": %.17g, \"rel_gap\": %.3e, \"neurons\": %zu, "
              "\"outer\": %d, \"cd_sweeps\": %ld, \"newton_iterations\": %ld, \"time_median_s\": %.3f, "
              "\"dictionary_s\": %.3f, \"peak_mib\": %.1f}\n",
              data.c_str(), n, K, D.cols(), loss.c_str(), inner.c_str(), frac, o.beta, r.primal, r.rel_gap(),
              r.support.size(), r.outer_iterations, r.cd_sweeps, r.newton_iterations, times[times.size() / 2], dict_s,
              static_cast<double>(peak_kib()) / 1024.0);
  return r.converged ? 0 : 1;
}

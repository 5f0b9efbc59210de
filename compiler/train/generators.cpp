// The dictionary generators (see generators.hpp).
#include "generators.hpp"

#include "support/mpi_comm.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "support/diagnostics.hpp"

namespace hv {

double fan_in(const std::vector<int64_t>& w) {
  return static_cast<double>(std::count_if(w.begin(), w.end(), [](int64_t v) { return v != 0; }));
}

namespace {

struct Stats {
  std::vector<double> mean, sd;
};

// Per-feature mean and standard deviation over every rank's rows (support/mpi_comm.hpp): n is
// this rank's rows, total every rank's. The sums of the integer inputs are exact in any order.
Stats column_stats(const std::vector<int64_t>& q, size_t n, size_t total, size_t d) {
  Stats s{std::vector<double>(d, 0.0), std::vector<double>(d, 0.0)};
  for (size_t r = 0; r < n; ++r)
    for (size_t c = 0; c < d; ++c) s.mean[c] += static_cast<double>(q[r * d + c]);
  comm::sum(s.mean);
  for (auto& m : s.mean) m /= static_cast<double>(total);
  for (size_t r = 0; r < n; ++r)
    for (size_t c = 0; c < d; ++c) {
      double t = static_cast<double>(q[r * d + c]) - s.mean[c];
      s.sd[c] += t * t;
    }
  comm::sum(s.sd);
  for (auto& v : s.sd) v = std::sqrt(v / static_cast<double>(total));
  return s;
}

// Gaussian u on standardized features plus a Gaussian bias, re-expressed over q and rounded so
// that the largest |weight| is 2^(bits-1) - 1.
IntNeuron gaussian_neuron(std::mt19937_64& rng, const Stats& st, size_t d, int weight_bits) {
  std::normal_distribution<double> N(0.0, 1.0);
  std::vector<double> c(d, 0.0);
  double b = N(rng), cmax = 0;
  for (size_t i = 0; i < d; ++i) {
    double u = N(rng);
    if (st.sd[i] > 0) {
      c[i] = u / st.sd[i];
      b -= c[i] * st.mean[i];
    }
    cmax = std::max(cmax, std::abs(c[i]));
  }
  IntNeuron nr;
  nr.w.assign(d, 0);
  if (cmax == 0) return nr;
  double scale = static_cast<double>((int64_t{1} << (weight_bits - 1)) - 1) / cmax;
  for (size_t i = 0; i < d; ++i) nr.w[i] = std::llround(c[i] * scale);
  nr.b = std::llround(b * scale);
  return nr;
}

void gaussian(Dictionary& dict, const GeneratorOptions& opt) {
  Stats st = column_stats(dict.q(), dict.rows(), dict.total_rows(), dict.inputs());
  std::mt19937_64 rng(opt.seed);
  std::vector<IntNeuron> nrs;
  std::vector<double> costs;
  for (size_t s = 0; s < opt.directions; ++s) {
    nrs.push_back(gaussian_neuron(rng, st, dict.inputs(), opt.weight_bits));
    costs.push_back(opt.fan_in_cost ? std::max(1.0, fan_in(nrs.back().w)) : 1.0);
  }
  dict.add_neurons(std::move(nrs), costs);  // patterns in parallel, admitted in this order
}

void sparse(Dictionary& dict, const GeneratorOptions& opt) {
  std::mt19937_64 rng(opt.seed);
  std::vector<std::vector<int64_t>> ws;
  std::vector<double> costs;
  for (size_t s = 0; s < opt.directions; ++s) {
    ws.push_back(random_sparse_direction(rng, dict.inputs(), opt.max_fan_in, opt.weight_bits));
    costs.push_back(opt.fan_in_cost ? fan_in(ws.back()) : 1.0);
  }
  dict.add_directions(ws, costs);  // sorts in parallel, admitted in this order
}

// The fan-in-1 dictionary: every input against every threshold that changes the pattern,
// 1{q_i >= t} (weight 1, bias -t): the splits a decision tree can make on the quantized inputs.
// One threshold block per input (d sorts), so it is complete: every hidden neuron that reads one
// input is one of its columns (or the complement of one), and the Lasso's certificate covers every
// two-layer network of comparators. Its hidden neurons cost a comparator each (cost 1).
void comparators(Dictionary& dict) {
  const size_t d = dict.inputs();
  std::vector<std::vector<int64_t>> ws;
  for (size_t i = 0; i < d; ++i) {
    ws.emplace_back(d, 0);
    ws.back()[i] = 1;
  }
  dict.add_directions(ws, std::vector<double>(d, 1.0));
}

// Every pattern of points in the plane: the pattern of a direction changes only where it is
// perpendicular to q_i - q_j; one direction strictly inside each arc between consecutive critical
// directions, with all its thresholds, realizes every pattern (Cover: sum_{k<=2} C(n-1,k) - 1
// non-constant patterns up to complement, in general position). Integer directions throughout.
void exact(Dictionary& dict, const GeneratorOptions& opt, const std::string& source) {
  const size_t n = dict.rows(), d = dict.inputs();
  if (d > 2)
    fail_at({source, 0, 0}, "exact enumeration needs at most 2 input features, found " + std::to_string(d) +
                                 " (the gaussian and sparse dictionaries have no such limit)");
  if (d == 1 || n < 2) {
    dict.add_direction({1});
    return;
  }
  if (n > opt.exact_max_rows)
    fail_at({source, 0, 0}, "exact enumeration of " + std::to_string(n) + " rows in 2-D would examine " +
                                 std::to_string(n * (n - 1) / 2) + " directions; at most " +
                                 std::to_string(opt.exact_max_rows) + " rows are allowed");
  const auto& q = dict.q();
  std::vector<std::pair<int64_t, int64_t>> dirs;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) {
      int64_t dx = q[j * 2] - q[i * 2], dy = q[j * 2 + 1] - q[i * 2 + 1];
      if (dx == 0 && dy == 0) continue;
      int64_t g = std::gcd(dx, dy);
      dirs.push_back({-dy / g, dx / g});
      dirs.push_back({dy / g, -dx / g});
    }
  if (dirs.empty()) {
    dict.add_direction({1, 0});
    return;
  }
  auto half = [](const std::pair<int64_t, int64_t>& v) { return v.second > 0 || (v.second == 0 && v.first > 0) ? 0 : 1; };
  std::sort(dirs.begin(), dirs.end(), [&](const auto& a, const auto& b) {
    if (half(a) != half(b)) return half(a) < half(b);
    return a.first * b.second - a.second * b.first > 0;  // counter-clockwise order
  });
  dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
  for (size_t k = 0; k < dirs.size(); ++k) {
    auto u1 = dirs[k], u2 = dirs[(k + 1) % dirs.size()];
    int64_t cross = u1.first * u2.second - u1.second * u2.first;
    std::vector<int64_t> w = cross > 0 ? std::vector<int64_t>{u1.first + u2.first, u1.second + u2.second}
                                       : std::vector<int64_t>{-u1.second, u1.first};
    dict.add_direction(w);
  }
}

}  // namespace

std::vector<int64_t> random_sparse_direction(std::mt19937_64& rng, size_t d, int max_fan_in, int weight_bits) {
  const int64_t wmax = std::max<int64_t>(1, (int64_t{1} << (weight_bits - 1)) - 1);
  size_t k = std::uniform_int_distribution<size_t>(1, std::min<size_t>(d, static_cast<size_t>(std::max(1, max_fan_in))))(rng);
  std::vector<size_t> idx(d);
  std::iota(idx.begin(), idx.end(), 0);
  for (size_t i = 0; i < k; ++i) std::swap(idx[i], idx[std::uniform_int_distribution<size_t>(i, d - 1)(rng)]);
  std::vector<int64_t> w(d, 0);
  std::uniform_int_distribution<int64_t> mag(1, wmax);
  for (size_t i = 0; i < k; ++i) w[idx[i]] = (rng() & 1 ? 1 : -1) * mag(rng);
  return w;
}

void generate_dictionary(Dictionary& dict, const GeneratorOptions& opt, const std::string& source) {
  if (opt.kind == "gaussian") gaussian(dict, opt);
  else if (opt.kind == "sparse") sparse(dict, opt);
  else if (opt.kind == "exact") exact(dict, opt, source);
  else if (opt.kind == "comparators") comparators(dict);
  else fail("unknown dictionary " + quote(opt.kind) + " (expected gaussian, sparse, exact or comparators)");
}

}  // namespace hv

// Pricing and the column-generation loop (see colgen.hpp). One round costs O(C (n d + n log n)).
#include "colgen.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

#include "generators.hpp"

namespace hv {

namespace {

// Best normalized score ||sum_{i: z_i >= v} U_i|| / cost over all thresholds v of direction w.
double price(const Dictionary& dict, const std::vector<int64_t>& w, const std::vector<double>& U, size_t K, double cost,
             std::vector<int64_t>& z, std::vector<uint32_t>& order, std::vector<double>& acc) {
  const size_t n = dict.rows(), d = dict.inputs();
  const auto& q = dict.q();
  for (size_t r = 0; r < n; ++r) {
    int64_t s = 0;
    for (size_t c = 0; c < d; ++c)
      if (w[c]) s += w[c] * q[r * d + c];
    z[r] = s;
  }
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return z[a] < z[b]; });
  std::fill(acc.begin(), acc.end(), 0.0);
  double best = 0;
  for (size_t p = n; p-- > 0;) {
    for (size_t k = 0; k < K; ++k) acc[k] += U[order[p] * K + k];
    if (p > 0 && z[order[p - 1]] == z[order[p]]) continue;  // thresholds sit between distinct values
    double s = 0;
    for (size_t k = 0; k < K; ++k) s += acc[k] * acc[k];
    best = std::max(best, std::sqrt(s));
  }
  return best / cost;
}

std::vector<int64_t> surrogate_direction(const Dictionary& dict, const std::vector<double>& U, size_t K, size_t k,
                                         int weight_bits) {
  const size_t n = dict.rows(), d = dict.inputs();
  std::vector<double> g(d, 0.0);
  for (size_t r = 0; r < n; ++r)
    for (size_t c = 0; c < d; ++c) g[c] += static_cast<double>(dict.q()[r * d + c]) * U[r * K + k];
  double gmax = 0;
  for (double v : g) gmax = std::max(gmax, std::abs(v));
  std::vector<int64_t> w(d, 0);
  if (gmax == 0) return w;
  double scale = static_cast<double>((int64_t{1} << (weight_bits - 1)) - 1) / gmax;
  for (size_t c = 0; c < d; ++c) w[c] = std::llround(g[c] * scale);
  return w;
}

// Data-aware pricing (issue 11): the direction that most violates |d^T u| <= beta is what a
// linear classifier of sign(u_k) weighted by |u_k| looks for. Fit one by weighted least squares on
// the few inputs most correlated with u_k (4 x max_fan_in of them, so the system stays small),
// keep the max_fan_in largest weights, and round them to weight_bits-bit integers; the pricing
// then scans every threshold of the rounded direction.
std::vector<int64_t> classifier_direction(const Dictionary& dict, const std::vector<double>& U, size_t K, size_t k,
                                          int max_fan_in, int weight_bits) {
  const size_t n = dict.rows(), d = dict.inputs();
  const auto& q = dict.q();
  std::vector<double> g(d, 0.0);
  for (size_t r = 0; r < n; ++r)
    for (size_t c = 0; c < d; ++c) g[c] += static_cast<double>(q[r * d + c]) * U[r * K + k];
  std::vector<size_t> idx(d);
  std::iota(idx.begin(), idx.end(), 0);
  const size_t m = std::min(d, static_cast<size_t>(std::max(1, 4 * max_fan_in)));
  std::partial_sort(idx.begin(), idx.begin() + static_cast<long>(m), idx.end(),
                    [&](size_t a, size_t b) { return std::abs(g[a]) > std::abs(g[b]); });
  idx.resize(m);
  // Weighted normal equations over [q_idx, 1]: sum |u| x x^T w = sum |u| sign(u) x = sum u x.
  const size_t p = m + 1;
  std::vector<double> A(p * p, 0.0), rhs(p, 0.0), x(p);
  double scale2 = 0;
  for (size_t r = 0; r < n; ++r) {
    double u = U[r * K + k], a = std::abs(u);
    for (size_t i = 0; i < m; ++i) x[i] = static_cast<double>(q[r * d + idx[i]]);
    x[m] = 1.0;
    for (size_t i = 0; i < p; ++i) {
      rhs[i] += u * x[i];
      for (size_t j = 0; j <= i; ++j) A[i * p + j] += a * x[i] * x[j];
    }
  }
  for (size_t i = 0; i < p; ++i) scale2 = std::max(scale2, A[i * p + i]);
  for (size_t i = 0; i < p; ++i) A[i * p + i] += 1e-8 * scale2 + 1e-300;  // a whisker of ridge
  // Cholesky solve (A is symmetric positive definite with the ridge).
  for (size_t j = 0; j < p; ++j) {
    double s = A[j * p + j];
    for (size_t t = 0; t < j; ++t) s -= A[j * p + t] * A[j * p + t];
    A[j * p + j] = std::sqrt(std::max(s, 1e-300));
    for (size_t i = j + 1; i < p; ++i) {
      double v = A[i * p + j];
      for (size_t t = 0; t < j; ++t) v -= A[i * p + t] * A[j * p + t];
      A[i * p + j] = v / A[j * p + j];
    }
  }
  std::vector<double> w(rhs);
  for (size_t i = 0; i < p; ++i) {
    for (size_t t = 0; t < i; ++t) w[i] -= A[i * p + t] * w[t];
    w[i] /= A[i * p + i];
  }
  for (size_t i = p; i-- > 0;) {
    for (size_t t = i + 1; t < p; ++t) w[i] -= A[t * p + i] * w[t];
    w[i] /= A[i * p + i];
  }
  std::vector<size_t> keep(m);
  std::iota(keep.begin(), keep.end(), 0);
  const size_t f = std::min(m, static_cast<size_t>(std::max(1, max_fan_in)));
  std::partial_sort(keep.begin(), keep.begin() + static_cast<long>(f), keep.end(),
                    [&](size_t a, size_t b) { return std::abs(w[a]) > std::abs(w[b]); });
  double wmax = 0;
  for (size_t i = 0; i < f; ++i) wmax = std::max(wmax, std::abs(w[keep[i]]));
  std::vector<int64_t> out(d, 0);
  if (wmax == 0) return out;
  const double s = static_cast<double>((int64_t{1} << (weight_bits - 1)) - 1) / wmax;
  for (size_t i = 0; i < f; ++i) out[idx[keep[i]]] = std::llround(w[keep[i]] * s);
  return out;
}

}  // namespace

LassoResult column_generation(Dictionary& dict, const std::vector<double>& Y, size_t K, const LassoResult& start,
                              const ColgenOptions& opt,
                              const std::function<LassoResult(const LassoResult& warm)>& solve, ColgenReport& rep,
                              std::chrono::steady_clock::time_point stop_at) {
  const size_t n = dict.rows(), d = dict.inputs();
  std::mt19937_64 rng(opt.seed);
  std::vector<int64_t> z(n);
  std::vector<uint32_t> order(n);
  std::vector<double> acc(K);
  std::vector<std::vector<int64_t>> examined;  // priced and not added: re-priced before stopping
  LassoResult sol = start;
  const double beta = sol.beta;
  auto cost_of = [&](const std::vector<int64_t>& w) { return opt.fan_in_cost ? std::max(1.0, fan_in(w)) : 1.0; };
  auto past_stop = [&] { return std::chrono::steady_clock::now() >= stop_at; };
  // Adds the most violating of `cand` (score > beta, at most add_per_round); the rest go to
  // `examined`. Returns the number of directions added.
  auto add_best = [&](std::vector<std::vector<int64_t>>& cand, double& best) {
    std::vector<std::pair<double, size_t>> scored;
    for (size_t c = 0; c < cand.size(); ++c)
      scored.push_back({price(dict, cand[c], sol.dual_point, K, cost_of(cand[c]), z, order, acc), c});
    std::sort(scored.begin(), scored.end(), std::greater<>());
    best = scored.empty() ? 0.0 : scored[0].first;
    size_t added = 0;
    for (const auto& [score, c] : scored) {
      if (score > beta * (1 + 1e-9) && added < opt.add_per_round) {
        size_t kept = dict.add_direction(cand[c], cost_of(cand[c]));
        rep.added_columns += kept;
        added += kept > 0;
        if (kept > 0) continue;
      }
      examined.push_back(std::move(cand[c]));
    }
    return added;
  };
  for (int round = 0; round < opt.rounds; ++round) {
    if (past_stop()) {
      rep.stopped_at_time_limit = true;
      break;
    }
    std::vector<std::vector<int64_t>> cand;
    for (size_t c = 0; c < opt.candidates; ++c) cand.push_back(random_sparse_direction(rng, d, opt.max_fan_in, opt.weight_bits));
    for (size_t s : sol.support) {
      IntNeuron nr = dict.neuron(s);
      for (size_t c = 0; c < d; ++c)
        for (int64_t delta : {-1, 1}) {
          auto w = nr.w;
          w[c] += delta;
          cand.push_back(std::move(w));
        }
    }
    for (size_t k = 0; k < K; ++k) cand.push_back(surrogate_direction(dict, sol.dual_point, K, k, opt.weight_bits));
    if (opt.classifier_pricing)
      for (size_t k = 0; k < K; ++k)
        cand.push_back(classifier_direction(dict, sol.dual_point, K, k, opt.max_fan_in, opt.weight_bits));
    rep.examined += cand.size();
    double best = 0;
    size_t added = add_best(cand, best);
    if (added == 0 && !examined.empty()) {
      // No new candidate violates: re-price everything examined so far at the current dual
      // point before stopping (a direction that did not violate earlier may now).
      std::vector<std::vector<int64_t>> pool = std::move(examined);
      examined.clear();
      double pool_best = 0;
      added = add_best(pool, pool_best);
      rep.repriced += pool.size();
      best = std::max(best, pool_best);
    }
    rep.rounds = round + 1;
    if (opt.verbose)
      fmt::print(stderr, "  colgen: round {}  best score/beta {:.4f}  directions added {}  columns {}\n", round,
                   best / beta, added, dict.cols());
    if (added == 0) break;
    sol = solve(sol);
  }
  rep.max_score = 0;
  for (const auto& w : examined)
    rep.max_score = std::max(rep.max_score, price(dict, w, sol.dual_point, K, cost_of(w), z, order, acc) / beta);
  double shrink = std::min(1.0, 1.0 / std::max(rep.max_score, 1e-300));
  std::vector<double> U = sol.dual_point;
  for (auto& v : U) v *= shrink;
  rep.gap_examined = std::max(0.0, sol.primal - squared_dual(Y, K, U));
  return sol;
}

}  // namespace hv

// Pricing and the column-generation loop (see colgen.hpp). One round costs O(C (n d + n log n)).
#include "colgen.hpp"

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
      std::fprintf(stderr, "  colgen: round %d  best score/beta %.4f  directions added %zu  columns %zu\n", round,
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

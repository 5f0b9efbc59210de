// Column generation (docs/SOLVER.md section 3.5): after solving on the current dictionary, search
// for arrangement patterns that violate the dual constraint ||d^T U|| <= beta c, add them, and
// re-solve (warm). It stops when a round's fresh candidates AND every direction examined in
// earlier rounds (re-priced at the current dual point) violate nothing, or after `rounds`
// rounds, or at the time limit (checked before each round; the re-solve itself honours it too).
// It is a heuristic search: "no violation" means none among the directions it examined. Pricing is exact over the bias: for a direction w,
// one sort of z = w.q and suffix sums of U score all n+1 thresholds. Candidate directions:
// random sparse integer directions, +-1 perturbations of every active neuron's weights, the
// rounded linear surrogate Q_c^T U (the maximizer of the relaxed problem), and per output a sparse
// weighted linear classifier of sign(U) with weights |U| (classifier_pricing), rounded.
//
// Certificate: every examined direction is re-scored at the final dual point U; with v the
// largest normalized score, U * min(1, beta / v) is dual-feasible for the dictionary AND every
// examined direction at every threshold, so P(W) - D(that point) bounds the suboptimality over
// all of them (over ALL threshold networks only when the search is exhaustive, as for d <= 2).
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "dictionary.hpp"
#include "lasso.hpp"

namespace hv {

struct ColgenOptions {
  int rounds = 10;
  size_t candidates = 500;  // random directions per round
  size_t add_per_round = 50;
  int max_fan_in = 4;
  int weight_bits = 8;
  bool fan_in_cost = false;
  bool classifier_pricing = true;  // the data-aware candidate (see above)
  uint64_t seed = 7;
  bool verbose = false;
};

struct ColgenReport {
  int rounds = 0;
  size_t examined = 0;      // directions priced (each with all thresholds)
  size_t added_columns = 0;
  double max_score = 0;     // largest ||d^T U|| / (beta c) over examined directions at the final U
  double gap_examined = 0;  // certified gap over the dictionary plus everything examined
  size_t repriced = 0;      // earlier directions re-priced when a round's fresh ones added nothing
  bool stopped_at_time_limit = false;
};

// Runs column generation starting from `sol` (solved on `dict`); returns the final solution.
// `solve` re-solves on the grown dictionary with a warm start.
LassoResult column_generation(Dictionary& dict, const std::vector<double>& Y, size_t K, const LassoResult& sol,
                              const ColgenOptions& opt,
                              const std::function<LassoResult(const LassoResult& warm)>& solve, ColgenReport& rep,
                              std::chrono::steady_clock::time_point stop_at = std::chrono::steady_clock::time_point::max());

}  // namespace hv

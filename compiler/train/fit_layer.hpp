// fit_layer: one layer's convex solve, shared by the two-layer trainer (train.cpp) and the
// layer-wise deep Lasso (deep.cpp): beta_max, the warm-started beta path with budgets, column
// generation, and solve_until, which runs a solver one outer iteration at a time to a deadline.
#pragma once
#include <cstddef>
#include <functional>
#include <vector>

#include "dictionary.hpp"
#include "lasso.hpp"
#include "options.hpp"

namespace hv {

// Solves the convex program on `dict` (targets Y, K outputs): directly, or along a warm-started
// beta path (opt.path_points, or max_neurons > 0), then column generation if asked. Fills
// rep.beta, beta_max, lasso, path, colgen, dict, patterns. `accuracy` scores path points. Every
// solve stops at `deadline` (see Deadline); rep.stopped_at_time_limit tells whether one did.
// max_neurons is a hard bound: the path starts from the empty network at beta_max and keeps the
// last point within it (a first point already over it gives the empty network); a column
// generation that grows the network past it is undone (the path's network is kept, with a note).
void fit_layer(Dictionary& dict, const std::vector<double>& Y, size_t K, const TrainOptions& opt, size_t max_neurons,
               const std::function<Accuracy(const LassoResult&)>& accuracy, TrainReport& rep,
               const Deadline& deadline = {}, const std::function<bool(const LassoResult&)>& within_budget = {});

// Runs `solve` (a warm-startable convex solver honouring LassoOptions::max_outer) to lo.tol, to
// lo.max_outer iterations in all, or to the deadline (see Deadline). `stopped` is set when the
// result is the one at the deadline rather than a converged one.
LassoResult solve_until(const std::function<LassoResult(const LassoOptions&, const LassoResult*)>& solve,
                        LassoOptions lo, const LassoResult* warm, const Deadline& deadline, bool& stopped);

double seconds_since(std::chrono::steady_clock::time_point t0);

}  // namespace hv

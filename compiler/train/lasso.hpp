// Group Lasso with an unpenalized intercept and per-column costs over an arrangement dictionary
// (the Convex-Lasso of the paper; K = 1 output is the plain Lasso):
//     min_{W, b}  1/2 ||Y - H W - 1 b^T||_F^2 + beta * sum_j c_j ||W_j,:||_2
// Solver (docs/SOLVER.md, celer/skglm-style): outer iterations compute the exact residual R, the
// correlations of every unscreened column, a dual-feasible point and the duality gap; Gap-Safe
// screening discards columns that provably have W_j = 0; the working set (support + best-ranked
// columns) is solved by block coordinate descent on its popcount Gram (cached across iterations),
// with active-set rounds and Anderson acceleration (gram_cd.hpp).
//     dual point U = R / s,  s = max(1, max_j ||h_j^T R|| / (beta c_j))
//     D(U) = <Y_c, U> - 1/2 ||U||^2,  gap = P(W) - D(U) >= P(W) - P*
// The exit certificate is recomputed in float64 over ALL columns, screened ones included.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "dictionary.hpp"

namespace hv {

// The working-set subproblem's solver: coordinate descent, projected Newton (gram_newton.hpp), or
// coordinate descent within a budget and Newton after it when it has not converged (auto).
enum class InnerSolver { Auto, CD, Newton };

struct LassoOptions {
  double beta = 1.0;
  double tol = 1e-6;        // stop when gap <= tol * P(0)
  int max_outer = 500;
  size_t ws_min = 100;      // a working set = the support + max(ws_min, 2 x support size) best-ranked columns
  bool screening = true;    // Gap-Safe screening
  bool intercept = true;    // free output bias (false: the bias-free problem, e.g. the shattered form)
  bool verbose = false;     // progress lines on stderr
  InnerSolver inner = InnerSolver::Auto;
  // The inner solver returns its current iterate at this time, so that an outer iteration ends
  // (with its certificate) soon after it instead of minutes later (--time-limit). max(): never.
  std::chrono::steady_clock::time_point inner_stop_at = std::chrono::steady_clock::time_point::max();
};

struct LassoResult {
  std::vector<size_t> support;          // columns with W_j != 0, increasing
  std::vector<std::vector<double>> W;   // W[s][k] for support[s]
  std::vector<double> intercept;        // b[k]
  double beta = 0;
  double primal = 0, dual = 0, gap = 0, p0 = 0;  // p0 = P(0) = 1/2 ||Y_c||^2
  double rel_gap() const { return p0 > 0 ? gap / p0 : gap; }
  double max_kkt_violation = 0;  // max over zero columns of (||h_j^T R|| - beta c_j)_+, all columns
  size_t screened = 0;           // columns discarded by Gap-Safe screening at exit
  int outer_iterations = 0;
  long cd_sweeps = 0, newton_iterations = 0;  // inner solver work, summed over outer iterations
  bool converged = false;
  std::vector<double> dual_point;  // U (n x K): feasible for every column of the dictionary
};

// Y: n x K row-major targets. `warm`: a previous solution (e.g. the path's previous beta).
LassoResult solve_group_lasso(const Dictionary& H, const std::vector<double>& Y, size_t K, const LassoOptions& opt,
                              const LassoResult* warm = nullptr);

// The same solver keeping its state between solves on one dictionary and one Y: the working sets'
// popcount Gram rows are computed once for the whole sequence (a path, or the one-outer-iteration-
// at-a-time solves of a time limit). Every solve is certified on its own. `H` and `Y` must outlive
// the solver; H may only grow by explicit columns appended before its threshold blocks exist.
// opt.intercept is the constructor's.
class GroupLassoSolver {
 public:
  GroupLassoSolver(const Dictionary& H, const std::vector<double>& Y, size_t K, bool intercept = true);
  ~GroupLassoSolver();
  LassoResult solve(const LassoOptions& opt, const LassoResult* warm = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The warm-started path (a stable API): one result per beta of `betas`, in their order (normally
// decreasing from beta_max), each solved to opt.tol (opt.beta is ignored) warm-started from the
// previous one's W, with one GroupLassoSolver carried along (the Gram rows of every working set
// so far; the first working set of a beta is the previous support plus the columns ranked best by
// the previous solution's residual). keep_going (optional) sees each result as it is produced;
// returning false stops the path there (the result it saw is the last one returned).
std::vector<LassoResult> solve_path(const Dictionary& H, const std::vector<double>& Y, size_t K,
                                    const std::vector<double>& betas, const LassoOptions& opt,
                                    const std::function<bool(const LassoResult&)>& keep_going = {});

// points betas from beta_max down to beta_min, geometric, beta_max itself excluded, beta_min last.
std::vector<double> geometric_betas(double beta_max, double beta_min, int points);

// max_j ||h_j^T Y_c|| / c_j: the smallest beta for which W = 0 is optimal (Y_c = Y without intercept).
double beta_max(const Dictionary& H, const std::vector<double>& Y, size_t K, bool intercept = true);

// The dual objective D(U) for squared loss at a dual point (n x K), against targets Y.
double squared_dual(const std::vector<double>& Y, size_t K, const std::vector<double>& U, bool intercept = true);

}  // namespace hv

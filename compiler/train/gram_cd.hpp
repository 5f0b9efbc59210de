// The working-set subproblem of the group Lasso, solved from its Gram matrix alone (no length-n
// vector is touched):
//     F(w) = 1/2 yy - <bv, w> + 1/2 <w, G w> + sum_a cost_a ||w_a||_2,   w: m x K
// where G = H~_WS^T H~_WS (centred popcount Gram), bv = H~_WS^T Y_c, yy = ||Y_c||^2, so that
// F(w) = 1/2 ||Y_c - H~_WS w||^2 + penalty exactly.
// Solver (docs/SOLVER.md §2.5): cyclic block coordinate descent with
//  - active-set rounds (glmnet): one sweep over all m coordinates, then sweeps over the non-zero
//    coordinates only, on a compacted copy of their Gram rows, until that subproblem's gap is small;
//  - Anderson acceleration of the active sweeps (depth `anderson_depth`): the iterates are
//    extrapolated by the affine combination that minimizes the norm of their differences, and the
//    extrapolated point is kept only if it lowers F (so F never increases).
// Stops when the duality gap of the whole subproblem, computed from q = bv - G w, is <= tol_abs,
// after max_sweeps, or at stop_at.
#pragma once
#include <chrono>
#include <cstddef>
#include <vector>

namespace hv {

struct GramProblem {
  size_t m = 0, K = 1;
  const double* G = nullptr;     // m x m, symmetric, row-major
  const double* bv = nullptr;    // m x K
  const double* cost = nullptr;  // m: the penalty weight of each row of w (beta * c_j)
  double yy = 0;                 // ||Y_c||^2
};

struct GramCDOptions {
  double tol_abs = 0;       // stop when the subproblem's duality gap is <= tol_abs
  int max_sweeps = 200000;  // coordinate sweeps of any kind
  bool anderson = true;
  int anderson_depth = 5;   // iterates combined per extrapolation
  // Wall-clock time at which to return the current iterate (checked after every sweep); the
  // caller certifies whatever it gets. max(): no limit.
  std::chrono::steady_clock::time_point stop_at = std::chrono::steady_clock::time_point::max();
};

struct GramCDStats {
  long sweeps = 0;                   // full and active sweeps
  int extrapolations = 0;            // Anderson steps accepted (they lowered F)
  int rejected = 0;                  // Anderson steps discarded
  long newton_iterations = 0;        // set by callers that finish with gram_newton
  double gap = 0;                    // subproblem duality gap at exit
  bool out_of_time = false;          // returned at stop_at
  std::vector<double>* trace = nullptr;  // when set: F after every sweep and every accepted step
};

// F(w) from scratch (O(m^2 K)).
double gram_objective(const GramProblem& pb, const std::vector<double>& w);

// Minimizes F from the start point w (m x K, updated in place).
void gram_cd(const GramProblem& pb, std::vector<double>& w, const GramCDOptions& opt, GramCDStats* stats = nullptr);

}  // namespace hv

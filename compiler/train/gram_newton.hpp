// A second-order solver for the working-set subproblem of the group Lasso (gram_cd.hpp's F), for
// the many-classes / small-beta regime where coordinate descent needs thousands of sweeps.
// Projected Newton (Bertsekas 1982) on the variational form of the penalty,
//     ||w_a|| = min_{eta_a >= 0} ||w_a||^2 / (2 eta_a) + eta_a / 2,
// with d_a = eta_a / cost_a >= 0 (one variable per row of w, whatever K):
//     f(d) = min_w F_d(w) = 1/2 yy - 1/2 tr(C^T B^-1 C) + 1/2 sum_a cost_a^2 d_a,
//     B = I + S G S, C = S bv, S = diag(sqrt(d)),   w(d) = S B^-1 C  (the ridge solution).
// f is convex (a partial minimum of a jointly convex function) and, with q = bv - G w(d),
//     grad_a f = 1/2 (cost_a^2 - ||q_a||^2),
//     Hess f  = (Q Q^T) o (G - G S B^-1 S G)           (o: elementwise product, Q = q as m x K),
// both finite at d = 0 (KKT of the group Lasso: ||q_a|| = cost_a where d_a > 0, <= where d_a = 0).
// Only the rows with d_a > 0 enter B, and the Newton system is solved on the free variables (not
// at the bound with a positive gradient), so an iteration costs O(s^3) for a support of s rows,
// independent of K and of the working-set size m beyond O(m s K). Every iterate w(d) is a point
// of the subproblem whose duality gap (from q, as in gram_cd) is the stopping test; a row leaves
// the support exactly (its d is projected to 0), so the support is identified in finitely many
// steps and the last iterations converge quadratically.
// Dense kernels run on fixed tiles split over OpenMP threads, so the result does not depend on
// the thread count.
#pragma once
#include <chrono>
#include <vector>

#include "gram_cd.hpp"

namespace hv {

struct GramNewtonOptions {
  double tol_abs = 0;    // stop when the subproblem's duality gap is <= tol_abs
  int max_iter = 200;    // Newton iterations
  std::chrono::steady_clock::time_point stop_at = std::chrono::steady_clock::time_point::max();
};

struct GramNewtonStats {
  int iterations = 0;
  int line_search_steps = 0;  // extra function evaluations (step halvings)
  double gap = 0;             // subproblem duality gap at exit
  bool out_of_time = false;
};

// Minimizes F from the start point w (m x K, updated in place; its row norms give the start d).
// Never returns a point with a larger F than the start.
void gram_newton(const GramProblem& pb, std::vector<double>& w, const GramNewtonOptions& opt,
                 GramNewtonStats* stats = nullptr);

// Floating-point operations of one Newton iteration with a support of s rows (for the choice
// between coordinate descent and Newton in lasso.cpp).
double gram_newton_iteration_flops(double s, double m, double K);

}  // namespace hv

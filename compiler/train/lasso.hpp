// Group Lasso with an unpenalized intercept over a binary dictionary (the Convex-Lasso of the
// paper; K = 1 output is the plain Lasso):
//     min_{W, b}  1/2 ||Y - H W - 1 b^T||_F^2 + beta * sum_j ||W_j,:||_2
// Solver: working-set block coordinate descent on a popcount Gram of the working set, outer
// iterations re-scoring every column against the exact residual (KKT) and stopping on the
// duality gap, recomputed from scratch in float64 over ALL columns:
//     dual point U = R / max(1, max_j ||h~_j^T R|| / beta)   (h~ = centred column)
//     D(U) = <Y_c, U> - 1/2 ||U||^2,  gap = P(W) - D(U) >= P(W) - P*.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "bitmatrix.hpp"

namespace hv {

struct LassoOptions {
  double beta = 1.0;
  double tol = 1e-6;        // stop when gap <= tol * P(0)
  int max_outer = 200;
  int ws_min = 100;         // smallest working set
  bool verbose = false;     // progress lines on stderr
};

struct LassoResult {
  std::vector<size_t> support;          // columns with W_j != 0, increasing
  std::vector<std::vector<double>> W;   // W[s][k] for support[s]
  std::vector<double> intercept;        // b[k]
  double primal = 0, dual = 0, gap = 0, p0 = 0;  // p0 = P(0) = 1/2 ||Y_c||^2
  double rel_gap() const { return p0 > 0 ? gap / p0 : gap; }
  double max_kkt_violation = 0;          // max_j (||h~_j^T R|| - beta)_+ over zero columns
  int outer_iterations = 0;
  bool converged = false;
};

// Y: n x K row-major targets.
LassoResult solve_group_lasso(const BitMatrix& H, const std::vector<double>& Y, size_t K, const LassoOptions& opt);

// ||H~^T Y_c||_{2,inf}: the smallest beta for which W = 0 is optimal.
double beta_max(const BitMatrix& H, const std::vector<double>& Y, size_t K);

}  // namespace hv

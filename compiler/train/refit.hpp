// Debiasing the output layer with its own certificate (issue 11, item 2). The Lasso chooses WHICH
// hidden neurons to keep (its duality gap certifies that choice over the dictionary), but its l1
// penalty also shrinks every kept output weight towards zero. The refit solves a second convex
// problem on the kept neurons only, a ridge least squares with a free intercept:
//     min_{W, b}  1/2 ||Y - H_S W - 1 b^T||_F^2 + lambda/2 ||W||_F^2
// (H_S: the n x s binary patterns of the kept neurons, Y: n x K targets), solved exactly through
// its s x s popcount Gram (Cholesky/LDLT, one step of iterative refinement), and certified by the
// ridge duality gap computed afresh in float64 from the rows, not from the Gram:
//     R = Y_c - H_c W (the residual at the optimal intercept), dual point U = R,
//     D(U) = <Y_c, U> - 1/2 ||U||^2 - 1/(2 lambda) ||H^T U||^2,   gap = P(W) - D(U) >= P(W) - P*.
// lambda > 0 keeps the problem strictly convex (duplicate-like columns) and the certificate finite.
#pragma once
#include <cstddef>
#include <vector>

#include "dictionary.hpp"

namespace hv {

struct RefitResult {
  std::vector<std::vector<double>> W;  // W[s][k] for the s-th kept column
  std::vector<double> intercept;       // b[k]
  double lambda = 0;
  double primal = 0, dual = 0, gap = 0, p0 = 0;  // p0 = P(0) = 1/2 ||Y_c||^2
  double rel_gap() const { return p0 > 0 ? gap / p0 : gap; }
  double gap_over_objective() const { return primal > 0 ? gap / primal : gap; }
};

// The exact ridge refit on the columns `support` of `dict` (Y: n x K row-major).
RefitResult refit_ridge(const Dictionary& dict, const std::vector<size_t>& support, const std::vector<double>& Y,
                        size_t K, double lambda);

// The certificate of any (W, b) for that problem: fills primal, dual, gap and p0 of `r` (whose W
// and intercept are read; the intercept is replaced by the optimal one for W, which only lowers P).
void ridge_certificate(const Dictionary& dict, const std::vector<size_t>& support, const std::vector<double>& Y,
                       size_t K, RefitResult& r);

}  // namespace hv

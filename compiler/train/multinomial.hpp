// Multinomial logistic regression (softmax cross-entropy) with the group penalty over an
// arrangement dictionary, free intercepts: K >= 2 classes, one hidden neuron per non-zero row of W.
//     min_{W, b}  sum_i [ lse(f_i) - f_{i, y_i} ] + beta sum_j c_j ||W_j,:||_2,   f = H W + 1 b^T
// Certificate (Fenchel dual of the softmax loss, whose conjugate is the negative entropy on the
// simplex): with Yoh the one-hot labels and any n x K matrix U such that every row of Yoh - U is a
// probability vector, 1^T U = 0 (the intercepts) and ||h_j^T U|| <= beta c_j for every column,
//     D(U) = -sum_i sum_k p_ik log p_ik,   p = Yoh - U,     D(U) <= P*.
// From an iterate: U = Yoh - P' with P' the softmax probabilities mixed with the class frequencies
// just enough to make 1^T U = 0 exactly (the intercepts are fitted by Newton's method first, so the
// mixing weight is at rounding level), then U / s with s = max(1, max_j ||h_j^T U|| / (beta c_j)):
// Yoh - U / s = (1 - 1/s) Yoh + P' / s stays on the simplex. gap = P - D >= P - P*.
// Solver: working sets as for the squared loss (priority beta c_j - ||h_j^T U||), block proximal
// coordinate descent on them with the curvature bound c_j / 2 (the softmax Hessian is <= I/2, so
// every block step decreases the objective: no step can diverge), and a safeguarded Newton
// step on the intercepts after every sweep.
#pragma once
#include <vector>

#include "dictionary.hpp"
#include "lasso.hpp"

namespace hv {

// Y: n x K row-major, row i marking its class by its largest entry (one-hot, 0/1 or +-1).
// The result's W rows have K entries, intercept K entries; p0 = P(0) with the best intercepts.
LassoResult solve_multinomial(const Dictionary& H, const std::vector<double>& Y, size_t K, const LassoOptions& opt,
                              const LassoResult* warm = nullptr);

// max_j ||h_j^T U0|| / c_j at W = 0 with the intercepts fitted (U0 = Yoh - class frequencies).
double multinomial_beta_max(const Dictionary& H, const std::vector<double>& Y, size_t K);

// Softmax cross-entropy of scores f (n x K) against the classes of Y (as above): the loss part of
// the objective, for the reconstructed network's objective.
double multinomial_loss(const std::vector<double>& f, const std::vector<double>& Y, size_t K);

}  // namespace hv

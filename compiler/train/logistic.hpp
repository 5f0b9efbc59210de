// Cost-weighted l1 logistic regression over an arrangement dictionary, with a free intercept:
//     min_{w, b}  sum_i log(1 + exp(-y_i f_i)) + beta sum_j c_j |w_j|,   f = H w + b,  y in {-1, +1}
// Working sets over the dictionary (priority as in lasso.cpp), proximal coordinate descent with
// the curvature bound c_j / 4 on each coordinate and Newton steps with backtracking on the intercept.
// Certificate: u_i = y_i sigmoid(-y_i f_i) (minus the loss gradient); the side with the larger
// total is scaled down so that 1^T u = 0 (a_i = y_i u_i stays in [0, 1]), then u / s with
// s = max(1, max_j |h_j^T u| / (beta c_j)) is dual-feasible and
//     D(u) = sum_i [-a_i log a_i - (1 - a_i) log(1 - a_i)],   gap = P - D >= P - P*.
#pragma once
#include <vector>

#include "dictionary.hpp"
#include "lasso.hpp"

namespace hv {

// y: +-1 labels. The result's intercept/W have one output (K = 1); p0 = P(0) with the best
// intercept alone.
LassoResult solve_logistic(const Dictionary& H, const std::vector<double>& y, const LassoOptions& opt,
                           const LassoResult* warm = nullptr);

// max_j |h_j^T u0| / c_j at w = 0 (intercept fitted): the smallest beta with an empty network.
double logistic_beta_max(const Dictionary& H, const std::vector<double>& y);

}  // namespace hv

// The shattered formulation (PAPER.md section 3). When a layer's binary representation H1 of the
// n training rows has rank n, every pattern in {0,1}^n is realizable above it, and the Lasso over
// all patterns (no output bias) collapses to
//     min_delta 1/2 ||delta - y||^2 + beta (||delta_+||_inf + ||delta_-||_inf)
// whose solution is closed-form (O(n log n)): delta_i = min(y_i, t+) for y_i > 0 and
// max(y_i, -t-) for y_i < 0, where sum_{y_i > 0} (y_i - t+)_+ = beta (t+ = 0 when the positive
// mass is <= beta), t- likewise. A non-negative vector is a staircase of nested level sets,
// v = sum_k (L_k - L_{k-1}) 1{v >= L_k}: each level set is one pattern a last-hidden-layer neuron
// must realize from the layer below, its output weight the step height.
#pragma once
#include <cstdint>
#include <vector>

namespace hv {

struct ShatteredSolution {
  std::vector<double> delta;
  double t_pos = 0, t_neg = 0;  // clipping levels
  double objective = 0;         // 1/2 ||delta - y||^2 + beta (max delta_+ + max delta_-)
};

ShatteredSolution shattered_closed_form(const std::vector<double>& y, double beta);

struct Level {
  double weight = 0;            // output weight of the neuron (+ step height, or - for delta_-)
  std::vector<uint8_t> pattern;  // rows in the level set
};

// delta = sum_levels weight * pattern, exactly (levels of delta_+ then of delta_-).
std::vector<Level> staircase(const std::vector<double>& delta);

}  // namespace hv

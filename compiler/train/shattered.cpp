// Closed form of the shattered problem and its staircase (see shattered.hpp). O(n log n).
#include "shattered.hpp"

#include <algorithm>
#include <cmath>

namespace hv {

namespace {
// Level t with sum_i (v_i - t)_+ = beta over positive v (0 if sum v <= beta).
double clip_level(std::vector<double> v, double beta) {
  double total = 0;
  for (double x : v) total += x;
  if (total <= beta) return 0.0;
  std::sort(v.begin(), v.end(), std::greater<>());
  double prefix = 0;
  for (size_t k = 0; k < v.size(); ++k) {  // t in [v_{k+1}, v_k] with k+1 values above it
    prefix += v[k];
    double t = (prefix - beta) / static_cast<double>(k + 1);
    double next = k + 1 < v.size() ? v[k + 1] : 0.0;
    if (t >= next) return t;
  }
  return 0.0;
}
}  // namespace

ShatteredSolution shattered_closed_form(const std::vector<double>& y, double beta) {
  std::vector<double> pos, neg;
  for (double v : y) (v > 0 ? pos : neg).push_back(std::abs(v));
  ShatteredSolution s;
  s.t_pos = clip_level(pos, beta);
  s.t_neg = clip_level(neg, beta);
  s.delta.resize(y.size());
  double loss = 0, mp = 0, mn = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    s.delta[i] = y[i] > 0 ? std::min(y[i], s.t_pos) : std::max(y[i], -s.t_neg);
    loss += (s.delta[i] - y[i]) * (s.delta[i] - y[i]);
    mp = std::max(mp, s.delta[i]);
    mn = std::max(mn, -s.delta[i]);
  }
  s.objective = 0.5 * loss + beta * (mp + mn);
  return s;
}

std::vector<Level> staircase(const std::vector<double>& delta) {
  std::vector<Level> out;
  for (double sign : {1.0, -1.0}) {
    std::vector<double> levels;
    for (double v : delta)
      if (sign * v > 0) levels.push_back(sign * v);
    std::sort(levels.begin(), levels.end());
    levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
    double prev = 0;
    for (double L : levels) {
      Level lv;
      lv.weight = sign * (L - prev);
      lv.pattern.resize(delta.size());
      for (size_t i = 0; i < delta.size(); ++i) lv.pattern[i] = sign * delta[i] >= L;
      out.push_back(std::move(lv));
      prev = L;
    }
  }
  return out;
}

}  // namespace hv

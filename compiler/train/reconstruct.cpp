// Network reconstruction and output quantization (see reconstruct.hpp). O(neurons * (d + K));
// float scores O(n * (non-zero weights + neurons * K)).
#include "reconstruct.hpp"

#include <algorithm>
#include <cmath>

namespace hv {

FloatModel float_model(const Dictionary& dict, const LassoResult& sol) {
  FloatModel fm;
  for (size_t s = 0; s < sol.support.size(); ++s) {
    fm.hidden.push_back(dict.neuron(sol.support[s]));
    fm.out.push_back(sol.W[s]);
    fm.cost.push_back(dict.cost(sol.support[s]));
  }
  fm.intercept = sol.intercept;
  return fm;
}

void quantize_model(const FloatModel& fm, int output_bits, Network& net) {
  const int d = static_cast<int>(net.inputs.size());
  const int m = static_cast<int>(fm.hidden.size());
  const int K = static_cast<int>(fm.intercept.size());
  Layer h;
  h.n_in = d;
  h.n_out = std::max(m, 1);
  for (const auto& nr : fm.hidden) {
    h.weights.insert(h.weights.end(), nr.w.begin(), nr.w.end());
    h.bias.push_back(nr.b);
  }
  if (m == 0) {  // beta >= beta_max: no neuron; keep one that never fires so shapes stay legal
    h.weights.assign(static_cast<size_t>(d), 0);
    h.bias.push_back(-1);
  }
  double wmax = 0;
  for (const auto& row : fm.out)
    for (double v : row) wmax = std::max(wmax, std::abs(v));
  if (wmax == 0)  // no neuron: scale the intercept alone
    for (double v : fm.intercept) wmax = std::max(wmax, std::abs(v));
  double scale = wmax > 0 ? static_cast<double>((int64_t{1} << (output_bits - 1)) - 1) / wmax : 1.0;
  Layer o;
  o.n_in = h.n_out;
  o.n_out = K;
  o.weights.assign(static_cast<size_t>(o.n_in) * K, 0);
  for (int k = 0; k < K; ++k) {
    for (int j = 0; j < m; ++j) o.weights[static_cast<size_t>(k) * o.n_in + j] = std::llround(fm.out[j][k] * scale);
    o.bias.push_back(std::llround(fm.intercept[k] * scale));
  }
  net.hidden = {h};
  net.output = o;
  net.score_scale = scale;
}

std::vector<double> float_scores(const FloatModel& fm, const std::vector<double>& s, size_t n, size_t d) {
  const size_t K = fm.intercept.size();
  std::vector<std::vector<std::pair<size_t, double>>> nz(fm.hidden.size());  // non-zero weights
  for (size_t j = 0; j < fm.hidden.size(); ++j)
    for (size_t c = 0; c < d; ++c)
      if (fm.hidden[j].w[c]) nz[j].push_back({c, static_cast<double>(fm.hidden[j].w[c])});
  std::vector<double> out(n * K);
  for (size_t r = 0; r < n; ++r) {
    for (size_t k = 0; k < K; ++k) out[r * K + k] = fm.intercept[k];
    for (size_t j = 0; j < fm.hidden.size(); ++j) {
      double z = static_cast<double>(fm.hidden[j].b);
      for (const auto& [c, w] : nz[j]) z += w * s[r * d + c];
      if (z >= 0)
        for (size_t k = 0; k < K; ++k) out[r * K + k] += fm.out[j][k];
    }
  }
  return out;
}

}  // namespace hv

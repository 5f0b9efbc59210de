// The xc7 LUT cost model (see cost_model.hpp). O(weights).
#include "cost_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace hv {

namespace {

// Fitted coefficients: non-negative least squares on relative error over the 8 designs of
// bench/field/cost_fit.sh (Yosys synth_xilinx; errors 3-34%, median 11%, docs/FIELD_RESULTS.md).
// The output adder trees got weight 0: on these designs their cost is absorbed in the other two
// terms (Yosys merges gated constant sums into the hidden layer's and the argmax's LUTs).
constexpr double kHidden = 0.5307, kOutput = 0.0, kArgmax = 1.7966, kConst = 0.0;
// Comparator networks (one hidden layer, fan-in 1): Yosys turns a comparison of one input with a
// constant into about one LUT and folds few-bit scores into LUT logic, which the adder-bit terms
// overestimate 2-3x (median error 71%, largest 203% on these designs). Their own non-negative
// least-squares fit on relative error, per comparator, output adder bit and argmax bit, against
// synth_xilinx of the 25 comparator designs of bench/field (iris, wine, breast_cancer,
// UNSW-NB15; 1-47 comparators, 2-12-bit output weights; docs/FIELD_RESULTS.md): median error
// 24%, largest 58% (the largest design, 47 comparators with 8-bit weights, is underestimated 44%).
constexpr double kCmp = 1.3558, kCmpOutput = 0.1056, kCmpArgmax = 0.9315;

// Non-zero digits of v in canonical signed-digit (non-adjacent) form: the adds a constant
// multiplication needs, plus one.
int csd_digits(int64_t v) {
  uint64_t x = static_cast<uint64_t>(v < 0 ? -v : v);
  int k = 0;
  while (x) {
    if (x & 1u) {
      ++k;
      x = (x & 2u) ? x + 1 : x - 1;  // ...11 -> a -1 digit and a carry; ...01 -> a +1 digit
    }
    x >>= 1;
  }
  return k;
}

int bits_of(int64_t v) {
  uint64_t x = static_cast<uint64_t>(v < 0 ? -v : v);
  int b = 0;
  while (x) {
    ++b;
    x >>= 1;
  }
  return b;
}

double log2_ceil(double m) { return m > 1 ? std::ceil(std::log2(m)) : 0.0; }

// One neuron reading `in_bits`-bit inputs: adder bits of its sum of constant products.
double neuron_adder_bits(const int64_t* w, size_t n, int in_bits) {
  int terms = 0, wb = 0;
  for (size_t i = 0; i < n; ++i)
    if (w[i]) {
      terms += csd_digits(w[i]);
      wb = std::max(wb, bits_of(w[i]));
    }
  if (terms <= 1) return in_bits;  // a comparator of one (shifted) input against the threshold
  double width = in_bits + wb + log2_ceil(terms);
  return (terms - 1) * width + width;  // the adders, then the comparison with the bias
}

CostFeatures output_features(size_t m, int out_bits, size_t K, CostFeatures f) {
  const double width = out_bits + log2_ceil(static_cast<double>(m) + 1);
  f.output_adder_bits = static_cast<double>(K) * static_cast<double>(m) * width;
  f.argmax_bits = K > 1 ? static_cast<double>(K - 1) * width * 2 : 0.0;  // compare, then select
  return f;
}

}  // namespace

int fan_in_of(const int64_t* w, size_t n) {
  int k = 0;
  for (size_t i = 0; i < n; ++i) k += w[i] != 0;
  return k;
}

CostFeatures cost_features(const std::vector<IntNeuron>& hidden, int input_bits, int output_bits, size_t scores) {
  CostFeatures f;
  f.comparator_network = !hidden.empty();
  for (const auto& nr : hidden) {
    f.hidden_adder_bits += neuron_adder_bits(nr.w.data(), nr.w.size(), input_bits);
    f.comparator_network = f.comparator_network && fan_in_of(nr.w.data(), nr.w.size()) <= 1;
  }
  f.comparators = static_cast<double>(hidden.size());
  return output_features(hidden.size(), output_bits, scores, f);
}

CostEstimate estimate_luts(const CostFeatures& f) {
  CostEstimate e;
  if (f.comparator_network) {
    e.hidden = kCmp * f.comparators;
    e.output = kCmpOutput * f.output_adder_bits + kCmpArgmax * f.argmax_bits;
  } else {
    e.hidden = kHidden * f.hidden_adder_bits;
    e.output = kOutput * f.output_adder_bits + kArgmax * f.argmax_bits + kConst;
  }
  e.total = e.hidden + e.output;
  return e;
}

CostEstimate estimate_luts(const std::vector<IntNeuron>& hidden, int input_bits, int output_bits, size_t scores) {
  return estimate_luts(cost_features(hidden, input_bits, output_bits, scores));
}

CostEstimate estimate_luts(const Network& net) { return estimate_luts(cost_features(net)); }

CostFeatures cost_features(const Network& net) {
  CostFeatures f;
  f.comparator_network = net.hidden.size() == 1 && net.hidden[0].n_out > 0;
  for (size_t l = 0; l < net.hidden.size(); ++l) {
    const Layer& L = net.hidden[l];
    for (int o = 0; o < L.n_out; ++o) {
      const int64_t* w = L.weights.data() + static_cast<size_t>(o) * static_cast<size_t>(L.n_in);
      f.hidden_adder_bits += neuron_adder_bits(w, static_cast<size_t>(L.n_in), l == 0 ? net.input_bits : 1);
      f.comparator_network = f.comparator_network && fan_in_of(w, static_cast<size_t>(L.n_in)) <= 1;
    }
  }
  int out_bits = 1;
  for (int64_t v : net.output.weights) out_bits = std::max(out_bits, bits_of(v) + 1);
  // Neurons with a zero output weight everywhere are removed by the passes; count the used ones.
  size_t used = 0;
  for (int j = 0; j < net.output.n_in; ++j) {
    bool any = false;
    for (int k = 0; k < net.output.n_out; ++k) any = any || net.output.w(k, j) != 0;
    used += any;
  }
  f.comparators = static_cast<double>(used);
  return output_features(used, out_bits, static_cast<size_t>(net.output.n_out), f);
}

}  // namespace hv

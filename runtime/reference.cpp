// Plain evaluation of the integer contract (see reference.hpp). O(total weights) per vector.
#include "reference.hpp"

#include <cmath>
#include <stdexcept>

namespace hv::ref {

std::vector<int64_t> quantize(const Network& net, std::span<const double> x) {
  std::vector<int64_t> q(net.inputs.size());
  const double qmax = static_cast<double>(net.input_max());
  for (size_t i = 0; i < q.size(); ++i) {
    double v = std::round((x[i] - net.inputs[i].lo) / net.inputs[i].step);
    if (!(v >= 0)) v = 0;  // also maps -inf
    if (v > qmax) v = qmax;
    q[i] = static_cast<int64_t>(v);
  }
  return q;
}

static std::vector<int64_t> affine(const Layer& layer, std::span<const int64_t> in) {
  std::vector<int64_t> z(layer.n_out);
  for (int j = 0; j < layer.n_out; ++j) {
    int64_t s = layer.bias[j];
    for (int i = 0; i < layer.n_in; ++i) s += layer.w(j, i) * in[i];
    z[j] = s;
  }
  return z;
}

std::vector<std::vector<uint8_t>> activations(const Network& net, std::span<const int64_t> q) {
  if (q.size() != net.inputs.size()) throw std::logic_error("reference: wrong input count");
  for (int64_t v : q)
    if (v < 0 || v > net.input_max()) throw std::logic_error("reference: input out of range");
  std::vector<std::vector<uint8_t>> acts;
  std::vector<int64_t> in(q.begin(), q.end());
  for (const Layer& layer : net.hidden) {
    std::vector<int64_t> z = affine(layer, in);
    std::vector<uint8_t> a(z.size());
    for (size_t j = 0; j < z.size(); ++j) a[j] = z[j] >= 0 ? 1 : 0;  // the tie fires
    in.assign(a.begin(), a.end());
    acts.push_back(std::move(a));
  }
  return acts;
}

int decide(const Network& net, std::span<const int64_t> scores) {
  if (net.binary()) return scores[0] >= 0 ? 1 : 0;
  int best = 0;
  for (size_t c = 1; c < scores.size(); ++c)
    if (scores[c] > scores[best]) best = static_cast<int>(c);  // ties -> lowest index
  return best;
}

Result run(const Network& net, std::span<const int64_t> q, std::vector<std::vector<uint8_t>>* acts_out) {
  auto acts = activations(net, q);
  std::vector<int64_t> in(acts.back().begin(), acts.back().end());
  Result r;
  r.scores = affine(net.output, in);
  r.cls = decide(net, r.scores);
  if (acts_out) *acts_out = std::move(acts);
  return r;
}

}  // namespace hv::ref

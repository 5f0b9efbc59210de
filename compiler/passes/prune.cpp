// Dead-neuron removal (see prune.hpp).
#include "prune.hpp"

#include <vector>

namespace hv {

namespace {
void remove_inputs(Layer& layer, const std::vector<bool>& keep) {
  std::vector<int64_t> w;
  int n_in = 0;
  for (bool k : keep) n_in += k;
  for (int o = 0; o < layer.n_out; ++o)
    for (int i = 0; i < layer.n_in; ++i)
      if (keep[static_cast<size_t>(i)]) w.push_back(layer.w(o, i));
  layer.weights = std::move(w);
  layer.n_in = n_in;
}

void remove_outputs(Layer& layer, const std::vector<bool>& keep) {
  std::vector<int64_t> w, b;
  int n_out = 0;
  for (int o = 0; o < layer.n_out; ++o) {
    if (!keep[static_cast<size_t>(o)]) continue;
    ++n_out;
    b.push_back(layer.bias[static_cast<size_t>(o)]);
    for (int i = 0; i < layer.n_in; ++i) w.push_back(layer.w(o, i));
  }
  layer.weights = std::move(w);
  layer.bias = std::move(b);
  layer.n_out = n_out;
}
}  // namespace

std::string prune(Network& net) {
  size_t removed = 0;
  for (size_t l = net.hidden.size(); l-- > 0;) {
    Layer& layer = net.hidden[l];
    Layer& next = l + 1 < net.hidden.size() ? net.hidden[l + 1] : net.output;
    std::vector<bool> keep(static_cast<size_t>(layer.n_out), false);
    int kept = 0;
    for (int j = 0; j < layer.n_out; ++j) {
      for (int k = 0; k < next.n_out && !keep[static_cast<size_t>(j)]; ++k) keep[static_cast<size_t>(j)] = next.w(k, j) != 0;
      kept += keep[static_cast<size_t>(j)];
    }
    if (kept == 0) {  // keep one (silent) neuron: shapes stay legal
      keep[0] = true;
      kept = 1;
    }
    if (kept == layer.n_out) continue;
    removed += static_cast<size_t>(layer.n_out - kept);
    remove_outputs(layer, keep);
    remove_inputs(next, keep);
  }
  return removed ? std::to_string(removed) + " unused neuron(s) removed" : "";
}

}  // namespace hv

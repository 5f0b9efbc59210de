// Constant-neuron folding (see fold_constants.hpp).
#include "fold_constants.hpp"

#include "ir/bounds.hpp"

namespace hv {

std::string fold_constants(Network& net) {
  size_t folded = 0;
  for (size_t l = 0; l < net.hidden.size(); ++l) {
    auto bounds = layer_bounds(net);
    Layer& next = l + 1 < net.hidden.size() ? net.hidden[l + 1] : net.output;
    for (int j = 0; j < net.hidden[l].n_out; ++j) {
      const Range& r = bounds[l][static_cast<size_t>(j)];
      bool always = r.lo >= 0, never = r.hi < 0;
      if (!always && !never) continue;
      bool touched = false;
      for (int k = 0; k < next.n_out; ++k) {
        int64_t& w = next.w(k, j);
        if (w == 0) continue;
        if (always) next.bias[static_cast<size_t>(k)] += w;
        w = 0;
        touched = true;
      }
      folded += touched;
    }
  }
  return folded ? std::to_string(folded) + " constant neuron(s) folded into the next layer's bias" : "";
}

}  // namespace hv

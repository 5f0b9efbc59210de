// Interval arithmetic over the integer contract (see bounds.hpp).
#include "ir/bounds.hpp"

#include <algorithm>

namespace hv {

static std::vector<Range> bound_layer(const Layer& layer, int64_t in_max) {
  std::vector<Range> out(layer.n_out);
  for (int j = 0; j < layer.n_out; ++j) {
    __int128 lo = layer.bias[j], hi = layer.bias[j];
    for (int i = 0; i < layer.n_in; ++i) {
      __int128 t = static_cast<__int128>(layer.w(j, i)) * in_max;
      if (t > 0) hi += t; else lo += t;
    }
    out[j] = {lo, hi};
  }
  return out;
}

std::vector<std::vector<Range>> layer_bounds(const Network& net) {
  std::vector<std::vector<Range>> all;
  for (size_t l = 0; l < net.hidden.size(); ++l)
    all.push_back(bound_layer(net.hidden[l], l == 0 ? net.input_max() : 1));
  all.push_back(bound_layer(net.output, net.hidden.empty() ? net.input_max() : 1));
  return all;
}

int signed_bits(const Range& r) {
  for (int b = 1; b < 127; ++b) {
    __int128 lo = -(static_cast<__int128>(1) << (b - 1));
    __int128 hi = (static_cast<__int128>(1) << (b - 1)) - 1;
    if (r.lo >= lo && r.hi <= hi) return b;
  }
  return 127;
}

int signed_bits(const std::vector<Range>& rs) {
  int b = 1;
  for (const auto& r : rs) b = std::max(b, signed_bits(r));
  return b;
}

int unsigned_bits(int64_t v) {
  int b = 1;
  while (b < 63 && (int64_t{1} << b) <= v) ++b;
  return b;
}

}  // namespace hv

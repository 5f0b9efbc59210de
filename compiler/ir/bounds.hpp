// Exact interval bounds of every pre-activation and score, over all inputs in range.
// These fix every accumulator width (Verilog adders, C integer types) and prove no overflow.
// Computed in 128-bit integers; complexity O(total weights).
#pragma once
#include <cstdint>
#include <vector>

#include "ir/network.hpp"

namespace hv {

struct Range {
  __int128 lo = 0;
  __int128 hi = 0;
};

// bounds[l][j]: range of z for neuron j of hidden layer l; the last entry is the output layer.
std::vector<std::vector<Range>> layer_bounds(const Network& net);

// Smallest two's-complement width (bits, >= 1) holding every value in r.
int signed_bits(const Range& r);
// Smallest two's-complement width holding every value of every range in a layer.
int signed_bits(const std::vector<Range>& rs);
// Smallest unsigned width holding 0..v (v >= 0); 1 for v = 0.
int unsigned_bits(int64_t v);

}  // namespace hv

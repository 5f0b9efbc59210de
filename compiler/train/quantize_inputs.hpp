// Input quantization: per feature, the training range [min, max] is mapped onto [0, 2^B - 1]
// (lo = min, step = (max - min) / (2^B - 1); a constant feature gets step 1). Values outside the
// training range saturate. A dataset with a declared value range (IDX: unsigned bytes, [0, 255])
// maps that range instead, with step 1 when it has at most 2^B codes: 8-bit pixels stay exact.
// This fixes the Feature metadata of the IR; the integer contract then starts at q.
#pragma once
#include <vector>

#include "frontend/csv.hpp"
#include "ir/network.hpp"

namespace hv {

std::vector<Feature> fit_quantizer(const Dataset& train, int input_bits);

// q for every row (row-major n x d), using the reference's rounding (runtime/reference.hpp).
std::vector<int64_t> quantize_rows(const Network& net, const Dataset& data);

}  // namespace hv

// Input quantization: per feature, the training range [min, max] is mapped onto [0, 2^B - 1]
// (lo = min, step = (max - min) / (2^B - 1); a constant feature gets step 1). Values outside the
// training range saturate. The quantizer depends on the values only, never on how the file stores
// them: the same rows read from IDX images or from a CSV file get the same codes, hence the same
// dictionary and the same network (issue 11: mapping IDX's declared [0, 255] instead left rarely
// inked pixels a few codes wide, so the 1/sigma-standardized Gaussian directions, rounded to
// 8 bits, were 77% zeros). A pixel seen from 0 to 255 still gets lo 0, step 1 (exact).
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

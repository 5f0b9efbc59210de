// Seeded, stratified train/test split: within each class, rows are shuffled with the seed and the
// first round(fraction * count) go to the test set. Row order is otherwise preserved.
#pragma once
#include <cstdint>
#include <utility>

#include "frontend/csv.hpp"

namespace hv {

std::pair<Dataset, Dataset> split_dataset(const Dataset& all, double test_fraction, uint64_t seed);

}  // namespace hv

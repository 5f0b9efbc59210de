// Seeded, stratified train/test split: within each class, rows are shuffled with the seed and the
// first round(fraction * count) go to the test set. Row order is otherwise preserved.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "frontend/csv.hpp"

namespace hv {

std::pair<Dataset, Dataset> split_dataset(const Dataset& all, double test_fraction, uint64_t seed);

// The same split stratified by `strata` (one name per row) instead of the labels: a regressor's
// rows by target quantile (train/regression.hpp).
std::pair<Dataset, Dataset> split_dataset_by(const Dataset& all, const std::vector<std::string>& strata,
                                             double test_fraction, uint64_t seed);

}  // namespace hv

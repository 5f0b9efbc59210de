// Stratified split (see split.hpp). O(n).
#include "split.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace hv {

static Dataset take_rows(const Dataset& all, const std::vector<size_t>& rows) {
  Dataset d;
  d.source = all.source;
  d.feature_names = all.feature_names;
  d.label_name = all.label_name;
  d.has_value_range = all.has_value_range;
  d.value_lo = all.value_lo;
  d.value_hi = all.value_hi;
  d.n_rows = rows.size();
  const size_t f = all.n_features();
  for (size_t r : rows) {
    d.x.insert(d.x.end(), all.x.begin() + static_cast<long>(r * f), all.x.begin() + static_cast<long>((r + 1) * f));
    d.labels.push_back(all.labels[r]);
    d.row_line.push_back(all.row_line[r]);
  }
  return d;
}

std::pair<Dataset, Dataset> split_dataset(const Dataset& all, double test_fraction, uint64_t seed) {
  return split_dataset_by(all, all.labels, test_fraction, seed);
}

std::pair<Dataset, Dataset> split_dataset_by(const Dataset& all, const std::vector<std::string>& strata,
                                             double test_fraction, uint64_t seed) {
  std::map<std::string, std::vector<size_t>> by_class;
  for (size_t r = 0; r < all.n_rows; ++r) by_class[strata[r]].push_back(r);
  std::mt19937_64 rng(seed);
  std::vector<char> is_test(all.n_rows, 0);
  for (auto& [_, rows] : by_class) {
    std::shuffle(rows.begin(), rows.end(), rng);
    size_t k = static_cast<size_t>(std::llround(test_fraction * static_cast<double>(rows.size())));
    for (size_t i = 0; i < k && i < rows.size(); ++i) is_test[rows[i]] = 1;
  }
  std::vector<size_t> tr, te;
  for (size_t r = 0; r < all.n_rows; ++r) (is_test[r] ? te : tr).push_back(r);
  return {take_rows(all, tr), take_rows(all, te)};
}

}  // namespace hv

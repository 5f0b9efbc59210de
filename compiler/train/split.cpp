// Stratified split (see split.hpp). O(n).
#include "split.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "support/mpi_comm.hpp"

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

// Row-partitioned (support/mpi_comm.hpp): the split is made over the GLOBAL row indices from
// every rank's class of every row (4 bytes a row), so it is the same for any number of ranks, and
// each rank keeps its own block's rows of each part.
std::pair<Dataset, Dataset> split_dataset(const Dataset& all, double test_fraction, uint64_t seed) {
  return split_dataset_by(all, all.labels, test_fraction, seed);
}

std::pair<Dataset, Dataset> split_dataset_by(const Dataset& all, const std::vector<std::string>& strata,
                                             double test_fraction, uint64_t seed) {
  const size_t first = static_cast<size_t>(comm::exclusive_sum(all.n_rows));
  std::set<std::string> local(strata.begin(), strata.end());
  std::vector<std::string> gathered = comm::all_gather_concat(std::vector<std::string>(local.begin(), local.end()));
  std::set<std::string> names(gathered.begin(), gathered.end());  // the sorted classes of every rank
  std::map<std::string, int32_t> id;
  for (const auto& nm : names) id.emplace(nm, static_cast<int32_t>(id.size()));
  std::vector<int32_t> mine(all.n_rows);
  for (size_t r = 0; r < all.n_rows; ++r) mine[r] = id.at(strata[r]);
  const std::vector<int32_t> cls = comm::all_gather_concat(mine);
  std::vector<std::vector<size_t>> by_class(names.size());
  for (size_t r = 0; r < cls.size(); ++r) by_class[static_cast<size_t>(cls[r])].push_back(r);
  std::mt19937_64 rng(seed);
  std::vector<char> is_test(cls.size(), 0);
  for (auto& rows : by_class) {
    std::shuffle(rows.begin(), rows.end(), rng);
    size_t k = static_cast<size_t>(std::llround(test_fraction * static_cast<double>(rows.size())));
    for (size_t i = 0; i < k && i < rows.size(); ++i) is_test[rows[i]] = 1;
  }
  std::vector<size_t> tr, te;
  for (size_t r = 0; r < all.n_rows; ++r) (is_test[first + r] ? te : tr).push_back(r);
  return {take_rows(all, tr), take_rows(all, te)};
}

}  // namespace hv

// Incremental popcount Gram (see gram.hpp).
#include "gram.hpp"

#include <algorithm>

namespace hv {

std::vector<size_t> GramCache::ensure(const std::vector<size_t>& cols) {
  size_t fresh = 0;
  for (size_t j : cols) fresh += !slot_of_col_.count(j);
  if (col_of_slot_.size() + fresh > capacity_ || bits_.cols() == 0) {
    bits_ = BitMatrix(H_.rows());
    bits_.reserve(std::min(capacity_, std::max(cols.size() * 4, static_cast<size_t>(512))));
    col_of_slot_.clear();
    slot_of_col_.clear();
    G_.clear();
  }
  const double n = static_cast<double>(H_.rows());
  std::vector<uint64_t> buf(H_.words());
  std::vector<size_t> slots;
  slots.reserve(cols.size());
  for (size_t j : cols) {
    auto it = slot_of_col_.find(j);
    if (it != slot_of_col_.end()) {
      slots.push_back(it->second);
      continue;
    }
    size_t s = col_of_slot_.size();
    H_.column(j, buf.data());
    bits_.push_back(buf.data());
    col_of_slot_.push_back(j);
    slot_of_col_[j] = s;
    G_.emplace_back(s + 1);
    const double cs = static_cast<double>(bits_.count(s));
    for (size_t t = 0; t <= s; ++t) {
      double v = static_cast<double>(bits_.and_count(s, t)) - (center_ ? cs * static_cast<double>(bits_.count(t)) / n : 0.0);
      G_[s][t] = v;
      if (t < s) G_[t].push_back(v);
    }
    slots.push_back(s);
  }
  return slots;
}

}  // namespace hv

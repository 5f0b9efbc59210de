// Gram cache for the working set: materialized columns and their centred Gram entries
//   G_ab = |h_a AND h_b| - c_a c_b / n  (= h~_a^T h~_b),
// computed by popcounts and kept across outer iterations, so each column's row is computed once
// (O(|pool| n/64) when it enters). The pool is reset when it outgrows `capacity`.
#pragma once
#include <cstddef>
#include <unordered_map>
#include <vector>

#include "dictionary.hpp"

namespace hv {

class GramCache {
 public:
  // center: subtract c_a c_b / n (the problem has an intercept).
  GramCache(const Dictionary& H, bool center, size_t capacity = 6000)
      : H_(H), bits_(H.rows()), capacity_(capacity), center_(center) {}

  // Makes sure every column in `cols` is in the pool; returns their slots.
  std::vector<size_t> ensure(const std::vector<size_t>& cols);
  double g(size_t slot_a, size_t slot_b) const { return G_[slot_a][slot_b]; }
  const BitMatrix& bits() const { return bits_; }

 private:
  const Dictionary& H_;
  BitMatrix bits_;
  std::vector<size_t> col_of_slot_;
  std::unordered_map<size_t, size_t> slot_of_col_;
  std::vector<std::vector<double>> G_;  // symmetric, grown row by row
  size_t capacity_;
  bool center_;
};

}  // namespace hv

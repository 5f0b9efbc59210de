// Gram cache for the working set: materialized columns, their centred Gram entries
//   G_ab = |h_a AND h_b| - c_a c_b / n  (= h~_a^T h~_b)
// and their target correlations h_a^T Y_c, computed by popcounts / bit walks and kept across
// outer iterations, so each column's row is computed once, when it enters. New columns are added
// as a batch: their rows are computed by the OpenMP threads, 4 columns at a time against each pooled column
// (AVX-512 VPOPCNTQ where the CPU has it). When the pool would outgrow `capacity`, it is rebuilt
// from the requested columns alone, keeping their computed entries (nothing is recomputed).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "dictionary.hpp"
#include "large_array.hpp"

namespace hv {

class GramCache {
 public:
  // center: subtract c_a c_b / n (the problem has an intercept). Yc: n x K row-major targets whose
  // column sums hy() returns (may be null when K == 0).
  GramCache(const Dictionary& H, bool center, const double* Yc = nullptr, size_t K = 0, size_t capacity = 6000)
      : H_(H), bits_(H.rows()), Yc_(Yc), K_(K), capacity_(capacity), center_(center) {}

  // Makes sure every column in `cols` (distinct) is in the pool; returns their slots.
  std::vector<size_t> ensure(const std::vector<size_t>& cols);
  double g(size_t slot_a, size_t slot_b) const { return G_[slot_a * stride_ + slot_b]; }
  const double* hy(size_t slot) const { return &hy_[slot * K_]; }  // h^T Y_c (K values)
  const BitMatrix& bits() const { return bits_; }
  size_t size() const { return col_of_slot_.size(); }

 private:
  void keep_only(const std::vector<size_t>& cols);
  void reserve_rows(size_t rows, size_t S);  // makes stride_ >= rows, keeping the entries of slots < S

  const Dictionary& H_;
  BitMatrix bits_;
  const double* Yc_;
  size_t K_;
  std::vector<size_t> col_of_slot_;
  std::unordered_map<size_t, size_t> slot_of_col_;
  // Symmetric, row-major with row stride `stride_` = max(capacity, pool size): allocated once,
  // uninitialized, so only the pages of entries actually computed are ever touched.
  LargeArray G_;
  size_t stride_ = 0;
  std::vector<double> hy_;
  size_t capacity_;
  bool center_;
};

// out[i] = |a AND b[i]| for i < 4, over `words` words (runtime-dispatched popcount kernel).
void and_count4(const uint64_t* a, const uint64_t* const b[4], size_t words, int64_t out[4]);

}  // namespace hv

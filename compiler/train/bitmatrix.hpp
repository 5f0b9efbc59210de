// Bit matrices of 0/1 columns, n rows x P columns, row i = bit i%64 of word i/64 of a column.
// No dense copy ever exists.
//  - BitMatrix: column-major (each column contiguous): the working-set pool of the Gram cache and
//    small matrices. Kernels: sum of a vector over a column's set bits, popcount of AND.
//  - TiledBits: the dictionary's explicit columns, stored for the full pass X^T R: panels of
//    kPanel columns, inside a panel tile-major (the 16 bytes = 128 rows of tile t of every column
//    of the panel are contiguous). The full pass walks tiles in order and reads each panel's tile
//    as one 4 KB run; on a column-major store the same pass jumps n/8 bytes per column, which
//    defeats the prefetcher and the TLB (measured 6x slower at n = P = 1e5).
#pragma once
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace hv {

class BitMatrix {
 public:
  explicit BitMatrix(size_t rows = 0) : rows_(rows), words_((rows + 63) / 64) {}

  size_t rows() const { return rows_; }
  size_t cols() const { return count_.size(); }
  size_t words() const { return words_; }
  const uint64_t* col(size_t j) const { return bits_.data() + j * words_; }
  uint64_t* col(size_t j) { return bits_.data() + j * words_; }
  int64_t count(size_t j) const { return count_[j]; }
  bool get(size_t i, size_t j) const { return (col(j)[i / 64] >> (i % 64)) & 1u; }

  void reserve(size_t cols) {
    bits_.reserve(cols * words_);
    count_.reserve(cols);
  }
  // Appends a column (words() words; bits past rows() must be zero).
  void push_back(const uint64_t* column);

  // sum_{i in column j} v[i*stride + k] for k in [0, K): adds into out[0..K).
  void column_sum(size_t j, const double* v, size_t stride, size_t K, double* out) const;
  // |h_a AND h_b|
  int64_t and_count(size_t a, size_t b) const;

 private:
  size_t rows_ = 0;
  size_t words_ = 0;
  std::vector<uint64_t> bits_;
  std::vector<int64_t> count_;
};

class TiledBits {
 public:
  static constexpr size_t kPanel = 256;  // columns per panel: a tile of a panel is 4 KB

  explicit TiledBits(size_t rows = 0) : rows_(rows), words_((rows + 63) / 64), tiles_((rows + 127) / 128) {}

  size_t rows() const { return rows_; }
  size_t cols() const { return count_.size(); }
  size_t words() const { return words_; }
  int64_t count(size_t j) const { return count_[j]; }
  // Word w of column j.
  uint64_t word(size_t j, size_t w) const { return panels_[j / kPanel][(w / 2) * kPanel * 2 + (j % kPanel) * 2 + w % 2]; }
  bool get(size_t i, size_t j) const { return (word(j, i / 64) >> (i % 64)) & 1u; }
  // Bytes held by the columns (whole panels).
  size_t bytes() const { return panels_.size() * kPanel * tiles_ * 16; }

  // Appends a column (words() words; bits past rows() must be zero).
  void push_back(const uint64_t* column);
  // Copies column j into out[0 .. words()).
  void column(size_t j, uint64_t* out) const;

  // out[j*K + k] = sum_{i in column j} R[i*K + k] for every column with !skip[j] (skip may be
  // null). Per tile of 128 rows, 16 byte lookup tables of 256 partial sums (32 KB, L1-resident)
  // are built once and every column of the tile costs 16 lookups, read from contiguous panel
  // runs. The OpenMP threads split the panels. O(P n / 8 * K + n * 32 * K * threads).
  void correlate(const double* R, size_t K, double* out, const uint8_t* skip) const;

 private:
  // Output k of the columns of panels [p0, p1).
  void correlate_panels(const double* R, size_t K, size_t k, double* out, const uint8_t* skip, size_t p0,
                        size_t p1) const;

  size_t rows_ = 0, words_ = 0, tiles_ = 0;
  std::vector<std::unique_ptr<uint64_t[]>> panels_;  // each kPanel * tiles_ * 2 words, zeroed
  std::vector<int64_t> count_;
};

}  // namespace hv

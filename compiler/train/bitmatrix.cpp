// Bit kernels of the dictionary (see bitmatrix.hpp). column_sum walks set bits: O(count_j * K).
#include "bitmatrix.hpp"

namespace hv {

void BitMatrix::push_back(const uint64_t* column) {
  bits_.insert(bits_.end(), column, column + words_);
  int64_t c = 0;
  for (size_t w = 0; w < words_; ++w) c += std::popcount(column[w]);
  count_.push_back(c);
}

void BitMatrix::column_sum(size_t j, const double* v, size_t stride, size_t K, double* out) const {
  const uint64_t* c = col(j);
  if (K == 1) {
    double acc = 0;
    for (size_t w = 0; w < words_; ++w) {
      uint64_t bits = c[w];
      const double* base = v + w * 64 * stride;
      while (bits) {
        acc += base[std::countr_zero(bits) * stride];
        bits &= bits - 1;
      }
    }
    out[0] += acc;
    return;
  }
  for (size_t w = 0; w < words_; ++w) {
    uint64_t bits = c[w];
    while (bits) {
      const double* row = v + (w * 64 + std::countr_zero(bits)) * stride;
      for (size_t k = 0; k < K; ++k) out[k] += row[k];
      bits &= bits - 1;
    }
  }
}

int64_t BitMatrix::and_count(size_t a, size_t b) const {
  const uint64_t* x = col(a);
  const uint64_t* y = col(b);
  int64_t c = 0;
  for (size_t w = 0; w < words_; ++w) c += std::popcount(x[w] & y[w]);
  return c;
}

}  // namespace hv

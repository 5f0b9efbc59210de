// Bit kernels of the dictionary (see bitmatrix.hpp). column_sum walks set bits: O(count_j * K).
#include "bitmatrix.hpp"

#include <algorithm>
#include <cstring>
#include <thread>

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

namespace {

constexpr size_t kChunkBytes = 16;  // 128 rows: 16 tables x 256 doubles = 32 KB, L1-resident

// Columns [c0, c1) of `m`, output k only.
void correlate_range(const BitMatrix& m, const double* R, size_t K, size_t k, double* out, const uint8_t* skip,
                     size_t c0, size_t c1) {
  const size_t n = m.rows(), bytes = (n + 7) / 8;
  std::vector<double> table(kChunkBytes * 256);
  for (size_t j = c0; j < c1; ++j)
    if (!skip || !skip[j]) out[j * K + k] = 0.0;
  for (size_t b0 = 0; b0 < bytes; b0 += kChunkBytes) {
    const size_t nb = std::min(kChunkBytes, bytes - b0);
    for (size_t b = 0; b < nb; ++b) {
      double* t = &table[b * 256];
      t[0] = 0.0;
      for (unsigned v = 1; v < 256; ++v) {
        size_t row = (b0 + b) * 8 + static_cast<size_t>(std::countr_zero(v));
        t[v] = t[v & (v - 1)] + (row < n ? R[row * K + k] : 0.0);
      }
    }
    for (size_t j = c0; j < c1; ++j) {
      if (skip && skip[j]) continue;
      const auto* col = reinterpret_cast<const unsigned char*>(m.col(j)) + b0;
      double acc0 = 0, acc1 = 0;
      size_t b = 0;
      for (; b + 1 < nb; b += 2) {
        acc0 += table[b * 256 + col[b]];
        acc1 += table[(b + 1) * 256 + col[b + 1]];
      }
      if (b < nb) acc0 += table[b * 256 + col[b]];
      out[j * K + k] += acc0 + acc1;
    }
  }
}

}  // namespace

void BitMatrix::correlate(const double* R, size_t K, double* out, const uint8_t* skip, unsigned threads) const {
  static_assert(std::endian::native == std::endian::little, "byte order of the packed columns");
  const size_t P = cols();
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(P / 256 + 1)));
  for (size_t k = 0; k < K; ++k) {
    if (threads == 1) {
      correlate_range(*this, R, K, k, out, skip, 0, P);
      continue;
    }
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back(correlate_range, std::cref(*this), R, K, k, out, skip, P * t / threads, P * (t + 1) / threads);
    for (auto& th : pool) th.join();
  }
}

}  // namespace hv

// Bit kernels of the dictionary (see bitmatrix.hpp). column_sum walks set bits: O(count_j * K).
#include "bitmatrix.hpp"

#include <algorithm>
#include <cstring>
#include <omp.h>

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

void TiledBits::push_back(const uint64_t* column) {
  const size_t j = cols();
  if (j % kPanel == 0) panels_.emplace_back(new uint64_t[kPanel * tiles_ * 2]());
  uint64_t* panel = panels_.back().get();
  int64_t c = 0;
  for (size_t w = 0; w < words_; ++w) {
    panel[(w / 2) * kPanel * 2 + (j % kPanel) * 2 + w % 2] = column[w];
    c += std::popcount(column[w]);
  }
  count_.push_back(c);
}

void TiledBits::column(size_t j, uint64_t* out) const {
  const uint64_t* base = panels_[j / kPanel].get() + (j % kPanel) * 2;
  size_t w = 0;
  for (; w + 1 < words_; w += 2, base += kPanel * 2) {
    out[w] = base[0];
    out[w + 1] = base[1];
  }
  if (w < words_) out[w] = base[0];
}

void TiledBits::correlate_panels(const double* R, size_t K, size_t k, double* out, const uint8_t* skip, size_t p0,
                                 size_t p1) const {
  const size_t P = cols();
  std::vector<uint32_t> active;  // unskipped columns of the range, panel by panel
  std::vector<size_t> first(p1 - p0 + 1);
  for (size_t p = p0; p < p1; ++p) {
    first[p - p0] = active.size();
    for (size_t j = p * kPanel; j < std::min(P, (p + 1) * kPanel); ++j)
      if (!skip || !skip[j]) active.push_back(static_cast<uint32_t>(j));
  }
  first[p1 - p0] = active.size();
  if (active.empty()) return;
  std::vector<double> acc(active.size(), 0.0), table(16 * 256);
  for (size_t t = 0; t < tiles_; ++t) {
    for (size_t b = 0; b < 16; ++b) {
      double* tb = &table[b * 256];
      tb[0] = 0.0;
      for (unsigned v = 1; v < 256; ++v) {
        size_t row = t * 128 + b * 8 + static_cast<size_t>(std::countr_zero(v));
        tb[v] = tb[v & (v - 1)] + (row < rows_ ? R[row * K + k] : 0.0);
      }
    }
    const double* T = table.data();
    for (size_t p = p0; p < p1; ++p) {
      const auto* run = reinterpret_cast<const unsigned char*>(panels_[p].get() + t * kPanel * 2);
      for (size_t a = first[p - p0]; a < first[p - p0 + 1]; ++a) {
        const unsigned char* c = run + (active[a] % kPanel) * 16;
        double s0 = T[c[0]] + T[256 + c[1]] + T[512 + c[2]] + T[768 + c[3]];
        double s1 = T[1024 + c[4]] + T[1280 + c[5]] + T[1536 + c[6]] + T[1792 + c[7]];
        double s2 = T[2048 + c[8]] + T[2304 + c[9]] + T[2560 + c[10]] + T[2816 + c[11]];
        double s3 = T[3072 + c[12]] + T[3328 + c[13]] + T[3584 + c[14]] + T[3840 + c[15]];
        acc[a] += (s0 + s1) + (s2 + s3);
      }
    }
  }
  for (size_t a = 0; a < active.size(); ++a) out[active[a] * K + k] = acc[a];
}

void TiledBits::correlate(const double* R, size_t K, double* out, const uint8_t* skip) const {
  static_assert(std::endian::native == std::endian::little, "byte order of the packed columns");
  const size_t panels = panels_.size();
  if (panels == 0) return;
  // Every OpenMP thread takes a contiguous range of panels (each column's sum is computed whole by
  // one thread, tile by tile in row order: the result does not depend on the thread count).
  const int threads = static_cast<int>(std::min<size_t>(static_cast<size_t>(omp_get_max_threads()), panels));
#pragma omp parallel num_threads(threads)
  {
    const size_t t = static_cast<size_t>(omp_get_thread_num()), T = static_cast<size_t>(omp_get_num_threads());
    for (size_t k = 0; k < K; ++k) correlate_panels(R, K, k, out, skip, panels * t / T, panels * (t + 1) / T);
  }
}

}  // namespace hv

// Incremental popcount Gram (see gram.hpp).
#include "gram.hpp"

#include <algorithm>
#include <omp.h>

#include "support/mpi_comm.hpp"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define HV_GRAM_AVX512 1
#endif

namespace hv {

namespace {

void and_count4_scalar(const uint64_t* a, const uint64_t* const b[4], size_t words, int64_t out[4]) {
  int64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (size_t w = 0; w < words; ++w) {
    const uint64_t x = a[w];
    s0 += std::popcount(x & b[0][w]);
    s1 += std::popcount(x & b[1][w]);
    s2 += std::popcount(x & b[2][w]);
    s3 += std::popcount(x & b[3][w]);
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

#ifdef HV_GRAM_AVX512
__attribute__((target("avx512f,avx512vpopcntdq"))) void and_count4_avx512(const uint64_t* a, const uint64_t* const b[4],
                                                                           size_t words, int64_t out[4]) {
  __m512i s0 = _mm512_set1_epi64(0), s1 = s0, s2 = s0, s3 = s0;
  size_t w = 0;
  for (; w + 8 <= words; w += 8) {
    const __m512i x = _mm512_loadu_si512(a + w);
    s0 = _mm512_add_epi64(s0, _mm512_popcnt_epi64(_mm512_and_si512(x, _mm512_loadu_si512(b[0] + w))));
    s1 = _mm512_add_epi64(s1, _mm512_popcnt_epi64(_mm512_and_si512(x, _mm512_loadu_si512(b[1] + w))));
    s2 = _mm512_add_epi64(s2, _mm512_popcnt_epi64(_mm512_and_si512(x, _mm512_loadu_si512(b[2] + w))));
    s3 = _mm512_add_epi64(s3, _mm512_popcnt_epi64(_mm512_and_si512(x, _mm512_loadu_si512(b[3] + w))));
  }
  alignas(64) int64_t lanes[4][8];
  _mm512_store_si512(lanes[0], s0);
  _mm512_store_si512(lanes[1], s1);
  _mm512_store_si512(lanes[2], s2);
  _mm512_store_si512(lanes[3], s3);
  for (int i = 0; i < 4; ++i) {
    out[i] = 0;
    for (int l = 0; l < 8; ++l) out[i] += lanes[i][l];
  }
  for (; w < words; ++w)
    for (int i = 0; i < 4; ++i) out[i] += std::popcount(a[w] & b[i][w]);
}
#endif

using Kernel = void (*)(const uint64_t*, const uint64_t* const[4], size_t, int64_t[4]);

Kernel pick_kernel() {
#ifdef HV_GRAM_AVX512
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq")) return and_count4_avx512;
#endif
  return and_count4_scalar;
}

}  // namespace

void and_count4(const uint64_t* a, const uint64_t* const b[4], size_t words, int64_t out[4]) {
  static const Kernel kernel = pick_kernel();
  kernel(a, b, words, out);
}

void GramCache::reserve_rows(size_t rows, size_t S) {
  if (G_ && rows <= stride_) return;
  const size_t stride = std::max(rows, std::min(capacity_, H_.cols()));
  LargeArray G(stride * stride);  // uninitialized on purpose
  for (size_t a = 0; a < S; ++a) std::copy(&G_[a * stride_], &G_[a * stride_] + S, &G[a * stride]);
  G_ = std::move(G);
  stride_ = stride;
}

void GramCache::keep_only(const std::vector<size_t>& cols) {
  std::vector<size_t> kept;  // old slots, in request order
  for (size_t j : cols)
    if (auto it = slot_of_col_.find(j); it != slot_of_col_.end()) kept.push_back(it->second);
  BitMatrix bits(H_.rows());
  bits.reserve(std::min(capacity_, std::max<size_t>(2 * cols.size(), 512)));
  const size_t stride = std::max(std::min(capacity_, H_.cols()), kept.size());
  LargeArray G(stride * stride);  // uninitialized on purpose
  std::vector<double> hy(kept.size() * K_);
  std::vector<size_t> col_of_slot(kept.size());
  slot_of_col_.clear();
  for (size_t a = 0; a < kept.size(); ++a) {
    bits.push_back(bits_.col(kept[a]));
    for (size_t b = 0; b < kept.size(); ++b) G[a * stride + b] = G_[kept[a] * stride_ + kept[b]];
    std::copy(hy_.begin() + static_cast<long>(kept[a] * K_), hy_.begin() + static_cast<long>((kept[a] + 1) * K_),
              hy.begin() + static_cast<long>(a * K_));
    col_of_slot[a] = col_of_slot_[kept[a]];
    slot_of_col_[col_of_slot[a]] = a;
  }
  bits_ = std::move(bits);
  G_ = std::move(G);
  stride_ = stride;
  hy_ = std::move(hy);
  col_of_slot_ = std::move(col_of_slot);
}

std::vector<size_t> GramCache::ensure(const std::vector<size_t>& cols) {
  std::vector<size_t> fresh;
  for (size_t j : cols)
    if (!slot_of_col_.count(j)) fresh.push_back(j);
  if (!fresh.empty() && col_of_slot_.size() + fresh.size() > capacity_) keep_only(cols);
  const size_t S = col_of_slot_.size(), B = fresh.size(), T = S + B;
  if (B > 0) {
    if (bits_.cols() == 0) bits_.reserve(std::min(capacity_, std::max<size_t>(2 * cols.size(), 512)));
    std::vector<uint64_t> buf(H_.words());
    hy_.resize(T * K_, 0.0);
    for (size_t j : fresh) {
      const size_t s = col_of_slot_.size();
      H_.column(j, buf.data());
      bits_.push_back(buf.data());
      col_of_slot_.push_back(j);
      slot_of_col_[j] = s;
      if (K_ > 0) bits_.column_sum(s, Yc_, K_, K_, &hy_[s * K_]);
    }
    reserve_rows(T, S);
    // Rows of the new slots [S, T) against every slot t <= s. Blocks of kBlock new columns (kept in
    // L2 while every pooled column streams past once per block, each pooled column then staying in
    // L1 across the block's kernel calls of 4); worker w takes the blocks with index = w (mod workers).
    constexpr size_t kBlock = 32;
    const double n = static_cast<double>(H_.total_rows());
    const size_t blocks = (B + kBlock - 1) / kBlock, words = bits_.words();
    const unsigned workers = static_cast<unsigned>(std::min<size_t>(blocks, static_cast<size_t>(omp_get_max_threads())));
    auto work = [&](unsigned w) {
      for (size_t bi = w; bi < blocks; bi += workers) {
        const size_t s0 = S + kBlock * bi, s1 = std::min(T, s0 + kBlock);
        for (size_t t = 0; t < s1; ++t) {
          const uint64_t* col_t = bits_.col(t);
          // First group of 4 holding a new column s >= t.
          for (size_t q0 = t <= s0 ? s0 : s0 + (t - s0) / 4 * 4; q0 < s1; q0 += 4) {
            const size_t q1 = std::min(s1, q0 + 4);
            const uint64_t* b[4];
            for (size_t i = 0; i < 4; ++i) b[i] = bits_.col(std::min(q0 + i, q1 - 1));
            int64_t c[4];
            and_count4(col_t, b, words, c);
            for (size_t s = std::max(q0, t); s < q1; ++s) {
              G_[s * stride_ + t] = static_cast<double>(c[s - q0]);  // this rank's |h_s AND h_t|, t <= s
            }
          }
        }
      }
    };
#pragma omp parallel for schedule(static, 1) num_threads(std::max(1u, workers))
    for (unsigned w = 0; w < workers; ++w) work(w);
    // The new rows' AND counts and H^T Y_c over every rank's rows (exact integers in doubles), then
    // centred with the global column counts and mirrored.
    if (comm::distributed()) {
      std::vector<double> packed;
      packed.reserve(B * T);
      for (size_t s = S; s < T; ++s) packed.insert(packed.end(), &G_[s * stride_], &G_[s * stride_] + s + 1);
      comm::sum(packed);
      size_t at = 0;
      for (size_t s = S; s < T; ++s) {
        std::copy(packed.begin() + static_cast<long>(at), packed.begin() + static_cast<long>(at + s + 1), &G_[s * stride_]);
        at += s + 1;
      }
      comm::sum(std::span<double>(&hy_[S * K_], B * K_));
    }
    for (size_t s = S; s < T; ++s)
      for (size_t t = 0; t <= s; ++t) {
        const double v = G_[s * stride_ + t] - (center_ ? static_cast<double>(H_.count(col_of_slot_[s])) *
                                                              static_cast<double>(H_.count(col_of_slot_[t])) / n
                                                        : 0.0);
        G_[s * stride_ + t] = v;
        G_[t * stride_ + s] = v;
      }
  }
  std::vector<size_t> slots;
  slots.reserve(cols.size());
  for (size_t j : cols) slots.push_back(slot_of_col_.at(j));
  return slots;
}

}  // namespace hv

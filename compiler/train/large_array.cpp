// Huge-page-advised scratch arrays (see large_array.hpp).
#include "large_array.hpp"

#include <cstdlib>
#include <new>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hv {

namespace {
constexpr size_t kHuge = size_t{2} << 20;
}

LargeArray::LargeArray(size_t count) : n_(count) {
  if (count == 0) return;
  size_t bytes = count * sizeof(double);
  if (bytes >= 2 * kHuge) {
    bytes = (bytes + kHuge - 1) / kHuge * kHuge;
    p_ = static_cast<double*>(std::aligned_alloc(kHuge, bytes));
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (p_) madvise(p_, bytes, MADV_HUGEPAGE);  // advice only: failure leaves ordinary pages
#endif
  } else {
    p_ = static_cast<double*>(std::malloc(bytes));
  }
  if (!p_) throw std::bad_alloc();
}

LargeArray::~LargeArray() { std::free(p_); }

LargeArray& LargeArray::operator=(LargeArray&& o) noexcept {
  if (this != &o) {
    std::free(p_);
    p_ = std::exchange(o.p_, nullptr);
    n_ = std::exchange(o.n_, 0);
  }
  return *this;
}

}  // namespace hv

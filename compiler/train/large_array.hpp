// An uninitialized array of doubles for the solver's large scratch matrices (the Gram pool, the
// working set's Gram). Arrays of 4 MiB and more are 2 MiB-aligned and advised to use transparent
// huge pages (Linux, madvise mode), so their first touch faults once per 2 MiB instead of once per
// 4 KiB page: on a virtual machine a page fault costs microseconds, and a fresh Gram touches
// thousands of pages. Entries are not initialized: only the pages actually written become resident.
#pragma once
#include <cstddef>

namespace hv {

class LargeArray {
 public:
  LargeArray() = default;
  explicit LargeArray(size_t count);
  ~LargeArray();
  LargeArray(LargeArray&& o) noexcept : p_(o.p_), n_(o.n_) {
    o.p_ = nullptr;
    o.n_ = 0;
  }
  LargeArray& operator=(LargeArray&& o) noexcept;
  LargeArray(const LargeArray&) = delete;
  LargeArray& operator=(const LargeArray&) = delete;

  double* data() { return p_; }
  const double* data() const { return p_; }
  size_t size() const { return n_; }
  double& operator[](size_t i) { return p_[i]; }
  double operator[](size_t i) const { return p_[i]; }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  double* p_ = nullptr;
  size_t n_ = 0;
};

}  // namespace hv

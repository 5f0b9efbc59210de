// Seeded random quantized inputs for solver tests: n rows of d codes in [0, qmax], row-major.
#pragma once
#include <cstdint>
#include <random>
#include <vector>

namespace hvtest {

inline std::vector<int64_t> random_q(size_t n, size_t d, uint64_t seed, int64_t qmax) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> u(0, qmax);
  std::vector<int64_t> q(n * d);
  for (auto& v : q) v = u(rng);
  return q;
}

}  // namespace hvtest

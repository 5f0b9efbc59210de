// Gaussian integer-direction dictionary with hash deduplication (see dictionary.hpp).
#include "dictionary.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_map>

namespace hv {

namespace {

uint64_t hash_words(const uint64_t* w, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ull;
  for (size_t i = 0; i < n; ++i) {
    h ^= w[i] + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdull;
  }
  return h;
}

struct Stats {
  std::vector<double> mean, sd;
};

Stats column_stats(const std::vector<int64_t>& q, size_t n, size_t d) {
  Stats s{std::vector<double>(d, 0.0), std::vector<double>(d, 0.0)};
  for (size_t r = 0; r < n; ++r)
    for (size_t c = 0; c < d; ++c) s.mean[c] += static_cast<double>(q[r * d + c]);
  for (auto& m : s.mean) m /= static_cast<double>(n);
  for (size_t r = 0; r < n; ++r)
    for (size_t c = 0; c < d; ++c) {
      double t = static_cast<double>(q[r * d + c]) - s.mean[c];
      s.sd[c] += t * t;
    }
  for (auto& v : s.sd) v = std::sqrt(v / static_cast<double>(n));
  return s;
}

// Gaussian u on standardized features plus a Gaussian bias, re-expressed over q and rounded so
// that the largest |weight| is 2^(bits-1) - 1.
IntNeuron sample_neuron(std::mt19937_64& rng, const Stats& st, size_t d, int weight_bits) {
  std::normal_distribution<double> N(0.0, 1.0);
  std::vector<double> c(d, 0.0);
  double b = N(rng), cmax = 0;
  for (size_t i = 0; i < d; ++i) {
    double u = N(rng);
    if (st.sd[i] > 0) {
      c[i] = u / st.sd[i];
      b -= c[i] * st.mean[i];
    }
    cmax = std::max(cmax, std::abs(c[i]));
  }
  IntNeuron nr;
  nr.w.assign(d, 0);
  if (cmax == 0) return nr;
  double scale = static_cast<double>((int64_t{1} << (weight_bits - 1)) - 1) / cmax;
  for (size_t i = 0; i < d; ++i) nr.w[i] = std::llround(c[i] * scale);
  nr.b = std::llround(b * scale);
  return nr;
}

}  // namespace

std::vector<uint8_t> neuron_pattern(const IntNeuron& nr, const std::vector<int64_t>& q, size_t n, size_t d) {
  std::vector<uint8_t> p(n);
  for (size_t r = 0; r < n; ++r) {
    int64_t z = nr.b;
    for (size_t c = 0; c < d; ++c) z += nr.w[c] * q[r * d + c];
    p[r] = z >= 0;
  }
  return p;
}

Dictionary gaussian_dictionary(const std::vector<int64_t>& q, size_t n, size_t d, const DictionaryOptions& opt) {
  Dictionary dict;
  dict.H = BitMatrix(n);
  Stats st = column_stats(q, n, d);
  std::mt19937_64 rng(opt.seed);
  std::unordered_multimap<uint64_t, size_t> seen;
  const size_t words = dict.H.words();
  std::vector<uint64_t> col(words);
  for (size_t s = 0; s < opt.directions; ++s) {
    ++dict.sampled;
    IntNeuron nr = sample_neuron(rng, st, d, opt.weight_bits);
    std::vector<uint8_t> p = neuron_pattern(nr, q, n, d);
    if (p[0]) {  // canonical orientation: row 0 off. 1{z < 0} == 1{-z - 1 >= 0} for integer z.
      for (auto& w : nr.w) w = -w;
      nr.b = -nr.b - 1;
      for (auto& v : p) v ^= 1;
    }
    std::fill(col.begin(), col.end(), 0);
    size_t ones = 0;
    for (size_t r = 0; r < n; ++r)
      if (p[r]) {
        col[r / 64] |= uint64_t{1} << (r % 64);
        ++ones;
      }
    if (ones == 0 || ones == n) {
      ++dict.constant;
      continue;
    }
    uint64_t h = hash_words(col.data(), words);
    auto range = seen.equal_range(h);
    bool dup = std::any_of(range.first, range.second, [&](const auto& kv) {
      return std::equal(col.begin(), col.end(), dict.H.col(kv.second));
    });
    if (dup) {
      ++dict.duplicates;
      continue;
    }
    seen.emplace(h, dict.H.cols());
    dict.H.push_back(col.data());
    dict.neuron.push_back(std::move(nr));
  }
  return dict;
}

}  // namespace hv

// The two-kind dictionary with Zobrist deduplication (see dictionary.hpp).
#include "dictionary.hpp"

#include "support/mpi_comm.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>

namespace hv {

namespace {
// SplitMix64: the Zobrist key of a row from the seed and the row's global index alone, so that
// every rank draws the same keys for the same rows, whatever the row blocks.
uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
}  // namespace

Dictionary::Dictionary(const std::vector<int64_t>* q, size_t n, size_t d, uint64_t seed)
    : q_(q), n_(n), d_(d), explicit_(n) {
  n_total_ = static_cast<size_t>(comm::sum(static_cast<uint64_t>(n)));
  first_ = static_cast<size_t>(comm::exclusive_sum(static_cast<uint64_t>(n)));
  const uint64_t base = splitmix(seed);
  keys_.resize(n);
  for (size_t r = 0; r < n; ++r) {
    const uint64_t g = 2 * static_cast<uint64_t>(first_ + r);
    keys_[r].a = splitmix(base ^ g);
    keys_[r].b = splitmix(base ^ (g + 1));
    all_.a ^= keys_[r].a;
    all_.b ^= keys_[r].b;
  }
  std::vector<uint64_t> all = {all_.a, all_.b};
  comm::bit_xor(all);
  all_ = {all[0], all[1]};
}

void Dictionary::require_one_rank(const char* what) const {
  if (comm::distributed())
    fail(std::string(what) + " needs every training row in one process; under MPI (" + std::to_string(comm::size()) +
         " ranks) the dictionary is built from explicit columns only (the gaussian dictionary)");
}

void Dictionary::combine(std::vector<Hash128>& h, std::vector<uint64_t>& ones) {
  if (!comm::distributed()) return;
  std::vector<uint64_t> ab(2 * h.size());
  for (size_t i = 0; i < h.size(); ++i) {
    ab[2 * i] = h[i].a;
    ab[2 * i + 1] = h[i].b;
  }
  comm::bit_xor(ab);
  comm::sum(ones);
  for (size_t i = 0; i < h.size(); ++i) h[i] = {ab[2 * i], ab[2 * i + 1]};
}

Dictionary::Hash128 Dictionary::canonical(Hash128 h) const {
  Hash128 c{h.a ^ all_.a, h.b ^ all_.b};
  return (c.a < h.a || (c.a == h.a && c.b < h.b)) ? c : h;
}

bool Dictionary::admit(Hash128 h, size_t ones) {
  ++stats_.candidates;
  if (ones == 0 || ones == n_total_) {
    ++stats_.constant;
    return false;
  }
  if (!seen_.insert(canonical(h)).second) {
    ++stats_.duplicates;
    return false;
  }
  return true;
}

Dictionary::Hash128 Dictionary::hash_bits(const uint64_t* bits, size_t* ones) const {
  Hash128 h;
  size_t c = 0;
  for (size_t w = 0; w < words(); ++w)
    for (uint64_t x = bits[w]; x; x &= x - 1) {
      const Hash128& k = keys_[w * 64 + static_cast<size_t>(std::countr_zero(x))];
      h.a ^= k.a;
      h.b ^= k.b;
      ++c;
    }
  *ones = c;
  return h;
}

bool Dictionary::add_column(const uint64_t* bits, IntNeuron nr, double cost) {
  size_t local = 0;
  std::vector<Hash128> h = {hash_bits(bits, &local)};
  std::vector<uint64_t> ones = {local};
  combine(h, ones);
  if (!admit(h[0], ones[0])) return false;
  append(bits, std::move(nr), cost, static_cast<int64_t>(ones[0]));
  return true;
}

void Dictionary::add_column_unchecked(const uint64_t* bits, IntNeuron nr, double cost) {
  int64_t local = 0;
  for (size_t w = 0; w < words(); ++w) local += std::popcount(bits[w]);
  append(bits, std::move(nr), cost, comm::sum(local));
}

void Dictionary::append(const uint64_t* bits, IntNeuron nr, double cost, int64_t count) {
  if (block_cols_ != 0) throw std::logic_error("explicit columns must precede threshold blocks");
  explicit_.push_back(bits);
  neurons_.push_back(std::move(nr));
  costs_.push_back(cost);
  counts_.push_back(count);
}

void Dictionary::sorted_projection(const std::vector<int64_t>& w, std::vector<int64_t>& z,
                                   std::vector<uint32_t>& order) const {
  z = project(w, 0);
  order.resize(n_);
  if (n_ == 0) return;
  // Integer projections of quantized inputs span a small range: a counting sort (stable, so the
  // same order as std::stable_sort) in O(n + range); the comparison sort was the build's hot spot.
  const auto [lo, hi] = std::minmax_element(z.begin(), z.end());
  const uint64_t range = static_cast<uint64_t>(*hi) - static_cast<uint64_t>(*lo) + 1;
  if (range <= 4 * static_cast<uint64_t>(n_) + 1024) {
    std::vector<uint32_t> start(range + 1, 0);
    for (int64_t v : z) ++start[static_cast<size_t>(v - *lo) + 1];
    for (size_t b = 1; b <= range; ++b) start[b] += start[b - 1];
    for (size_t r = 0; r < n_; ++r) order[start[static_cast<size_t>(z[r] - *lo)]++] = static_cast<uint32_t>(r);
    return;
  }
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return z[a] < z[b]; });
}

size_t Dictionary::add_direction(const std::vector<int64_t>& w, double cost) {
  require_one_rank("a threshold block (the sparse and exact dictionaries, column generation)");
  std::vector<int64_t> z;
  std::vector<uint32_t> order;
  sorted_projection(w, z, order);
  return add_sorted_direction(w, z, std::move(order), cost);
}

size_t Dictionary::add_sorted_direction(const std::vector<int64_t>& w, const std::vector<int64_t>& z,
                                        std::vector<uint32_t> order, double cost) {
  ThresholdBlock blk;
  blk.w = w;
  blk.order = std::move(order);
  // Walk thresholds from the top: the suffix set grows one distinct value at a time.
  Hash128 h;
  size_t pos = n_;
  while (pos > 0) {
    size_t first = pos;
    int64_t v = z[blk.order[pos - 1]];
    while (first > 0 && z[blk.order[first - 1]] == v) {
      --first;
      const Hash128& k = keys_[blk.order[first]];
      h.a ^= k.a;
      h.b ^= k.b;
    }
    if (admit(h, n_ - first)) {
      blk.start.push_back(static_cast<uint32_t>(first));
      blk.value.push_back(v);
      blk.cost.push_back(cost);
    }
    pos = first;
  }
  size_t kept = blk.start.size();
  if (kept == 0) return 0;
  block_offset_.push_back(explicit_.cols() + block_cols_);
  block_cols_ += kept;
  blocks_.push_back(std::move(blk));
  return kept;
}

std::vector<Dictionary::Candidate> Dictionary::explicit_candidates(const std::vector<int64_t>& w,
                                                                   size_t thresholds) const {
  std::vector<int64_t> z;
  std::vector<uint32_t> order;
  sorted_projection(w, z, order);
  std::vector<uint64_t> bits(words(), 0);
  std::vector<Candidate> out;
  Hash128 h;
  size_t pos = n_, next_cut = n_;
  const size_t step = std::max<size_t>(1, n_ / (thresholds + 1));
  while (pos > 0) {
    size_t first = pos;
    int64_t v = z[order[pos - 1]];
    while (first > 0 && z[order[first - 1]] == v) {
      --first;
      const Hash128& k = keys_[order[first]];
      h.a ^= k.a;
      h.b ^= k.b;
      bits[order[first] / 64] |= uint64_t{1} << (order[first] % 64);
    }
    pos = first;
    if (first > next_cut) continue;  // take roughly every step-th rank
    next_cut = first >= step ? first - step : 0;
    out.push_back({bits, h, n_ - first, IntNeuron{w, -v}});
  }
  return out;
}

size_t Dictionary::add_direction_explicit(const std::vector<int64_t>& w, size_t thresholds, double cost) {
  return add_directions_explicit({w}, thresholds, cost);
}

namespace {
// Directions per parallel batch: bounds the candidates held at once (each up to thresholds + 2
// columns), and fixed so that nothing depends on the thread count.
constexpr size_t kBatch = 64;
}  // namespace

size_t Dictionary::add_directions_explicit(const std::vector<std::vector<int64_t>>& ws, size_t thresholds, double cost,
                                           size_t max_cols) {
  require_one_rank("quantile thresholds of a direction (column generation)");
  size_t kept = 0;
  for (size_t b0 = 0; b0 < ws.size() && cols() < max_cols; b0 += kBatch) {
    const size_t b1 = std::min(ws.size(), b0 + kBatch);
    std::vector<std::vector<Candidate>> cand(b1 - b0);
#pragma omp parallel for schedule(dynamic)
    for (size_t i = b0; i < b1; ++i) cand[i - b0] = explicit_candidates(ws[i], thresholds);
    for (auto& list : cand) {
      size_t here = 0;
      for (auto& c : list) {
        if (here == thresholds || cols() >= max_cols) break;
        if (!admit(c.h, c.ones)) continue;
        append(c.bits.data(), std::move(c.nr), cost, static_cast<int64_t>(c.ones));
        ++here;
      }
      kept += here;
    }
  }
  return kept;
}

size_t Dictionary::add_directions(const std::vector<std::vector<int64_t>>& ws, const std::vector<double>& costs) {
  require_one_rank("a threshold block (the sparse and exact dictionaries)");
  size_t kept = 0;
  for (size_t b0 = 0; b0 < ws.size(); b0 += kBatch) {
    const size_t b1 = std::min(ws.size(), b0 + kBatch);
    std::vector<std::vector<int64_t>> z(b1 - b0);
    std::vector<std::vector<uint32_t>> order(b1 - b0);
#pragma omp parallel for schedule(dynamic)
    for (size_t i = b0; i < b1; ++i) sorted_projection(ws[i], z[i - b0], order[i - b0]);
    for (size_t i = b0; i < b1; ++i) kept += add_sorted_direction(ws[i], z[i - b0], std::move(order[i - b0]), costs[i]);
  }
  return kept;
}

size_t Dictionary::add_neurons(std::vector<IntNeuron> nrs, const std::vector<double>& costs) {
  size_t kept = 0;
  for (size_t b0 = 0; b0 < nrs.size(); b0 += kBatch * 4) {
    const size_t b1 = std::min(nrs.size(), b0 + kBatch * 4);
    std::vector<Candidate> cand(b1 - b0);
#pragma omp parallel for schedule(dynamic)
    for (size_t i = b0; i < b1; ++i) {
      Candidate& c = cand[i - b0];
      c.bits.resize(words());
      neuron_bits(nrs[i], c.bits.data());
      c.h = hash_bits(c.bits.data(), &c.ones);
    }
    std::vector<Hash128> h(b1 - b0);
    std::vector<uint64_t> ones(b1 - b0);
    for (size_t i = 0; i < h.size(); ++i) {
      h[i] = cand[i].h;
      ones[i] = cand[i].ones;
    }
    combine(h, ones);  // every rank's block of each candidate: the global hashes and counts
    for (size_t i = b0; i < b1; ++i) {
      Candidate& c = cand[i - b0];
      if (!admit(h[i - b0], ones[i - b0])) continue;
      append(c.bits.data(), std::move(nrs[i]), costs[i], static_cast<int64_t>(ones[i - b0]));
      ++kept;
    }
  }
  return kept;
}

// z = w.q + b on every row, over w's non-zero entries only (sparse directions read a few inputs).
std::vector<int64_t> Dictionary::project(const std::vector<int64_t>& w, int64_t b) const {
  std::vector<size_t> nz;
  for (size_t c = 0; c < d_; ++c)
    if (w[c]) nz.push_back(c);
  std::vector<int64_t> z(n_, b);
  for (size_t r = 0; r < n_; ++r) {
    const int64_t* row = q_->data() + r * d_;
    for (size_t c : nz) z[r] += w[c] * row[c];
  }
  return z;
}

namespace {
// Locate global column j inside the blocks: (block index, local column).
std::pair<size_t, size_t> locate(const std::vector<size_t>& offset, size_t j) {
  size_t b = static_cast<size_t>(std::upper_bound(offset.begin(), offset.end(), j) - offset.begin()) - 1;
  return {b, j - offset[b]};
}
}  // namespace

int64_t Dictionary::count(size_t j) const {
  if (j < explicit_.cols()) return counts_[j];
  auto [b, t] = locate(block_offset_, j);
  return static_cast<int64_t>(n_ - blocks_[b].start[t]);
}

double Dictionary::cost(size_t j) const {
  if (j < explicit_.cols()) return costs_[j];
  auto [b, t] = locate(block_offset_, j);
  return blocks_[b].cost[t];
}

IntNeuron Dictionary::neuron(size_t j) const {
  if (j < explicit_.cols()) return neurons_[j];
  auto [b, t] = locate(block_offset_, j);
  return {blocks_[b].w, -blocks_[b].value[t]};
}

void Dictionary::column(size_t j, uint64_t* bits) const {
  if (j < explicit_.cols()) {
    explicit_.column(j, bits);
    return;
  }
  std::fill(bits, bits + words(), 0);
  auto [b, t] = locate(block_offset_, j);
  const ThresholdBlock& blk = blocks_[b];
  for (size_t p = blk.start[t]; p < n_; ++p) bits[blk.order[p] / 64] |= uint64_t{1} << (blk.order[p] % 64);
}

void Dictionary::correlate(const double* R, size_t K, double* out, const std::vector<uint8_t>* skip) const {
  explicit_.correlate(R, K, out, skip ? skip->data() : nullptr);
  // Threshold blocks: one suffix-sum pass each, blocks split over the OpenMP threads.
#pragma omp parallel
  {
  std::vector<double> suffix((n_ + 1) * K);
#pragma omp for schedule(dynamic, 4)
  for (size_t b = 0; b < blocks_.size(); ++b) {
    const ThresholdBlock& blk = blocks_[b];
    const size_t base = block_offset_[b], m = blk.start.size();
    bool any = !skip;
    for (size_t t = 0; t < m && !any; ++t) any = !(*skip)[base + t];
    if (!any) continue;
    std::fill(suffix.end() - static_cast<long>(K), suffix.end(), 0.0);
    for (size_t p = n_; p-- > 0;)
      for (size_t k = 0; k < K; ++k) suffix[p * K + k] = suffix[(p + 1) * K + k] + R[blk.order[p] * K + k];
    for (size_t t = 0; t < m; ++t)
      for (size_t k = 0; k < K; ++k) out[(base + t) * K + k] = suffix[blk.start[t] * K + k];
  }
  }
  comm::sum(std::span<double>(out, cols() * K));  // every rank's rows
}

void Dictionary::neuron_bits(const IntNeuron& nr, uint64_t* bits) const {
  std::fill(bits, bits + words(), 0);
  std::vector<int64_t> z = project(nr.w, nr.b);
  for (size_t r = 0; r < n_; ++r)
    if (z[r] >= 0) bits[r / 64] |= uint64_t{1} << (r % 64);
}

}  // namespace hv

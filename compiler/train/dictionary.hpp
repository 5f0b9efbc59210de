// The arrangement dictionary as the solver sees it: n rows x P binary columns, each column a
// hyperplane-arrangement pattern 1{W q + b >= 0} over the quantized training inputs, remembering
// the integer neuron (w, b) that produces it and its penalty weight (cost).
//
// Two kinds of column, one index space:
//  - explicit columns, bit-packed (TiledBits): Gaussian directions, enumerated patterns, columns
//    found by column generation;
//  - threshold blocks: one integer direction z = w.q and every distinct threshold of z on the data.
//    The columns 1{z >= v_t} are nested suffix sets of the rows sorted by z, so they are never
//    stored: the correlations of all of a block's columns are suffix sums of one sorted pass, O(nK).
// Duplicates are removed by a 128-bit Zobrist hash of the row set (XOR of per-row random keys),
// made complement-invariant (min of h and h ^ h(all rows)): with the free output bias a pattern and
// its complement are the same feature. Constant columns are dropped. The hash is updated in O(1)
// per threshold step inside a block; a false merge needs a 2^-128-probability collision.
//
// Row-partitioned (MPI, support/mpi_comm.hpp): the dictionary holds this rank's block of rows
// (rows(), from global row first_row()) of total_rows() in all; a row's Zobrist key depends on its
// global index and the seed only, so a column's hash is the XOR of the ranks' block hashes, and
// candidates are admitted from the all-reduced hashes and counts: every rank keeps the same columns.
// count(j) and correlate() are global (all-reduced); column() and neuron_bits() are this block's
// bits. Explicit columns only: threshold blocks need the rows of every rank sorted together.
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <unordered_set>
#include <vector>

#include "bitmatrix.hpp"

namespace hv {

struct IntNeuron {
  std::vector<int64_t> w;  // over the d quantized inputs
  int64_t b = 0;
};

struct ThresholdBlock {
  std::vector<int64_t> w;        // the direction
  std::vector<uint32_t> order;   // rows sorted by z = w.q, ascending
  std::vector<uint32_t> start;   // per kept column: first sorted position with z >= threshold
  std::vector<int64_t> value;    // per kept column: the threshold v (neuron bias = -v)
  std::vector<double> cost;      // per kept column
};

struct DictionaryStats {
  size_t candidates = 0;  // patterns offered
  size_t duplicates = 0;  // dropped: same set (or complement) as a kept column
  size_t constant = 0;    // dropped: all rows or none
};

class Dictionary {
 public:
  Dictionary(const std::vector<int64_t>* q, size_t n, size_t d, uint64_t seed = 0x5eed);

  size_t rows() const { return n_; }              // this rank's rows
  size_t total_rows() const { return n_total_; }  // every rank's rows (= rows() on one rank)
  size_t first_row() const { return first_; }     // global index of this rank's first row
  size_t inputs() const { return d_; }
  size_t cols() const { return explicit_.cols() + block_cols_; }
  size_t words() const { return explicit_.words(); }
  size_t explicit_cols() const { return explicit_.cols(); }
  size_t blocks() const { return blocks_.size(); }
  int64_t count(size_t j) const;  // rows of column j, over every rank
  double cost(size_t j) const;
  IntNeuron neuron(size_t j) const;
  void column(size_t j, uint64_t* bits) const;  // materializes column j (words() words)
  const DictionaryStats& stats() const { return stats_; }

  // Offers an explicit column; returns false if it is constant or a duplicate (not added).
  bool add_column(const uint64_t* bits, IntNeuron nr, double cost = 1.0);
  // Offers every distinct threshold of direction w (z = w.q over the training rows).
  // Every kept column gets `cost`. Returns the number of columns kept.
  size_t add_direction(const std::vector<int64_t>& w, double cost = 1.0);
  // Up to `thresholds` quantile thresholds of direction w, materialized as explicit columns
  // (nested: each column is the previous one plus a few rows, O(n/64) per column).
  size_t add_direction_explicit(const std::vector<int64_t>& w, size_t thresholds, double cost = 1.0);
  // Batches: the same columns, in the same order, as the one-at-a-time calls in a loop (so the same
  // dictionary for any thread count), with the patterns, projections, sorts and hashes computed
  // in parallel on every core (OpenMP) and only the admission (deduplication, append) serial.
  // add_neurons: add_column(neuron_bits(nrs[i]), nrs[i], costs[i]) for each i (the Gaussian
  // dictionary); returns the number kept.
  size_t add_neurons(std::vector<IntNeuron> nrs, const std::vector<double>& costs);
  // add_direction(ws[i], costs[i]) for each i (the sparse dictionary); returns the columns kept.
  size_t add_directions(const std::vector<std::vector<int64_t>>& ws, const std::vector<double>& costs);
  // add_direction_explicit(ws[i], thresholds, cost) for each i, stopping once cols() reaches
  // max_cols; returns the columns kept.
  size_t add_directions_explicit(const std::vector<std::vector<int64_t>>& ws, size_t thresholds, double cost,
                                 size_t max_cols = std::numeric_limits<size_t>::max());
  // Without deduplication (tests of duplicate invariance).
  void add_column_unchecked(const uint64_t* bits, IntNeuron nr, double cost = 1.0);

  // out[j*K + k] = h_j^T R[:, k] for every column j with skip == nullptr or !(*skip)[j]
  // (R: n x K row-major, this rank's rows), summed over every rank; out is all-reduced whole, so
  // the skipped entries must hold the same value on every rank (callers pass zeros).
  // O(sum of explicit counts * K + blocks * n * K).
  void correlate(const double* R, size_t K, double* out, const std::vector<uint8_t>* skip) const;

  // The pattern of an integer neuron on the training rows, as bits.
  void neuron_bits(const IntNeuron& nr, uint64_t* bits) const;
  const std::vector<int64_t>& q() const { return *q_; }

 private:
  struct Hash128 {
    uint64_t a = 0, b = 0;
    bool operator==(const Hash128&) const = default;
  };
  struct HashOf {
    size_t operator()(const Hash128& h) const { return static_cast<size_t>(h.a ^ (h.b * 0x9e3779b97f4a7c15ull)); }
  };
  Hash128 canonical(Hash128 h) const;
  std::vector<int64_t> project(const std::vector<int64_t>& w, int64_t b) const;
  bool admit(Hash128 h, size_t ones);  // dedup + constant check, updates stats
  // An explicit column offered to admit(): its bits, hash and row count, and its neuron.
  struct Candidate {
    std::vector<uint64_t> bits;
    Hash128 h;
    size_t ones = 0;
    IntNeuron nr;
  };
  Hash128 hash_bits(const uint64_t* bits, size_t* ones) const;
  // All-reduces candidates' block hashes (XOR) and row counts (sum) into global ones.
  static void combine(std::vector<Hash128>& h, std::vector<uint64_t>& ones);
  void require_one_rank(const char* what) const;
  void append(const uint64_t* bits, IntNeuron nr, double cost, int64_t count);
  // The quantile-threshold columns of direction w, in the order add_direction_explicit offers them
  // (up to thresholds + 2 of them: every cut position, admitted or not).
  std::vector<Candidate> explicit_candidates(const std::vector<int64_t>& w, size_t thresholds) const;
  // A direction's rows sorted by projection (stable), and the projections.
  void sorted_projection(const std::vector<int64_t>& w, std::vector<int64_t>& z, std::vector<uint32_t>& order) const;
  size_t add_sorted_direction(const std::vector<int64_t>& w, const std::vector<int64_t>& z, std::vector<uint32_t> order,
                              double cost);

  const std::vector<int64_t>* q_;
  size_t n_, d_;
  size_t n_total_ = 0, first_ = 0;
  std::vector<int64_t> counts_;       // per explicit column: its rows over every rank
  TiledBits explicit_;
  std::vector<IntNeuron> neurons_;
  std::vector<double> costs_;
  std::vector<ThresholdBlock> blocks_;
  std::vector<size_t> block_offset_;  // first global column of each block
  size_t block_cols_ = 0;
  std::vector<Hash128> keys_;         // per-row Zobrist keys
  Hash128 all_;                       // hash of the full row set
  std::unordered_set<Hash128, HashOf> seen_;
  DictionaryStats stats_;
};

}  // namespace hv

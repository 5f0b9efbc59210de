// Test vectors shared by every verification target. A vector file is plain text, one vector per
// line: the n_in quantized inputs, space-separated, and nothing else. The code under test (the C
// harness, the Verilator and Icarus testbenches) reads it and writes what the design produced to
// an outputs file; the expected values are never given to it: compare_outputs (runtime/compare.hpp)
// computes them with the reference and compares, in the verifier's own process.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ir/network.hpp"

namespace hv {

struct VectorSet {
  int n_in = 0;
  std::vector<std::vector<int64_t>> inputs;
  std::vector<std::string> origin;  // "data row 12", "random", "tie neuron 3" (for reports)
};

// Dataset rows (already quantized) + `n_random` seeded uniform vectors.
VectorSet make_vectors(const Network& net, const std::vector<std::vector<int64_t>>& data_rows,
                       size_t n_random, uint64_t seed);

// Appends `n` seeded uniform random vectors.
void add_random_vectors(const Network& net, VectorSet& vs, size_t n, uint64_t seed);

// Appends up to `count` boundary vectors (runtime/boundary.hpp: every hidden neuron at z = -1, 0,
// +1, every score decision at or next to its tie, wherever reachable). Returns how many were
// added. Seeded; deterministic.
size_t add_tie_vectors(const Network& net, VectorSet& vs, size_t count, uint64_t seed);

// Serialize the inputs (the vector file the code under test reads).
std::string vectors_text(const Network& net, const VectorSet& vs);

// Parse a vector file back; throws std::runtime_error naming the line on a malformed line (a
// wrong field count, a value outside [0, 2^B - 1]).
VectorSet parse_vectors_text(const Network& net, const std::string& text, const std::string& filename);

}  // namespace hv

namespace hv {

// What one verification target (Verilog simulation, C firmware) reports back.
struct CheckReport {
  std::string target;            // "verilog (verilator)", "c (cc)"
  size_t vectors = 0;            // vectors compared
  size_t mismatches = 0;
  std::vector<size_t> first_bad; // 0-based indices of the first mismatching vectors (at most 10)
  std::string details;           // the target's own lines about those mismatches
  std::string log;               // build/run output, shown when something failed to build or run
  bool ran = false;              // false: it did not build or run (then log says why)
};

}  // namespace hv

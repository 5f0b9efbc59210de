// Test vectors shared by every verification target. A vector file is plain text, one vector per
// line: the n_in quantized inputs, the expected class, then the expected scores, space-separated.
// The Verilator testbench and the C harness read exactly this format.
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

// Appends up to `count` boundary vectors: inputs that put a value exactly at its decision point,
// where an off-by-one (`>` for `>=`, a wrong tie-break) shows: z = 0 for threshold neurons of every
// layer (layer 0 solved exactly: greedy reduction, then two-input Diophantine steps; later layers
// by randomized local search), score 0 = 0 for binary models, score c = score d for multiclass.
// Targets are visited round-robin, so every one gets a chance. Returns how many were added
// (fewer when some values cannot be 0, e.g. all weights even and the bias odd). Seeded; deterministic.
size_t add_tie_vectors(const Network& net, VectorSet& vs, size_t count, uint64_t seed);

// Serialize with the reference's expected outputs.
std::string vectors_text(const Network& net, const VectorSet& vs);

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

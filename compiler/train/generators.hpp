// Dictionary generators, one per kind of arrangement dictionary (CLI: --dictionary <kind>):
//   gaussian  the paper's: Gaussian u on the standardized [X 1], rewritten over q and rounded to
//             `weight_bits`-bit integers before the pattern is taken (so it is exact in integers);
//   sparse    hardware-friendly: sparse small-integer directions (fan-in 1..max_fan_in, weights in
//             +-[1, 2^(weight_bits-1) - 1]) over q, each with EVERY distinct data threshold
//             (a threshold block: one sort scores all n+1 thresholds);
//   exact     every arrangement pattern of the data (d <= 2 inputs): then the certificate covers
//             every threshold network of any width;
//   comparators  the fan-in-1 dictionary: every input against each of its distinct thresholds
//             (q_i >= t, weight 1): the splits of a decision tree; complete for fan-in 1.
// Column costs: 1, or the neuron's fan-in when `fan_in_cost` is set (cost-weighted l1).
#pragma once
#include <cstdint>
#include <random>
#include <string>

#include "dictionary.hpp"

namespace hv {

struct GeneratorOptions {
  std::string kind = "gaussian";
  size_t directions = 2000;
  int weight_bits = 8;
  int max_fan_in = 4;       // sparse only
  bool fan_in_cost = false;
  uint64_t seed = 1;
  size_t exact_max_rows = 400;  // exact enumeration is O(n^3) patterns for d = 2
};

// Fills `dict` (built over the training q); throws UserError for an impossible request.
void generate_dictionary(Dictionary& dict, const GeneratorOptions& opt, const std::string& source);

// A random sparse integer direction (used by generate_dictionary and by column generation).
std::vector<int64_t> random_sparse_direction(std::mt19937_64& rng, size_t d, int max_fan_in, int weight_bits);

double fan_in(const std::vector<int64_t>& w);

}  // namespace hv

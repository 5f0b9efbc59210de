// Decision boundaries and the inputs that sit on them. An off-by-one anywhere in a compiled
// network (a constant +-1, `>=` compiled as `>`, the argmax tie rule reversed) shows only on
// inputs where some value is exactly at, or one off, its decision point. The boundaries are:
//   every hidden neuron of every layer: z = -1, z = 0, z = +1; for layer 0 also, per input i,
//     -q_i <= z <= -1 and 0 <= z < q_i (where weight i +1 or -1 flips the neuron; small models)
//   binary models: score 0 = -1 and score 0 = 0
//   multi-class models, every pair a < b: score a - score b = -1, 0, +1 while both are at least
//   every other score (a tie, or a near tie, for the top place)
// find_boundaries looks for an input q on each, and says for each whether one was found
// (covered), none exists (proven unreachable), or none was found (not found: the search is not
// exhaustive there). Exact methods, in order:
//   - exhaustive: every input when the input space has at most 2^18 points;
//   - layer 0: a bitset DP over the reachable values of b + sum_i W_i q_i (q_i's B bits are the
//     items, so the DP is exact for q_i in [0, 2^B - 1]) with randomized backtracking to produce q;
//     used when its tables fit in 64 MB, else bounds and gcd prove unreachability and a greedy /
//     two-input Diophantine search looks for q;
//   - deeper layers and scores: a DP over the binary activations of the layer below (constant
//     neurons fixed by the interval bounds) proves unreachability; a seeded local search from a
//     pool (data rows, random inputs, the witnesses of the layers below) looks for q.
// A witness is checked with the reference interpreter before it is kept: covered is exact. Among
// witnesses, one where flipping the neuron changes the class (else a score) is preferred: a
// boundary vector whose flip the layers above mask catches no mutant.
// Deterministic for a seed. Cost: bounded by a work budget, so large models stay fast.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ir/network.hpp"
#include "vectors.hpp"

namespace hv {

enum class BoundaryStatus { covered, unreachable, not_found };

struct Boundary {
  std::string what;            // "hidden layer 1 neuron 3: z = -1"
  BoundaryStatus status = BoundaryStatus::not_found;
  std::string how;             // the method that decided it ("exhaustive", "DP", "search", ...)
  std::vector<int64_t> q;      // the witness when covered
};

struct BoundaryReport {
  std::vector<Boundary> items;
  size_t covered = 0, unreachable = 0, not_found = 0;
  std::string summary() const;  // "N boundaries: C covered, U proven unreachable, F not found"
};

// `pool`: inputs to start the searches from (e.g. the data rows); may be empty.
BoundaryReport find_boundaries(const Network& net, uint64_t seed, const std::vector<std::vector<int64_t>>& pool = {});

// Appends every witness of `report` (each input once), at most `max_count`; returns how many.
size_t add_boundary_vectors(const BoundaryReport& report, VectorSet& vs, size_t max_count = SIZE_MAX);

}  // namespace hv

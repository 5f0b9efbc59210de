// Up-front memory check of training: estimates what the dictionary and the solver will allocate
// for n rows, d features, K scores and the requested dictionary (kind, directions), and refuses
// (a user error naming the estimate and --memory-limit) before anything that size is allocated.
// O(1).
#pragma once
#include <cstddef>
#include <cstdint>

#include "generators.hpp"

namespace hv {

// Bytes the trainer needs: the dictionary's columns (bit-packed for gaussian and exact, threshold
// blocks for sparse) with the integer neuron behind each, the solver's Gram cache over the
// working set, and the per-row solver vectors.
uint64_t training_memory_estimate(size_t n, size_t d, size_t K, const GeneratorOptions& opt);

// Fails when training_memory_estimate exceeds memory_limit() (support/resources.hpp).
void check_training_memory(size_t n, size_t d, size_t K, const GeneratorOptions& opt);

}  // namespace hv

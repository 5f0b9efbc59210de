// The arrangement dictionary: distinct hyperplane-arrangement patterns d = 1{Q w + b >= 0} over the
// quantized training inputs Q, each column remembering the integer neuron (w, b) that produces it.
//
// Directions follow the paper (Gaussian u on the standardized [X 1]) and are then rounded to
// integers of at most `weight_bits` bits over q, *before* the pattern is computed: the pattern IS
// the integer neuron's, so the compiled network reproduces the dictionary exactly (no
// quantization after training). Duplicates are removed by hashing the packed bits; since the
// output bias is free, a column and its complement are one feature: columns are canonicalized so
// that row 0 is 0, the complement of 1{z >= 0} being 1{-z - 1 >= 0} exactly in integers.
// Constant columns carry no information next to the bias and are dropped. Cost O(P n d).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "bitmatrix.hpp"

namespace hv {

struct IntNeuron {
  std::vector<int64_t> w;
  int64_t b = 0;
};

struct Dictionary {
  BitMatrix H;
  std::vector<IntNeuron> neuron;  // neuron[j] produces column j of H on the training rows
  size_t sampled = 0;             // directions drawn
  size_t duplicates = 0;          // dropped as duplicate (or complement) of an earlier column
  size_t constant = 0;            // dropped as all-zero / all-one
};

struct DictionaryOptions {
  size_t directions = 2000;  // P, directions sampled
  int weight_bits = 8;       // signed width of first-layer integer weights
  uint64_t seed = 1;
};

// q: n x d quantized training inputs (row-major), all in [0, qmax].
Dictionary gaussian_dictionary(const std::vector<int64_t>& q, size_t n, size_t d, const DictionaryOptions& opt);

// The pattern column of an integer neuron on q (for checks).
std::vector<uint8_t> neuron_pattern(const IntNeuron& nr, const std::vector<int64_t>& q, size_t n, size_t d);

}  // namespace hv

// The reference interpreter: the executable definition of the integer contract (ir/network.hpp).
// Deliberately plain: unpacked bits, int64 arithmetic, no tricks. The C firmware and the Verilog
// must agree with it bit for bit; any difference is a bug in them (or in this file's tests).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "ir/network.hpp"

namespace hv::ref {

struct Result {
  int cls = 0;
  std::vector<int64_t> scores;
};

// Quantize one float row: q_i = clamp(round((x_i - lo_i) / step_i), 0, 2^B - 1); round half away
// from zero; NaN is the caller's error (the CSV reader rejects it).
std::vector<int64_t> quantize(const Network& net, std::span<const double> x);

// Hidden activations of every layer (layer l in out[l]), for inputs q (must be in range).
std::vector<std::vector<uint8_t>> activations(const Network& net, std::span<const int64_t> q);

// Scores and class; with `acts`, also the hidden activations (as activations() returns them).
Result run(const Network& net, std::span<const int64_t> q, std::vector<std::vector<uint8_t>>* acts = nullptr);

// Class from output scores, as the contract defines it.
int decide(const Network& net, std::span<const int64_t> scores);

}  // namespace hv::ref

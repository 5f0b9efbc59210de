// The IR verifier: shapes, class counts, input ranges and accumulator bounds. Run after parsing,
// after training and between passes; a model that passes can be executed in 64-bit integers by
// the reference, and every backend width derived from bounds.hpp is exact.
#pragma once
#include <string>

#include "ir/network.hpp"

namespace hv {

// Throws UserError "<where>: error: invalid model: ..." on the first violation.
void verify_network(const Network& net, const std::string& where);

// [A-Za-z_][A-Za-z0-9_]*, at most 64 characters: usable as a C and Verilog name (after the
// backends' prepare step avoids keywords).
bool is_identifier(const std::string& s);

constexpr int kMaxAccumulatorBits = 62;  // every z fits int64 with margin
constexpr int kMaxInputBits = 16;

}  // namespace hv

// A hardware cost model the trainer can use (issue 11, item 4): the xc7 LUT count Yosys
// synth_xilinx gives the generated Verilog of a threshold network, estimated from its shape
// without synthesizing it. Per hidden neuron, z = sum_i w_i q_i + b >= 0 with constant weights
// is a tree of adders: each non-zero weight contributes its non-zero signed-digit (CSD) terms,
// each added at width input_bits + weight bits + log2(terms); the comparison is the sign bit.
// Per score, the output layer adds the constant weights of the firing neurons (an adder tree of
// m terms at output_bits + log2 m), and the class decision compares K scores.
//     LUTs ~ a * hidden_adder_bits + b * output_adder_bits + c * argmax_bits + d
// The coefficients were fitted by least squares against synth_xilinx of real generated designs
// (bench/field/cost_fit.sh; figures and the model's error in docs/FIELD_RESULTS.md).
#pragma once
#include <cstddef>
#include <vector>

#include "dictionary.hpp"
#include "ir/network.hpp"

namespace hv {

struct CostEstimate {
  double hidden = 0, output = 0, total = 0;  // estimated xc7 LUTs
};

// The shape features the model is linear in (exposed for the fit and its tests).
struct CostFeatures {
  double hidden_adder_bits = 0, output_adder_bits = 0, argmax_bits = 0;
  // Tree-shaped networks: one hidden layer whose neurons each read one input (comparators,
  // --dictionary comparators) are priced by their own fit (estimate_luts), not by adder bits.
  bool comparator_network = false;
  double comparators = 0;
};

// The model's stated relative error (the largest |estimate - synthesized| / synthesized over the
// designs it was fitted on, rounded up); tests check designs against it.
inline constexpr double kCostModelRelError = 0.35;
// The same for the comparator-network regime (25 designs; median 24%, largest 58%).
inline constexpr double kComparatorCostRelError = 0.6;

CostFeatures cost_features(const std::vector<IntNeuron>& hidden, int input_bits, int output_bits, size_t scores);
CostFeatures cost_features(const Network& net);
CostEstimate estimate_luts(const CostFeatures& f);
CostEstimate estimate_luts(const std::vector<IntNeuron>& hidden, int input_bits, int output_bits, size_t scores);
// The network as the trainer produced it (every hidden layer; output weights as quantized).
CostEstimate estimate_luts(const Network& net);

}  // namespace hv

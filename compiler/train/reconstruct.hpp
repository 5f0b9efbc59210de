// Reconstruction (PAPER.md section 2): one hidden neuron per non-zero row of the Lasso solution,
// its first-layer weights the integer neuron that generated the column, its output weights the
// row of W. Output weights are then scaled so that the largest |w| uses `output_bits` signed bits
// and rounded; the scale is recorded as the network's score_scale.
#pragma once
#include <vector>

#include "dictionary.hpp"
#include "ir/network.hpp"
#include "lasso.hpp"

namespace hv {

// The trained network before output quantization (float output layer).
struct FloatModel {
  std::vector<IntNeuron> hidden;
  std::vector<std::vector<double>> out;  // out[j][k]
  std::vector<double> cost;              // penalty weight of each hidden neuron
  std::vector<double> intercept;         // per score
};

FloatModel float_model(const Dictionary& dict, const LassoResult& sol);

// Fills net.hidden, net.output and net.score_scale from the float model (net.inputs already set).
void quantize_model(const FloatModel& fm, int output_bits, Network& net);

// Float scores of the float model on scaled inputs s (n x d), row-major n x K.
std::vector<double> float_scores(const FloatModel& fm, const std::vector<double>& s, size_t n, size_t d);

}  // namespace hv

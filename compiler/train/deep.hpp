// Deep threshold networks by the convex route (PAPER.md section 3), two formulations:
//
//  shattered  layer 1 shatters the training set (the sorted-projection construction: one integer
//             direction with distinct projections, a threshold at every distinct value, a
//             triangular 0/1 matrix of rank n; or random threshold units with a rank check);
//             depth > 3 adds layers that re-shatter (each neuron realizes one triangular pattern);
//             the closed-form solution delta of the shattered problem is cut into its staircase
//             of nested level sets; the last hidden layer realizes each level set from the layer
//             below (Convex-PI: v = pinv(A) p, a = 1{A v >= 1/2}; or Convex-SVM: a linear SVM on
//             (A, 2p - 1)), made integer by the smallest scale that keeps the pattern exact; the
//             output weights are the step heights. Global optimum of the Lasso over ALL patterns.
//  deep-lasso the layer-wise Lasso: layer 1 is the two-layer Convex-Lasso's hidden layer; each
//             next layer is a Lasso over patterns of binary-input integer neurons reading the
//             layer below (sparse directions with every threshold, plus each input bit itself),
//             solved by the same certified solver; the last one's weights are the output layer.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ir/network.hpp"
#include "options.hpp"

namespace hv {

// Everything the trainers share once the data is quantized.
struct TrainData {
  Network meta;                   // name, label, classes, inputs, input_bits filled
  std::vector<int64_t> q, qtest;  // n x d and ntest x d
  size_t n = 0, ntest = 0, d = 0, K = 1;
  std::vector<int> ytr, yte;      // class indices
  std::vector<double> Y;          // +-1 targets, n x K
  std::string source;             // training file, for messages
  Deadline deadline;              // --time-limit, shared by the layers' solves
};

Network train_shattered(const TrainData& data, const TrainOptions& opt, TrainReport& rep);
Network train_deep_lasso(const TrainData& data, const TrainOptions& opt, TrainReport& rep);

// Realizes `pattern` (n rows) as an integer neuron over the binary representation A (n x m,
// row-major 0/1): returns {weights (m), bias} and the number of rows it gets wrong (0 = exact).
struct Realized {
  std::vector<int64_t> w;
  int64_t b = 0;
  size_t wrong = 0;
};
Realized realize_pattern(const std::vector<uint8_t>& A, size_t n, size_t m, const std::vector<uint8_t>& pattern,
                         const std::string& method);

}  // namespace hv

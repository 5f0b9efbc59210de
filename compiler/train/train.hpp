// The two-layer Convex-Lasso trainer (PAPER.md section 2): quantize the inputs, build the
// arrangement dictionary of integer neurons, solve the convex program to a certified duality gap
// (optionally along a warm-started beta path, optionally growing the dictionary by column
// generation), and reconstruct the threshold network (one hidden neuron per non-zero row of W).
// Labels: two classes -> y in {-1,+1} (class 1 = +1), squared or logistic loss; K > 2 classes ->
// one-hot +-1 targets and a group Lasso whose rows are hidden neurons shared by all K scores
// (squared loss, or multinomial logistic: softmax cross-entropy with the same group penalty).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "frontend/csv.hpp"
#include "ir/network.hpp"
#include "options.hpp"

namespace hv {

// Class labels in a deterministic order: numeric order if every label is a number, else text order.
std::vector<std::string> class_labels(const Dataset& a, const Dataset* b);

Network train_network(const Dataset& train, const Dataset& test, const TrainOptions& opt, TrainReport& report);

// Accuracy of the integer network (the reference) on a dataset.
double integer_accuracy(const Network& net, const Dataset& data);

}  // namespace hv

// The two-layer Convex-Lasso trainer (PAPER.md section 2): quantize the inputs, build the
// arrangement dictionary of integer neurons, solve the convex program to a certified duality gap
// (optionally along a warm-started beta path, optionally growing the dictionary by column
// generation), and reconstruct the threshold network (one hidden neuron per non-zero row of W).
// Labels: two classes -> y in {-1,+1} (class 1 = +1), squared or logistic loss; K > 2 classes ->
// one-hot +-1 targets and a group Lasso whose rows are hidden neurons shared by all K scores.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "colgen.hpp"
#include "frontend/csv.hpp"
#include "generators.hpp"
#include "ir/network.hpp"
#include "lasso.hpp"

namespace hv {

struct TrainOptions {
  std::string name = "model";
  GeneratorOptions dict;
  int input_bits = 8;
  int output_bits = 12;      // output layer weights
  double beta = -1;          // > 0: absolute l1 strength (the paper's reference code: 1e-3 * n)
  double beta_rel = 0.05;    // used when beta <= 0: beta = beta_rel * beta_max (a small network)
  double tol = 1e-6;         // relative duality gap
  std::string loss = "squared";  // or "logistic" (two classes)
  int path_points = 0;       // > 0: warm-started path of this many betas from beta_max to beta
  size_t max_neurons = 0;    // > 0: walk the path and stop before the network exceeds this size
  bool colgen = false;
  ColgenOptions colgen_opt;
  bool verbose = false;
};

struct Accuracy {
  double train = 0, test = 0;
};

struct PathPoint {
  double beta = 0;
  size_t neurons = 0;
  Accuracy acc;  // before output quantization
  double rel_gap = 0, seconds = 0;
};

struct TrainReport {
  size_t n_train = 0, n_test = 0;
  DictionaryStats dict;
  size_t patterns = 0;
  bool exact_dictionary = false;  // every arrangement pattern present: the certificate is global
  double beta = 0, beta_max = 0;
  LassoResult lasso;
  std::vector<PathPoint> path;
  bool colgen_ran = false;
  ColgenReport colgen;
  double reconstructed_objective = 0;  // non-convex objective of the reconstructed network (before
                                       // output quantization) on the training inputs
  size_t neurons = 0;
  size_t pattern_checks = 0, pattern_mismatches = 0;  // integer net vs dictionary, training set
  Accuracy float_acc, int_acc;
  double seconds = 0;
};

// Class labels in a deterministic order: numeric order if every label is a number, else text order.
std::vector<std::string> class_labels(const Dataset& a, const Dataset* b);

Network train_network(const Dataset& train, const Dataset& test, const TrainOptions& opt, TrainReport& report);

// Accuracy of the integer network (the reference) on a dataset.
double integer_accuracy(const Network& net, const Dataset& data);

}  // namespace hv

// The non-convex baselines of PAPER.md section 4: threshold networks with one or two hidden
// layers trained by full-batch gradient descent with a straight-through estimator (STE). The
// forward pass is the true threshold 1{z >= 0} (heaviside's tie rule, so the trained network and
// the integer IR agree); the backward pass replaces its zero derivative by a surrogate.
// The last hidden layer carries a trainable amplitude s_j (the paper's sigma_s), so that weight
// decay beta/2 (s_j^2 + ||a_j||^2) balances to beta ||s_j a_j||: SGD minimizes an upper bound of
// the objective shared with the convex trainer, 1/2 ||f(Q) - Y||^2 + beta sum_j ||w_out_j||_2.
// The trained network is then integerized into the IR: each threshold layer is scaled so its
// largest weight uses --weight-bits bits and rounded; output weights are quantized like the convex
// trainer's. Hidden activations that change through integerization are counted and reported.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "frontend/csv.hpp"
#include "ir/network.hpp"
#include "train.hpp"

namespace hv {

enum class Surrogate { identity, relu, lrelu, crelu };

// "ste-identity" | "ste-relu" | "ste-lrelu" | "ste-crelu"; anything else is a user error.
Surrogate surrogate_from_method(const std::string& method);
std::string surrogate_name(Surrogate s);
// The surrogate derivative of 1{z >= 0} used in the backward pass.
double surrogate_grad(Surrogate s, double z);

struct SteOptions {
  std::string name = "model";
  Surrogate surrogate = Surrogate::identity;
  int depth = 2;          // layers: 2 = one hidden threshold layer, 3 = two
  int width = 64;         // neurons per hidden layer
  int iterations = 2000;  // full-batch steps
  double lr = 0.01;
  int patience = 100;     // steps without a 1e-4 relative improvement before the lr is halved
  double beta = -1;       // > 0: objective's beta; else the paper's 1e-3 * n
  int input_bits = 8;
  int weight_bits = 12;   // per threshold layer
  int output_bits = 12;
  uint64_t seed = 1;
  double time_limit = 0;  // > 0: wall-clock seconds for the descent; it stops at the first step past it
};

struct TracePoint {
  int iteration = 0;
  double seconds = 0;
  double objective = 0;  // the common objective of the float network
  double lr = 0;
};

struct SteReport {
  size_t n_train = 0, n_test = 0;
  double beta = 0;
  int halvings = 0;
  double final_lr = 0;
  std::vector<TracePoint> trace;   // one point per iteration (the last: the returned parameters)
  double float_objective = 0;      // float network, float output weights
  double integer_objective = 0;    // integer hidden layers, float output weights (as the convex report)
  std::vector<int> widths;         // hidden neurons per layer
  size_t pattern_checks = 0, pattern_changes = 0;  // hidden activations, float vs integer, training set
  Accuracy float_acc, int_acc;
  double seconds = 0;
  bool stopped_at_time_limit = false;  // the descent ended at time_limit, before opt.iterations
};

Network train_ste(const Dataset& train, const Dataset& test, const SteOptions& opt, SteReport& report);

}  // namespace hv

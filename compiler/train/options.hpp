// The trainers' shared vocabulary: TrainOptions (every knob of the convex trainers), the
// Deadline the solves share, and the TrainReport they fill. A header of types only, so that the
// two-layer trainer (train.cpp), the deep trainers (deep.cpp) and the layer solve they share
// (fit_layer.cpp) depend on it and not on each other.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "colgen.hpp"
#include "generators.hpp"
#include "lasso.hpp"
#include "refit.hpp"

namespace hv {

struct TrainOptions {
  std::string name = "model";
  GeneratorOptions dict;
  int input_bits = 8;
  int output_bits = 12;      // output layer weights
  double beta = -1;          // > 0: absolute l1 strength (the paper's reference code: 1e-3 * n)
  double beta_rel = 0.05;    // used when beta <= 0: beta = beta_rel * beta_max (a small network)
  double tol = 1e-6;         // relative duality gap
  std::string loss = "squared";  // or "logistic" (two classes; softmax cross-entropy for K > 2)
  int path_points = 0;       // > 0: warm-started path of this many betas from beta_max to beta
  size_t max_neurons = 0;    // > 0: walk the path and stop before the network exceeds this size
  bool colgen = false;
  ColgenOptions colgen_opt;
  std::string method = "lasso";   // lasso (two layers), shattered, deep-lasso
  int depth = 2;                  // layers including the output layer
  std::string shatter = "sorted"; // shattered: sorted | random
  std::string realize = "pi";     // shattered: pi | svm
  size_t deep_width = 0;          // random shattering units / deep-lasso hidden width (0: default)
  int shatter_max_weight_bits = 32;  // shattered: the sorted direction widens up to this many bits
  double time_limit = 0;          // > 0: wall-clock seconds for the convex solves (see Deadline)
  // How beta is chosen (method lasso). "validation" (the default): a warm-started path from
  // beta_max down to beta_min_rel * beta_max (path_points points, default 14) is solved on a
  // stratified (1 - validation_fraction) part of the TRAINING rows; each point is refit and scored
  // on the held-out part; the best point on validation within the budgets (max_neurons, max_luts)
  // is kept and the network retrained on all training rows. "fixed": beta / beta_rel as given.
  std::string select = "validation";
  double validation_fraction = 0.2;
  double beta_min_rel = 1e-3;
  double max_luts = 0;            // > 0: a hard bound on the cost model's xc7 LUT estimate
  // The output layer refit on the kept neurons (refit.hpp): "ridge", "none", or "auto" (the
  // default): in validation mode each path point is scored with both output layers and the better
  // on validation is kept (the refit wins on few neurons and overfits near as many neurons as
  // rows); with a given beta, "auto" keeps the Lasso's own weights.
  std::string refit = "auto";
  double ridge = 1e-4;            // lambda = ridge * training rows
  // Validation mode: the fewest output-weight bits (from 3 up to output_bits) whose validation
  // accuracy is within 0.1 point of output_bits' (false: output_bits as given).
  bool size_output_bits = true;
  bool verbose = false;
};

// A wall-clock deadline for the convex solves. The solver is run one outer iteration at a time,
// each warm-started from the last; the deadline is checked between them, and the inner
// coordinate descent of an iteration returns at the deadline, so a solve stops at the end of the
// outer iteration running at the deadline, with that iteration's exit certificate (a duality gap
// over every column of the dictionary). What can still run past it: the rest of that iteration's
// full pass and working-set Gram. A solve that starts after the deadline still runs one outer
// iteration (one sweep of its inner solver). Under MPI the inner solve does not stop at the
// deadline (each rank's clock would stop it at a different sweep); the outer iterations do.
struct Deadline {
  bool set = false;
  std::chrono::steady_clock::time_point at{};
  static Deadline after(double seconds);                      // unset when seconds <= 0
  double seconds_left() const;                                // +inf when unset
  // Under MPI (support/mpi_comm.hpp) a collective call: true on every rank once it is true on one,
  // so that every rank stops at the same point.
  bool passed() const;
  Deadline share(int parts) const;                            // 1/parts of the time left from now
};

struct Accuracy {
  double train = 0, test = 0;
};

struct PathPoint {
  double beta = 0;
  size_t neurons = 0;
  Accuracy acc;  // before output quantization
  double rel_gap = 0, seconds = 0;
  double val = -1;       // validation accuracy (validation mode; -1: not scored)
  double luts = 0;       // cost-model estimate of the network at this point
  bool in_budget = true; // within max_neurons and max_luts
  int output_bits = 0;   // validation mode: the output bits sized for this point
  bool refit = false;    // validation mode: the ridge refit scored better than the Lasso's weights
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
  std::string formulation = "two-layer Convex-Lasso";
  std::string dictionary_kind;     // what the dictionary line describes (default: the --dictionary kind)
  std::vector<std::string> notes;  // per-formulation facts for the summary
  bool stopped_at_time_limit = false;  // a solve ended at the --time-limit deadline, not at --tol
  // The output-layer refit (refit.hpp): its own certificate, beside the Lasso's (which neurons).
  bool refit_ran = false;
  RefitResult refit;
  // Validation mode: the path solved on the fit part, the point kept and why.
  bool selected = false;
  size_t n_fit = 0, n_val = 0;
  std::vector<PathPoint> selection_path;  // acc.train: fit part, val: validation part
  size_t selected_point = 0;              // index into selection_path
  double selection_beta_max = 0;          // beta_max on the fit part
  double selected_beta_rel = 0;           // beta / beta_max of the kept point
  std::string selection_reason;
  int output_bits = 0;                    // output-weight bits used
  std::vector<std::pair<int, double>> output_bits_tried;  // (bits, validation accuracy)
  double est_luts = 0;                    // cost-model estimate of the final network (xc7 LUTs)
};

}  // namespace hv

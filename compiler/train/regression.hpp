// The regressor (issue 14): the two-layer Convex-Lasso trainer on real-valued targets, one IR and
// one flow with the classifier. The label column holds numbers; they are standardized
// (y_s = (y - mean) / sd), and the same dictionary, the same squared-loss Lasso with its
// duality-gap certificate (fit_layer), the same ridge refit and the same output quantization
// (quantize_model) as the classifier's produce a network whose integer score s predicts
// y = offset + step * s, offset = mean, step = sd / score_scale (Target metadata: floats never
// enter the computation). Without a given beta, beta is chosen on a validation part of the
// training rows (stratified by target quantile) by validation mean squared error.
#pragma once
#include <string>
#include <vector>

#include "frontend/csv.hpp"
#include "ir/network.hpp"
#include "options.hpp"

namespace hv {

// The numeric value of every label; a label that is not a number is an error at its line.
std::vector<double> regression_targets(const Dataset& data);

// Strata for a split of regression rows: the target's quantile bin of each row (up to 10 bins,
// about 10 rows or more each), so that train, test and validation parts span the target's range.
std::vector<std::string> target_strata(const std::vector<double>& y);

struct RegressionFit {
  double rmse = 0, r2 = 0;  // in the target's units; R^2 = 1 - SSE / SST (SST about the set's own mean)
};

struct RegressionReport {
  double mean = 0, sd = 1;                 // of the training targets (the standardization)
  double step = 1;                         // the network's target step: sd / score_scale
  RegressionFit float_train, float_test;   // output weights before quantization
  RegressionFit int_train, int_test;       // the integer network (the reference interpreter)
  double max_quantization_error = 0;       // max |integer - float prediction| on the training rows
  double quantization_bound = 0;           // its worst case: (active neurons + 1) * step / 2
  bool has_test = false;
};

// Trains a regressor (opt.method lasso, squared loss); fills `rep` as the classifier does (its
// Accuracy fields hold R^2 of the standardized targets on the path) and `reg` with the errors.
Network train_regression(const Dataset& train, const Dataset& test, const TrainOptions& opt, TrainReport& rep,
                         RegressionReport& reg);

// RMSE and R^2 of the integer network's predictions (offset + step * score 0) on `data`.
RegressionFit integer_regression_fit(const Network& net, const Dataset& data);

// The summary lines of a regressor's training (the flow's train_summary prints them).
std::string regression_lines(const TrainReport& rep, const RegressionReport& reg, const TrainOptions& opt);

}  // namespace hv

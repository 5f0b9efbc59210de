// flow/train: every training method behind one call. A TrainSettings (typed: the method, loss,
// dictionary, cost, shattering and realization are enums) selects the convex trainer
// (train/train.hpp: lasso, shattered, deep-lasso) or the straight-through baselines
// (train/ste.hpp: ste-*); the trained network then goes through the pass pipeline. The result
// holds the network, the trainer's own report, and the facts every method shares (sizes,
// accuracies, chance level, warnings), so a caller prints or serializes it as it likes
// (train_summary is the CLI's text). Options a trainer adds go into its own struct
// (TrainOptions, SteOptions), which TrainSettings carries whole.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "frontend/csv.hpp"
#include "ir/network.hpp"
#include "passes/pipeline.hpp"
#include "train/regression.hpp"
#include "train/ste.hpp"
#include "train/train.hpp"

namespace hv::flow {

enum class Method { lasso, shattered, deep_lasso, ste_identity, ste_relu, ste_lrelu, ste_crelu };
enum class Loss { squared, logistic };
enum class DictionaryKind { gaussian, sparse, exact, comparators };
enum class Cost { uniform, fan_in };
enum class Shatter { sorted, random };
enum class Realize { pi, svm };

// Names as the model file, the CLI and the Python package spell them ("deep-lasso", "fan-in").
const std::vector<std::pair<std::string, Method>>& method_names();
const std::vector<std::pair<std::string, Loss>>& loss_names();
const std::vector<std::pair<std::string, DictionaryKind>>& dictionary_names();
const std::vector<std::pair<std::string, Cost>>& cost_names();
const std::vector<std::pair<std::string, Shatter>>& shatter_names();
const std::vector<std::pair<std::string, Realize>>& realize_names();
const std::vector<std::pair<std::string, Task>>& task_names();  // classification, regression
std::string to_string(Method m);
std::string to_string(Loss l);
std::string to_string(DictionaryKind k);
std::string to_string(Cost c);
std::string to_string(Shatter s);
std::string to_string(Realize r);
std::string to_string(Task t);
bool is_ste(Method m);

struct TrainSettings {
  // classification: the labels are classes; regression: the labels are numbers, predicted by the
  // integer scores (train/regression.hpp; method lasso, squared loss).
  Task task = Task::classification;
  Method method = Method::lasso;
  Loss loss = Loss::squared;
  DictionaryKind dictionary = DictionaryKind::gaussian;
  Cost cost = Cost::uniform;
  Shatter shatter = Shatter::sorted;
  Realize realize = Realize::pi;
  // Shared by every method; unset values take the method's default.
  std::string name = "model";
  std::optional<int> depth;          // layers with the output layer: 2 (lasso, ste-*), 3 (shattered, deep-lasso)
  std::optional<size_t> width;       // hidden width (deep-lasso 32, random shattering max(1000, n), ste-* 64)
  std::optional<int> weight_bits;    // first-layer weights: 8 (convex; shattered widens up to 32), 12 (ste-*)
  std::optional<double> beta;        // l1 strength (convex: else beta_rel * beta_max; ste-*: 1e-3 n)
  int input_bits = 8;
  std::optional<int> output_bits;    // output weights (default: convex lasso sizes them on validation, up to 12; else 12)
  std::optional<double> beta_rel;    // convex: beta = beta_rel * beta_max (default: chosen on validation rows)
  double time_limit = 0;             // > 0: seconds for the solves (convex) or the descent (ste-*)
  uint64_t seed = 1;                 // split, dictionary, column generation, initialization
  double test_fraction = 0.25;       // held out when no test file is given
  bool verbose = false;
  // Every other option of each family (the fields set above are overwritten from them).
  TrainOptions convex;
  SteOptions ste;
};

// The options the chosen trainer receives (exposed for tests and for the provenance record).
TrainOptions convex_options(const TrainSettings& s);
SteOptions ste_options(const TrainSettings& s);

// Rejects settings outside their meaning (a budget of 0 neurons, a width of 0, ...): UserErrors
// that name the setting, never a CLI flag.
void check_settings(const TrainSettings& s);

struct TrainResult {
  Network net;               // after the pass pipeline: what is saved and compiled
  PassLog passes;
  Method method = Method::lasso;
  TrainReport convex;        // lasso, shattered, deep-lasso
  SteReport ste;             // ste-*
  RegressionReport regression;  // task regression: RMSE and R^2 (float_acc / int_acc hold R^2)
  size_t n_train = 0, n_test = 0, n_features = 0, n_classes = 0;
  Accuracy float_acc, int_acc;   // before / after output quantization (int: the compiled network)
  double chance = 0;         // the majority class's share of the training rows
  bool stopped_at_time_limit = false;
  double seconds = 0;
  std::vector<std::string> warnings;  // e.g. training accuracy at or below chance
};

TrainResult train(const Dataset& train, const Dataset& test, const TrainSettings& settings);

// The ste-* descent as CSV: iteration,seconds,objective,lr per step.
std::string ste_trace_csv(const SteReport& r);

// The training summary the CLI prints (one `key: value` line per fact), `data_path` naming the
// training file.
std::string train_summary(const TrainResult& r, const TrainSettings& s, const std::string& data_path);

}  // namespace hv::flow

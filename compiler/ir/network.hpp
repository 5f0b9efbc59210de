// The Network: heaviside's one IR. Trainers produce it, passes rewrite it, backends read it.
//
// It is the integer contract of docs/ARCHITECTURE.md, and nothing else:
//   inputs   q_i in [0, 2^input_bits - 1]        (the caller quantizes: q = round((x - lo) / step))
//   layer 0  z_j = b_j + sum_i W[j][i] * q_i,    a_j = z_j >= 0      (the tie FIRES)
//   layer l  z_k = b_k + sum_j W[k][j] * a_j,    a_k = z_k >= 0      (binary inputs)
//   output   score_c = b_c + sum_j W[c][j] * a_j
//            binary (1 score): class 1 iff score_0 >= 0; multiclass: argmax, ties -> lowest index
// A regressor (task regression) has no classes: its scores ARE the prediction, one per target,
// y_k = offset_k + step_k * score_k (Target's metadata, like Feature's lo/step). Its class is the
// same rule applied to the scores, a by-product every target computes alike, not a prediction.
// All weights and biases are integers. Floats appear only as metadata (input quantization, the
// score scale), never in the computation.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hv {

struct Feature {
  std::string name;
  double lo = 0.0;    // the x value that quantizes to q = 0
  double step = 1.0;  // x units per quantum (> 0)
  bool operator==(const Feature&) const = default;
};

enum class Task { classification, regression };

// What a regressor's score k means: y = offset + step * score (metadata only).
struct Target {
  std::string name;     // the predicted column
  double offset = 0.0;  // y at score 0
  double step = 1.0;    // y units per score unit (> 0)
  bool operator==(const Target&) const = default;
};

struct Layer {
  int n_in = 0;
  int n_out = 0;
  std::vector<int64_t> weights;  // n_out x n_in, row-major
  std::vector<int64_t> bias;     // n_out

  int64_t w(int out, int in) const { return weights[static_cast<size_t>(out) * n_in + in]; }
  int64_t& w(int out, int in) { return weights[static_cast<size_t>(out) * n_in + in]; }
  bool operator==(const Layer&) const = default;
};

struct Network {
  std::string name;                  // identifier used for generated modules and files
  std::string label;                 // name of the label column the model predicts
  Task task = Task::classification;
  std::vector<std::string> classes;  // classification: class labels, index = class id
  std::vector<Target> targets;       // regression: one per score (no classes)
  int input_bits = 8;                // width of every q_i
  std::vector<Feature> inputs;
  std::vector<Layer> hidden;  // threshold layers; hidden[0] reads q, the rest read bits
  Layer output;               // linear scores: 1 row for two classes, else one per class or target
  double score_scale = 1.0;   // integer score = float score * score_scale (metadata only)
  // Where the model came from (metadata only, docs/HNET.md): key/value pairs in print order, e.g.
  // heaviside_version, data, data_fnv1a64, method, options, beta, duality_gap.
  std::vector<std::pair<std::string, std::string>> provenance;

  bool binary() const { return output.n_out == 1; }
  bool regression() const { return task == Task::regression; }
  int64_t input_max() const { return (int64_t{1} << input_bits) - 1; }
  bool operator==(const Network&) const = default;
};

}  // namespace hv

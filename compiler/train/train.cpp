// The two-layer trainer end to end (see train.hpp): quantizer -> dictionary -> (group) Lasso ->
// reconstruction -> output quantization, with the checks that make the result trustworthy:
// the certificate (duality gap), the reconstructed non-convex objective, and the integer
// network's hidden patterns compared with the dictionary on every training row.
#include "train.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

#include "dictionary.hpp"
#include "quantize_inputs.hpp"
#include "reconstruct.hpp"
#include "reference.hpp"
#include "support/diagnostics.hpp"

namespace hv {

namespace {

bool parse_number(const std::string& s, double& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

std::vector<int> class_index(const Dataset& data, const std::vector<std::string>& classes) {
  std::vector<int> y(data.n_rows);
  for (size_t r = 0; r < data.n_rows; ++r)
    y[r] = static_cast<int>(std::find(classes.begin(), classes.end(), data.labels[r]) - classes.begin());
  return y;
}

// +-1 targets: one column for two classes (class 1 -> +1), else one-hot columns.
std::vector<double> targets(const std::vector<int>& y, size_t K) {
  std::vector<double> Y(y.size() * K, -1.0);
  for (size_t r = 0; r < y.size(); ++r) {
    if (K == 1) Y[r] = y[r] == 1 ? 1.0 : -1.0;
    else Y[r * K + static_cast<size_t>(y[r])] = 1.0;
  }
  return Y;
}

int decide_float(const double* s, size_t K) {
  if (K == 1) return s[0] >= 0 ? 1 : 0;
  return static_cast<int>(std::max_element(s, s + K) - s);
}

std::vector<double> as_double(const std::vector<int64_t>& q) { return std::vector<double>(q.begin(), q.end()); }

// Accuracy of the trained network before output-weight quantization, on the quantized inputs.
double float_accuracy(const FloatModel& fm, const Network& net, const Dataset& data, const std::vector<int>& y) {
  if (data.n_rows == 0) return 0;
  const size_t K = fm.intercept.size();
  auto scores = float_scores(fm, as_double(quantize_rows(net, data)), data.n_rows, data.n_features());
  size_t ok = 0;
  for (size_t r = 0; r < data.n_rows; ++r) ok += decide_float(&scores[r * K], K) == y[r];
  return static_cast<double>(ok) / static_cast<double>(data.n_rows);
}

// 1/2 ||f(Q) - Y||^2 + beta * sum_j ||out_j||: the non-convex training objective of the network
// before output quantization, on the training inputs the convex program saw (first-layer penalty
// at its infimum 0, PAPER.md section 2). Equals the Lasso optimum when reconstruction is exact.
double nonconvex_objective(const FloatModel& fm, const std::vector<double>& s, size_t n, size_t d,
                           const std::vector<double>& Y, double beta) {
  auto f = float_scores(fm, s, n, d);
  double loss = 0, pen = 0;
  for (size_t i = 0; i < f.size(); ++i) loss += (f[i] - Y[i]) * (f[i] - Y[i]);
  for (const auto& row : fm.out) {
    double t = 0;
    for (double v : row) t += v * v;
    pen += std::sqrt(t);
  }
  return 0.5 * loss + beta * pen;
}

}  // namespace

std::vector<std::string> class_labels(const Dataset& a, const Dataset* b) {
  std::set<std::string> uniq(a.labels.begin(), a.labels.end());
  if (b) uniq.insert(b->labels.begin(), b->labels.end());
  std::vector<std::string> v(uniq.begin(), uniq.end());
  bool numeric = std::all_of(v.begin(), v.end(), [](const std::string& s) {
    double x;
    return parse_number(s, x);
  });
  if (numeric)
    std::stable_sort(v.begin(), v.end(), [](const std::string& p, const std::string& q) {
      double x = 0, y = 0;
      parse_number(p, x);
      parse_number(q, y);
      return x < y;
    });
  return v;
}

double integer_accuracy(const Network& net, const Dataset& data) {
  if (data.n_rows == 0) return 0;
  auto q = quantize_rows(net, data);
  const size_t d = data.n_features();
  size_t ok = 0;
  for (size_t r = 0; r < data.n_rows; ++r) {
    auto res = ref::run(net, std::span<const int64_t>(q.data() + r * d, d));
    ok += net.classes[static_cast<size_t>(res.cls)] == data.labels[r];
  }
  return static_cast<double>(ok) / static_cast<double>(data.n_rows);
}

Network train_network(const Dataset& train, const Dataset& test, const TrainOptions& opt, TrainReport& rep) {
  auto t0 = std::chrono::steady_clock::now();
  Network net;
  net.name = opt.name;
  net.label = train.label_name;
  net.classes = class_labels(train, &test);
  if (net.classes.size() < 2)
    fail_at({train.source, 0, 0}, "the label column " + quote(train.label_name) + " has a single class " +
                                      quote(net.classes.empty() ? "" : net.classes[0]) + "; at least 2 are needed");
  net.input_bits = opt.input_bits;
  net.inputs = fit_quantizer(train, opt.input_bits);

  const size_t n = train.n_rows, d = train.n_features();
  const size_t K = net.classes.size() == 2 ? 1 : net.classes.size();
  std::vector<int64_t> q = quantize_rows(net, train);
  std::vector<int> ytr = class_index(train, net.classes), yte = class_index(test, net.classes);
  std::vector<double> Y = targets(ytr, K);

  Dictionary dict = gaussian_dictionary(q, n, d, {opt.directions, opt.weight_bits, opt.seed});
  rep.n_train = n;
  rep.n_test = test.n_rows;
  rep.sampled = dict.sampled;
  rep.patterns = dict.H.cols();
  rep.duplicates = dict.duplicates;
  rep.constant = dict.constant;
  rep.beta_max = beta_max(dict.H, Y, K);
  rep.beta = opt.beta > 0 ? opt.beta : opt.beta_rel * rep.beta_max;

  LassoOptions lo;
  lo.beta = rep.beta;
  lo.tol = opt.tol;
  lo.verbose = opt.verbose;
  rep.lasso = solve_group_lasso(dict.H, Y, K, lo);

  FloatModel fm = float_model(dict, rep.lasso);
  quantize_model(fm, opt.output_bits, net);
  rep.neurons = fm.hidden.size();
  rep.reconstructed_objective = nonconvex_objective(fm, as_double(q), n, d, Y, rep.beta);

  // The integer network must produce exactly the dictionary's patterns on the training rows.
  for (size_t r = 0; r < n && rep.neurons > 0; ++r) {
    auto acts = ref::activations(net, std::span<const int64_t>(q.data() + r * d, d));
    for (size_t s = 0; s < rep.neurons; ++s) {
      ++rep.pattern_checks;
      rep.pattern_mismatches += acts[0][s] != static_cast<uint8_t>(dict.H.get(r, rep.lasso.support[s]));
    }
  }
  rep.float_acc = {float_accuracy(fm, net, train, ytr), float_accuracy(fm, net, test, yte)};
  rep.int_acc = {integer_accuracy(net, train), integer_accuracy(net, test)};
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return net;
}

}  // namespace hv

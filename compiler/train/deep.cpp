// Deep threshold networks: the shattered closed form and the layer-wise deep Lasso (see deep.hpp).
#include "deep.hpp"

#include <Eigen/Dense>
#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <span>
#include <string>
#include <utility>

#include "cost_model.hpp"
#include "fit_layer.hpp"
#include "generators.hpp"
#include "ir/verify.hpp"
#include "reconstruct.hpp"
#include "reference.hpp"
#include "shattered.hpp"
#include "support/diagnostics.hpp"

namespace hv {

namespace {

// Width of the frozen random first layer in the paper's reference code (Convex-PI / Convex-SVM).
constexpr size_t kPaperShatterWidth = 1000;

// Binary activations (n x layer.n_out) of `layer` reading `in` (n x layer.n_in).
std::vector<uint8_t> layer_bits(const Layer& layer, const std::vector<int64_t>& in, size_t n) {
  std::vector<uint8_t> a(n * static_cast<size_t>(layer.n_out));
  for (size_t r = 0; r < n; ++r)
    for (int j = 0; j < layer.n_out; ++j) {
      int64_t z = layer.bias[static_cast<size_t>(j)];
      for (int i = 0; i < layer.n_in; ++i) z += layer.w(j, i) * in[r * static_cast<size_t>(layer.n_in) + i];
      a[r * static_cast<size_t>(layer.n_out) + j] = z >= 0;
    }
  return a;
}

std::vector<int64_t> widen(const std::vector<uint8_t>& a) { return std::vector<int64_t>(a.begin(), a.end()); }

// Float scores (n x K) of an output layer with real weights out[j][k] over bits A (n x m).
std::vector<double> float_output(const std::vector<uint8_t>& A, size_t n, size_t m,
                                 const std::vector<std::vector<double>>& out, const std::vector<double>& bias) {
  const size_t K = bias.size();
  std::vector<double> f(n * K);
  for (size_t r = 0; r < n; ++r)
    for (size_t k = 0; k < K; ++k) {
      double s = bias[k];
      for (size_t j = 0; j < m; ++j) s += A[r * m + j] ? out[j][k] : 0.0;
      f[r * K + k] = s;
    }
  return f;
}

double accuracy_of(const std::vector<double>& f, size_t K, const std::vector<int>& y) {
  if (y.empty()) return 0;
  size_t ok = 0;
  for (size_t r = 0; r < y.size(); ++r) {
    const double* s = &f[r * K];
    int c = K == 1 ? (s[0] >= 0 ? 1 : 0) : static_cast<int>(std::max_element(s, s + K) - s);
    ok += c == y[r];
  }
  return static_cast<double>(ok) / static_cast<double>(y.size());
}

double integer_accuracy_q(const Network& net, const std::vector<int64_t>& q, size_t n, const std::vector<int>& y) {
  if (n == 0) return 0;
  const size_t d = net.inputs.size();
  size_t ok = 0;
  for (size_t r = 0; r < n; ++r) ok += ref::run(net, std::span<const int64_t>(q.data() + r * d, d)).cls == y[r];
  return static_cast<double>(ok) / static_cast<double>(n);
}

// Output layer from real weights: scaled so the largest |w| uses `bits` signed bits.
Layer quantized_output(const std::vector<std::vector<double>>& out, const std::vector<double>& bias, int bits,
                       double& scale) {
  double wmax = 0;
  for (const auto& row : out)
    for (double v : row) wmax = std::max(wmax, std::abs(v));
  for (double v : bias) wmax = std::max(wmax, wmax == 0 ? std::abs(v) : 0.0);
  scale = wmax > 0 ? static_cast<double>((int64_t{1} << (bits - 1)) - 1) / wmax : 1.0;
  Layer o;
  o.n_in = static_cast<int>(out.size());
  o.n_out = static_cast<int>(bias.size());
  o.weights.assign(static_cast<size_t>(o.n_in) * bias.size(), 0);
  for (size_t k = 0; k < bias.size(); ++k) {
    for (size_t j = 0; j < out.size(); ++j) o.weights[k * out.size() + j] = std::llround(out[j][k] * scale);
    o.bias.push_back(std::llround(bias[k] * scale));
  }
  return o;
}

// The smallest integer scale of real weights v that realizes the pattern with an exact bias.
Realized integerize(const std::vector<uint8_t>& A, size_t n, size_t m, const std::vector<uint8_t>& p,
                    const Eigen::VectorXd& v, double real_bias) {
  Realized best;
  best.wrong = n + 1;
  double vmax = v.cwiseAbs().maxCoeff();
  if (vmax == 0) vmax = 1;
  for (int k = 1; k <= 30; ++k) {
    double S = static_cast<double>((int64_t{1} << k) - 1) / vmax;
    Realized r;
    r.w.resize(m);
    for (size_t j = 0; j < m; ++j) r.w[j] = std::llround(v(static_cast<long>(j)) * S);
    std::vector<int64_t> z(n, 0);
    int64_t lo1 = INT64_MAX, hi0 = INT64_MIN;
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < m; ++j) z[i] += A[i * m + j] ? r.w[j] : 0;
      if (p[i]) lo1 = std::min(lo1, z[i]);
      else hi0 = std::max(hi0, z[i]);
    }
    r.b = hi0 < lo1 ? (lo1 == INT64_MAX ? -hi0 - 1 : -lo1) : std::llround(real_bias * S);
    for (size_t i = 0; i < n; ++i) r.wrong += (z[i] + r.b >= 0) != (p[i] != 0);
    if (r.wrong < best.wrong) best = r;
    if (best.wrong == 0) break;
  }
  return best;
}

// Linear SVM (hinge loss, C = 1e3) with a bias by dual coordinate descent on rows of A.
Eigen::VectorXd linear_svm(const Eigen::MatrixXd& X, const std::vector<uint8_t>& p, double& bias) {
  const long n = X.rows(), m = X.cols();
  const double C = 1e3;
  Eigen::VectorXd w = Eigen::VectorXd::Zero(m + 1), alpha = Eigen::VectorXd::Zero(n);
  std::vector<double> qii(static_cast<size_t>(n));
  for (long i = 0; i < n; ++i) qii[static_cast<size_t>(i)] = X.row(i).squaredNorm() + 1.0;
  for (int epoch = 0; epoch < 2000; ++epoch) {
    double max_pg = 0;
    for (long i = 0; i < n; ++i) {
      double yi = p[static_cast<size_t>(i)] ? 1.0 : -1.0;
      double g = yi * (X.row(i).dot(w.head(m)) + w(m)) - 1.0;
      double pg = alpha(i) == 0 ? std::min(g, 0.0) : (alpha(i) == C ? std::max(g, 0.0) : g);
      max_pg = std::max(max_pg, std::abs(pg));
      if (pg == 0) continue;
      double a = std::clamp(alpha(i) - g / qii[static_cast<size_t>(i)], 0.0, C);
      double delta = (a - alpha(i)) * yi;
      alpha(i) = a;
      w.head(m) += delta * X.row(i).transpose();
      w(m) += delta;
    }
    if (max_pg < 1e-6) break;
  }
  bias = w(m);
  return w.head(m);
}

[[noreturn]] void deep_error(const TrainData& data, const std::string& what) { fail_at({data.source, 0, 0}, what); }

// The sorted-projection shattering layer: one integer direction whose projections separate every
// pair of distinct training rows, a neuron 1{z >= v} at each distinct projection v. A direction
// reads every input (a zero weight merges rows that differ only there); a random one with weights
// in +-[1, 2^(b-1) - 1] merges a given pair with probability at most 1 / 2^(b-1), so for n rows the
// width needed grows like log2(n^2): the search starts at `min_bits` (--weight-bits) and widens one
// bit at a time up to `max_bits`, 200 random directions per width, and keeps the first width that
// separates every pair (reported in `used_bits`). Widths past `min_bits` whose worst-case sum would
// not fit the IR's accumulator are not tried.
Layer sorted_shatter(const TrainData& data, int min_bits, int max_bits, int input_bits, uint64_t seed, int& used_bits) {
  std::mt19937_64 rng(seed);
  const size_t n = data.n, d = data.d;
  int headroom = kMaxAccumulatorBits - input_bits - 1;  // sign bit of the sum
  for (size_t t = 1; t < d; t *= 2) --headroom;          // log2 of the number of terms
  const int top = std::max(min_bits, std::min(max_bits, headroom));
  for (int bits = min_bits; bits <= top; ++bits) {
    const int64_t wmax = std::max<int64_t>(1, (int64_t{1} << (bits - 1)) - 1);
    std::uniform_int_distribution<int64_t> mag(1, wmax);
    for (int attempt = 0; attempt < 200; ++attempt) {
      std::vector<int64_t> w(d);
      for (auto& v : w) v = (rng() & 1 ? 1 : -1) * mag(rng);
      std::map<int64_t, size_t> first_row;  // projection -> a row having it
      bool ok = true;
      for (size_t r = 0; r < n && ok; ++r) {
        int64_t z = 0;
        for (size_t c = 0; c < d; ++c) z += w[c] * data.q[r * d + c];
        auto [it, fresh] = first_row.emplace(z, r);
        if (!fresh)
          ok = std::equal(data.q.begin() + static_cast<long>(r * d), data.q.begin() + static_cast<long>((r + 1) * d),
                          data.q.begin() + static_cast<long>(it->second * d));
      }
      if (!ok) continue;
      Layer l;
      l.n_in = static_cast<int>(d);
      for (const auto& [z, _] : first_row) {
        l.weights.insert(l.weights.end(), w.begin(), w.end());
        l.bias.push_back(-z);
      }
      l.n_out = static_cast<int>(l.bias.size());
      used_bits = bits;
      return l;
    }
  }
  if (max_bits <= min_bits)
    deep_error(data, "no integer direction of " + std::to_string(min_bits) +
                         "-bit weights separates every pair of distinct training rows; allow wider first-layer weights, or leave "
                         "the weight bits unset to let the shattering direction widen up to 32 bits");
  deep_error(data, "no integer direction of " + std::to_string(min_bits) + "- to " + std::to_string(top) +
                       "-bit weights separates every pair of distinct training rows; the deep-lasso method needs no such direction");
}

Layer random_shatter(const TrainData& data, size_t width, int weight_bits, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Layer l;
  l.n_in = static_cast<int>(data.d);
  for (size_t u = 0; u < width; ++u) {
    std::vector<int64_t> w = random_sparse_direction(rng, data.d, static_cast<int>(data.d), weight_bits);
    size_t r = rng() % data.n;
    int64_t z = 0;
    for (size_t c = 0; c < data.d; ++c) z += w[c] * data.q[r * data.d + c];
    l.weights.insert(l.weights.end(), w.begin(), w.end());
    l.bias.push_back(-z);
  }
  l.n_out = static_cast<int>(width);
  return l;
}

// Rows with identical inputs but different labels cannot be separated by any network.
void check_consistent(const TrainData& data) {
  std::map<std::vector<int64_t>, int> label_of;
  for (size_t r = 0; r < data.n; ++r) {
    std::vector<int64_t> key(data.q.begin() + static_cast<long>(r * data.d), data.q.begin() + static_cast<long>((r + 1) * data.d));
    auto [it, fresh] = label_of.emplace(key, data.ytr[r]);
    if (!fresh && it->second != data.ytr[r])
      deep_error(data, "training rows with identical quantized inputs have different labels, so no network shatters "
                       "the data; use more input bits, or the lasso method");
  }
}

size_t distinct_rows(const std::vector<uint8_t>& A, size_t n, size_t m) {
  std::map<std::vector<uint8_t>, int> seen;
  for (size_t r = 0; r < n; ++r) seen.emplace(std::vector<uint8_t>(A.begin() + static_cast<long>(r * m), A.begin() + static_cast<long>((r + 1) * m)), 0);
  return seen.size();
}

}  // namespace

namespace {

// Realizes level sets over one representation A: X = A as reals, and for Convex-PI its complete
// orthogonal decomposition, factored once and reused for every pattern (v = pinv(A) p).
class Realizer {
 public:
  Realizer(const std::vector<uint8_t>& A, size_t n, size_t m, std::string method)
      : A_(A), n_(n), m_(m), method_(std::move(method)), X_(static_cast<long>(n), static_cast<long>(m)) {
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < m; ++j) X_(static_cast<long>(i), static_cast<long>(j)) = A[i * m + j];
    if (method_ != "svm") cod_.compute(X_);
  }
  Realized operator()(const std::vector<uint8_t>& pattern) const {
    if (method_ == "svm") {
      double bias = 0;
      Eigen::VectorXd w = linear_svm(X_, pattern, bias);
      return integerize(A_, n_, m_, pattern, w, bias);
    }
    Eigen::VectorXd p(static_cast<long>(n_));
    for (size_t i = 0; i < n_; ++i) p(static_cast<long>(i)) = pattern[i];
    Eigen::VectorXd v = cod_.solve(p);  // v = pinv(A) p
    return integerize(A_, n_, m_, pattern, v, -0.5);
  }

 private:
  const std::vector<uint8_t>& A_;
  size_t n_, m_;
  std::string method_;
  Eigen::MatrixXd X_;
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod_;
};

}  // namespace

Realized realize_pattern(const std::vector<uint8_t>& A, size_t n, size_t m, const std::vector<uint8_t>& pattern,
                         const std::string& method) {
  return Realizer(A, n, m, method)(pattern);
}

Network train_shattered(const TrainData& data, const TrainOptions& opt, TrainReport& rep) {
  auto t0 = std::chrono::steady_clock::now();
  if (opt.depth < 3) deep_error(data, "the shattered formulation needs a depth of 3 layers or more");
  if (opt.shatter == "random" && opt.depth > 3)
    deep_error(data, "random shattering supports depth 3 only (deeper layers re-shatter the sorted construction)");
  check_consistent(data);
  const size_t n = data.n, K = data.K;
  Network net = data.meta;
  // Shattering layer(s).
  int direction_bits = opt.dict.weight_bits;
  // Random shattering: --width units, at least n (rank n needs n columns); without --width the
  // paper's frozen layer of 1000 units (wider than n generalizes much better than exactly n).
  const size_t random_width = std::max<size_t>(opt.deep_width > 0 ? opt.deep_width : kPaperShatterWidth, n);
  Layer first = opt.shatter == "random"
                    ? random_shatter(data, random_width, opt.dict.weight_bits, opt.dict.seed)
                    : sorted_shatter(data, opt.dict.weight_bits, std::max(opt.dict.weight_bits, opt.shatter_max_weight_bits),
                                     data.meta.input_bits, opt.dict.seed, direction_bits);
  net.hidden = {first};
  std::vector<uint8_t> A = layer_bits(first, data.q, n);
  size_t m = static_cast<size_t>(first.n_out);
  size_t classes_of_rows = distinct_rows(A, n, m);
  if (opt.shatter == "random") {
    Eigen::MatrixXd X(static_cast<long>(n), static_cast<long>(m));
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < m; ++j) X(static_cast<long>(i), static_cast<long>(j)) = A[i * m + j];
    long rank = X.fullPivLu().rank();
    std::map<std::vector<int64_t>, int> uniq;
    for (size_t r = 0; r < n; ++r) uniq.emplace(std::vector<int64_t>(data.q.begin() + static_cast<long>(r * data.d), data.q.begin() + static_cast<long>((r + 1) * data.d)), 0);
    if (static_cast<size_t>(rank) < uniq.size())
      deep_error(data, "the random shattering layer of " + std::to_string(m) + " units has rank " + std::to_string(rank) +
                           " < " + std::to_string(uniq.size()) + " distinct rows; use a larger width or sorted shattering");
    rep.notes.push_back("shattering layer: " + std::to_string(m) + " random threshold units, rank " + std::to_string(rank) +
                        " = number of distinct rows");
  } else {
    rep.notes.push_back("shattering layer: sorted projection, " + std::to_string(m) +
                        " thresholds (triangular, rank = distinct rows = " + std::to_string(classes_of_rows) +
                        "), one direction of " + std::to_string(direction_bits) + "-bit weights" +
                        (direction_bits > opt.dict.weight_bits
                             ? " (widened from " + std::to_string(opt.dict.weight_bits) +
                                   ": no narrower direction separated every pair of rows)"
                             : ""));
  }
  for (int extra = 0; extra < opt.depth - 3; ++extra) {  // popcount thresholds re-shatter the triangle
    Layer l;
    l.n_in = static_cast<int>(m);
    l.n_out = static_cast<int>(m);
    for (size_t t = 1; t <= m; ++t) {
      l.weights.insert(l.weights.end(), m, 1);
      l.bias.push_back(-static_cast<int64_t>(t));
    }
    A = layer_bits(l, widen(A), n);
    net.hidden.push_back(l);
  }
  // Closed form per score, staircase, realization of each level set.
  rep.beta_max = 0;
  for (size_t k = 0; k < K; ++k) {
    double pos = 0, neg = 0;
    for (size_t r = 0; r < n; ++r) (data.Y[r * K + k] > 0 ? pos : neg) += std::abs(data.Y[r * K + k]);
    rep.beta_max = std::max({rep.beta_max, pos, neg});
  }
  rep.beta = opt.beta > 0 ? opt.beta : opt.beta_rel * rep.beta_max;
  Layer levels;
  levels.n_in = static_cast<int>(m);
  std::vector<std::vector<double>> out;
  double convex = 0;
  size_t wrong = 0, sign_ok = 0;
  std::vector<double> delta_all(n * K);
  const Realizer realize(A, n, m, opt.realize);
  for (size_t k = 0; k < K; ++k) {
    std::vector<double> y(n);
    for (size_t r = 0; r < n; ++r) y[r] = data.Y[r * K + k];
    ShatteredSolution sol = shattered_closed_form(y, rep.beta);
    convex += sol.objective;
    for (size_t r = 0; r < n; ++r) delta_all[r * K + k] = sol.delta[r];
    for (const Level& lv : staircase(sol.delta)) {
      Realized re = realize(lv.pattern);
      wrong += re.wrong;
      levels.weights.insert(levels.weights.end(), re.w.begin(), re.w.end());
      levels.bias.push_back(re.b);
      std::vector<double> row(K, 0.0);
      row[k] = lv.weight;
      out.push_back(row);
    }
  }
  levels.n_out = static_cast<int>(levels.bias.size());
  if (levels.n_out == 0) {  // beta >= beta_max: delta = 0, one silent neuron keeps shapes legal
    levels.weights.assign(m, 0);
    levels.bias = {-1};
    levels.n_out = 1;
    out.push_back(std::vector<double>(K, 0.0));
  }
  std::vector<uint8_t> L = layer_bits(levels, widen(A), n);
  std::vector<double> zero(K, 0.0);
  std::vector<double> f = float_output(L, n, static_cast<size_t>(levels.n_out), out, zero);
  double loss = 0, pen = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    loss += 0.5 * (f[i] - data.Y[i]) * (f[i] - data.Y[i]);
    sign_ok += (f[i] > 0) == (delta_all[i] > 0) && (f[i] < 0) == (delta_all[i] < 0);
  }
  for (const auto& row : out)
    for (double v : row) pen += std::abs(v);
  net.hidden.push_back(levels);
  net.output = quantized_output(out, zero, opt.output_bits, net.score_scale);

  rep.neurons = static_cast<size_t>(levels.n_out);
  rep.lasso = LassoResult{};
  rep.lasso.primal = convex;
  rep.lasso.dual = convex;
  rep.lasso.beta = rep.beta;
  rep.lasso.converged = true;
  rep.lasso.p0 = 0;
  for (double v : data.Y) rep.lasso.p0 += 0.5 * v * v;
  rep.reconstructed_objective = loss + rep.beta * pen;
  rep.pattern_checks = n * static_cast<size_t>(levels.n_out);
  rep.pattern_mismatches = wrong;
  rep.formulation = "shattered closed form (" + std::string(opt.shatter) + " shattering, Convex-" +
                    (opt.realize == "svm" ? "SVM" : "PI") + "), depth " + std::to_string(opt.depth);
  rep.notes.push_back("closed form: the global optimum of the Lasso over ALL 2^n patterns (exact, no duality gap)");
  rep.notes.push_back("staircase: " + std::to_string(levels.n_out) + " level-set neurons; signs of delta reproduced on " +
                      std::to_string(sign_ok) + " of " + std::to_string(n * K) + " training outputs");
  std::vector<double> ftest(data.ntest * K, 0.0);
  if (data.ntest > 0) {
    std::vector<uint8_t> At = layer_bits(net.hidden[0], data.qtest, data.ntest);
    for (size_t l = 1; l < net.hidden.size(); ++l) At = layer_bits(net.hidden[l], widen(At), data.ntest);
    ftest = float_output(At, data.ntest, static_cast<size_t>(levels.n_out), out, zero);
  }
  rep.float_acc = {accuracy_of(f, K, data.ytr), accuracy_of(ftest, K, data.yte)};
  rep.int_acc = {integer_accuracy_q(net, data.q, n, data.ytr), integer_accuracy_q(net, data.qtest, data.ntest, data.yte)};
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return net;
}

Network train_deep_lasso(const TrainData& data, const TrainOptions& opt, TrainReport& rep) {
  auto t0 = std::chrono::steady_clock::now();
  if (opt.depth < 3) deep_error(data, "the deep Lasso needs a depth of 3 layers or more");
  const size_t n = data.n, K = data.K;
  Network net = data.meta;
  std::vector<int64_t> in = data.q, in_test = data.qtest;
  size_t width_in = data.d;
  LassoResult final_sol;
  std::vector<uint8_t> final_columns;  // the last layer's dictionary columns of its support, n each
  std::vector<IntNeuron> final_neurons;
  std::vector<double> final_costs;
  for (int l = 1; l <= opt.depth - 1; ++l) {
    const bool last = l == opt.depth - 1;
    Dictionary dict(&in, n, width_in, opt.dict.seed + static_cast<uint64_t>(l));
    if (l == 1) {
      generate_dictionary(dict, opt.dict, data.source);
    } else {  // binary-input neurons: each bit itself, then sparse directions with every threshold
      for (size_t i = 0; i < width_in; ++i) {
        std::vector<int64_t> e(width_in, 0);
        e[i] = 1;
        dict.add_direction(e, 1.0);
      }
      GeneratorOptions g = opt.dict;
      g.kind = "sparse";
      g.weight_bits = std::min(opt.dict.weight_bits, 3);
      g.seed = opt.dict.seed + 100 + static_cast<uint64_t>(l);
      generate_dictionary(dict, g, data.source);
    }
    TrainReport layer_rep;
    size_t budget = last ? opt.max_neurons : (opt.deep_width > 0 ? opt.deep_width : 32);
    auto no_acc = [](const LassoResult&) { return Accuracy{}; };
    // Each layer gets an equal share of the time left (a layer that needs less leaves it to the next).
    fit_layer(dict, data.Y, K, opt, budget, no_acc, layer_rep, data.deadline.share(opt.depth - l));
    const LassoResult& sol = layer_rep.lasso;
    rep.notes.push_back("layer " + std::to_string(l) + ": Lasso over " + std::to_string(dict.cols()) + " patterns of " +
                        (l == 1 ? std::string("integer neurons on the inputs") : "binary-input neurons") + " -> " +
                        std::to_string(sol.support.size()) + " neurons, beta " + std::to_string(layer_rep.beta) +
                        ", relative gap " + fmt::format("{:.3e}", sol.rel_gap()) +
                        (layer_rep.stopped_at_time_limit ? " (stopped at the time limit)" : ""));
    if (sol.support.empty()) deep_error(data, "layer " + std::to_string(l) + " of the deep Lasso selected no neuron; use a smaller beta");
    Layer layer;
    layer.n_in = static_cast<int>(width_in);
    for (size_t j : sol.support) {
      IntNeuron nr = dict.neuron(j);
      layer.weights.insert(layer.weights.end(), nr.w.begin(), nr.w.end());
      layer.bias.push_back(nr.b);
      if (last) {
        final_neurons.push_back(nr);
        final_costs.push_back(dict.cost(j));
        std::vector<uint64_t> bits(dict.words());
        dict.column(j, bits.data());
        for (size_t r = 0; r < n; ++r) final_columns.push_back((bits[r / 64] >> (r % 64)) & 1u);
      }
    }
    layer.n_out = static_cast<int>(sol.support.size());
    net.hidden.push_back(layer);
    in = widen(layer_bits(layer, in, n));
    in_test = widen(layer_bits(layer, in_test, data.ntest));
    width_in = static_cast<size_t>(layer.n_out);
    if (last) {
      final_sol = sol;
      rep.beta = layer_rep.beta;
      rep.beta_max = layer_rep.beta_max;
      rep.dict = layer_rep.dict;
      rep.dictionary_kind = "sparse binary-input (last layer)";
      rep.patterns = layer_rep.patterns;
      rep.path = layer_rep.path;
      rep.stopped_at_time_limit = layer_rep.stopped_at_time_limit;
    }
  }
  std::vector<uint8_t> A(in.begin(), in.end()), At(in_test.begin(), in_test.end());
  std::vector<double> f = float_output(A, n, width_in, final_sol.W, final_sol.intercept);
  std::vector<double> ft = float_output(At, data.ntest, width_in, final_sol.W, final_sol.intercept);
  double loss = 0, pen = 0;
  for (size_t i = 0; i < f.size(); ++i) loss += 0.5 * (f[i] - data.Y[i]) * (f[i] - data.Y[i]);
  for (size_t s = 0; s < final_sol.W.size(); ++s) {
    double t = 0;
    for (double v : final_sol.W[s]) t += v * v;
    pen += final_costs[s] * std::sqrt(t);
  }
  net.output = quantized_output(final_sol.W, final_sol.intercept, opt.output_bits, net.score_scale);
  rep.lasso = final_sol;
  rep.neurons = width_in;
  rep.reconstructed_objective = loss + rep.beta * pen;
  rep.formulation = "deep Lasso, layer by layer, depth " + std::to_string(opt.depth) +
                    " (certificate: the last layer's gap, given the layers below)";
  // The compiled network's last hidden layer must reproduce the last dictionary's columns exactly.
  rep.pattern_checks = 0;
  rep.pattern_mismatches = 0;
  for (size_t r = 0; r < n; ++r) {
    auto acts = ref::activations(net, std::span<const int64_t>(data.q.data() + r * data.d, data.d));
    for (size_t s = 0; s < width_in; ++s) {
      ++rep.pattern_checks;
      rep.pattern_mismatches += acts.back()[s] != final_columns[s * n + r];
    }
  }
  rep.float_acc = {accuracy_of(f, K, data.ytr), accuracy_of(ft, K, data.yte)};
  rep.int_acc = {integer_accuracy_q(net, data.q, n, data.ytr), integer_accuracy_q(net, data.qtest, data.ntest, data.yte)};
  rep.est_luts = estimate_luts(net).total;
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return net;
}

}  // namespace hv

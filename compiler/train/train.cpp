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
#include <functional>
#include <limits>
#include <set>

#include "deep.hpp"
#include "logistic.hpp"
#include "multinomial.hpp"
#include "memory.hpp"
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

// Accuracy of float scores (n x K) against class indices.
double decided_accuracy(const std::vector<double>& scores, size_t K, const std::vector<int>& y) {
  if (y.empty()) return 0;
  size_t ok = 0;
  for (size_t r = 0; r < y.size(); ++r) ok += decide_float(&scores[r * K], K) == y[r];
  return static_cast<double>(ok) / static_cast<double>(y.size());
}

// The non-convex training objective of the network before output quantization, on the training
// inputs the convex program saw (first-layer penalty at its infimum 0, PAPER.md section 2):
// squared: 1/2 ||f(Q) - Y||^2, logistic: sum log(1 + exp(-y f)) (K > 1: softmax cross-entropy); plus
// beta sum_j c_j ||out_j||.
// Equals the convex optimum when the reconstruction is exact.
double nonconvex_objective(const FloatModel& fm, const std::vector<double>& s, size_t n, size_t d,
                           const std::vector<double>& Y, double beta, bool logistic) {
  auto f = float_scores(fm, s, n, d);
  double loss = 0, pen = 0;
  const size_t K = Y.size() / n;
  if (logistic && K > 1) loss = multinomial_loss(f, Y, K);  // softmax cross-entropy
  for (size_t i = 0; i < f.size() && !(logistic && K > 1); ++i) {
    if (!logistic) {
      loss += 0.5 * (f[i] - Y[i]) * (f[i] - Y[i]);
    } else {
      double t = -Y[i] * f[i];
      loss += t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t));
    }
  }
  for (size_t j = 0; j < fm.out.size(); ++j) {
    double t = 0;
    for (double v : fm.out[j]) t += v * v;
    pen += fm.cost[j] * std::sqrt(t);
  }
  return loss + beta * pen;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
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

Deadline Deadline::after(double seconds) {
  Deadline d;
  if (seconds > 0) {
    d.set = true;
    d.at = std::chrono::steady_clock::now() +
           std::chrono::duration_cast<std::chrono::steady_clock::duration>(
               std::chrono::duration<double>(std::min(seconds, 1e9)));  // 1e9 s: ~31 years, no overflow
  }
  return d;
}

double Deadline::seconds_left() const {
  if (!set) return std::numeric_limits<double>::infinity();
  return std::chrono::duration<double>(at - std::chrono::steady_clock::now()).count();
}

Deadline Deadline::share(int parts) const {
  if (!set || parts <= 1) return *this;
  Deadline d;  // set even when this one has passed (then so has the share)
  d.set = true;
  auto now = std::chrono::steady_clock::now();
  d.at = at <= now ? at : now + (at - now) / parts;
  return d;
}

LassoResult solve_until(const std::function<LassoResult(const LassoOptions&, const LassoResult*)>& solve,
                        LassoOptions lo, const LassoResult* warm, const Deadline& deadline, bool& stopped) {
  stopped = false;
  if (!deadline.set) return solve(lo, warm);
  // One outer iteration per round: the cost of an iteration can jump by orders of magnitude when
  // the working set grows (minutes for thousands of columns), so no longer round can be sized
  // safely. A round repeats only the exit certificate and the Gram of the working set.
  // Progress as the solver prints it (always for runs past 2 s), which one-iteration calls do not.
  const int max_outer = lo.max_outer;
  lo.max_outer = 1;
  lo.inner_stop_at = deadline.at;  // an outer iteration's inner solve ends at the deadline too
  int done = 0;
  LassoResult cur;
  auto t0 = std::chrono::steady_clock::now();
  for (;;) {
    LassoResult next = solve(lo, done > 0 ? &cur : warm);
    done += next.outer_iterations;
    cur = std::move(next);
    double el = seconds_since(t0);
    if (lo.verbose || el > 2.0)
      std::fprintf(stderr, "  solve: %3d outer iterations  gap %.3e (rel %.2e)  neurons %4zu  %.2fs  (%.2f s to the time limit)\n",
                   done, cur.gap, cur.rel_gap(), cur.support.size(), el, std::max(0.0, deadline.seconds_left()));
    if (cur.converged || done >= max_outer) break;
    if (deadline.passed()) {
      stopped = true;
      break;
    }
  }
  cur.outer_iterations = done;
  return cur;
}

void fit_layer(Dictionary& dict, const std::vector<double>& Y, size_t K, const TrainOptions& opt, size_t max_neurons,
               const std::function<Accuracy(const LassoResult&)>& accuracy, TrainReport& rep, const Deadline& deadline) {
  const bool logistic = opt.loss == "logistic";
  rep.beta_max = !logistic ? beta_max(dict, Y, K) : K == 1 ? logistic_beta_max(dict, Y) : multinomial_beta_max(dict, Y, K);
  rep.beta = opt.beta > 0 ? opt.beta : opt.beta_rel * rep.beta_max;
  LassoOptions lo;
  lo.tol = opt.tol;
  lo.verbose = opt.verbose;
  GroupLassoSolver squared(dict, Y, K);  // its Gram rows serve every solve below
  auto solve = [&](double beta, const LassoResult* warm) {
    lo.beta = beta;
    bool stopped = false;
    LassoResult r = solve_until(
        [&](const LassoOptions& o, const LassoResult* w) {
          return !logistic ? squared.solve(o, w)
                 : K == 1  ? solve_logistic(dict, Y, o, w)
                           : solve_multinomial(dict, Y, K, o, w);
        },
        lo, warm, deadline, stopped);
    rep.stopped_at_time_limit = stopped;  // the last solve is the one kept
    return r;
  };
  int points = opt.path_points > 0 ? opt.path_points : (max_neurons > 0 ? 20 : 0);
  if (points > 0 && rep.beta < rep.beta_max) {
    double ratio = std::pow(rep.beta / rep.beta_max, 1.0 / points);
    LassoResult prev;
    bool have_prev = false;
    for (int k = 1; k <= points; ++k) {
      double beta = k == points ? rep.beta : rep.beta_max * std::pow(ratio, k);
      auto tp = std::chrono::steady_clock::now();
      LassoResult sol = solve(beta, have_prev ? &prev : nullptr);
      if (max_neurons > 0 && sol.support.size() > max_neurons && have_prev) break;
      rep.path.push_back({beta, sol.support.size(), accuracy(sol), sol.rel_gap(), seconds_since(tp)});
      prev = std::move(sol);
      have_prev = true;
      if (max_neurons > 0 && prev.support.size() > max_neurons) break;
    }
    rep.lasso = std::move(prev);
    rep.beta = rep.lasso.beta;
  } else {
    rep.lasso = solve(rep.beta, nullptr);
  }
  if (opt.colgen) {
    if (logistic) fail("column generation (--colgen) supports the squared loss only");
    rep.colgen_ran = true;
    ColgenOptions co = opt.colgen_opt;
    co.verbose = opt.verbose;
    rep.lasso = column_generation(dict, Y, K, rep.lasso, co,
                                  [&](const LassoResult& warm) { return solve(rep.beta, &warm); }, rep.colgen);
  }
  rep.dict = dict.stats();
  rep.patterns = dict.cols();
}

Network train_network(const Dataset& train, const Dataset& test, const TrainOptions& opt, TrainReport& rep) {
  auto t0 = std::chrono::steady_clock::now();
  const Deadline deadline = Deadline::after(opt.time_limit);
  Network net;
  net.name = opt.name;
  net.label = train.label_name;
  net.classes = class_labels(train, &test);
  if (net.classes.size() < 2)
    fail_at({train.source, 0, 0}, "the label column " + quote(train.label_name) + " has a single class " +
                                      quote(net.classes.empty() ? "" : net.classes[0]) + "; at least 2 are needed");
  const bool logistic = opt.loss == "logistic";
  net.input_bits = opt.input_bits;
  net.inputs = fit_quantizer(train, opt.input_bits);

  const size_t n = train.n_rows, d = train.n_features();
  const size_t K = net.classes.size() == 2 ? 1 : net.classes.size();
  std::vector<int64_t> q = quantize_rows(net, train);
  std::vector<double> qd = as_double(q), qtest = as_double(quantize_rows(net, test));
  std::vector<int> ytr = class_index(train, net.classes), yte = class_index(test, net.classes);
  std::vector<double> Y = targets(ytr, K);

  rep.n_train = n;
  rep.n_test = test.n_rows;
  if (opt.method != "lasso") {
    if (logistic) fail("--loss logistic supports --method lasso only");
    TrainData td{net, q, quantize_rows(net, test), n, test.n_rows, d, K, ytr, yte, Y, train.source, deadline};
    return opt.method == "shattered" ? train_shattered(td, opt, rep) : train_deep_lasso(td, opt, rep);
  }
  if (opt.depth != 2) fail("--method lasso trains two-layer networks; use --method shattered or deep-lasso for --depth " +
                           std::to_string(opt.depth));
  check_training_memory(n, d, K, opt.dict);
  Dictionary dict(&q, n, d, opt.dict.seed);
  generate_dictionary(dict, opt.dict, train.source);
  rep.exact_dictionary = opt.dict.kind == "exact";
  auto accuracy = [&](const LassoResult& sol) {
    FloatModel fm = float_model(dict, sol);
    return Accuracy{decided_accuracy(float_scores(fm, qd, n, d), K, ytr),
                    decided_accuracy(float_scores(fm, qtest, test.n_rows, d), K, yte)};
  };
  fit_layer(dict, Y, K, opt, opt.max_neurons, accuracy, rep, deadline);

  FloatModel fm = float_model(dict, rep.lasso);
  quantize_model(fm, opt.output_bits, net);
  rep.neurons = fm.hidden.size();
  rep.reconstructed_objective = nonconvex_objective(fm, qd, n, d, Y, rep.beta, logistic);

  // The integer network must produce exactly the dictionary's patterns on the training rows; the
  // same reference pass gives the training accuracy.
  std::vector<uint64_t> bits(rep.neurons * dict.words());
  for (size_t s = 0; s < rep.neurons; ++s) dict.column(rep.lasso.support[s], &bits[s * dict.words()]);
  std::vector<std::vector<uint8_t>> acts;
  size_t train_ok = 0;
  for (size_t r = 0; r < n; ++r) {
    auto res = ref::run(net, std::span<const int64_t>(q.data() + r * d, d), &acts);
    train_ok += res.cls == ytr[r];
    for (size_t s = 0; s < rep.neurons; ++s) {
      ++rep.pattern_checks;
      rep.pattern_mismatches += acts[0][s] != ((bits[s * dict.words() + r / 64] >> (r % 64)) & 1u);
    }
  }
  rep.float_acc = accuracy(rep.lasso);
  rep.int_acc = {static_cast<double>(train_ok) / static_cast<double>(n), integer_accuracy(net, test)};
  rep.seconds = seconds_since(t0);
  return net;
}

}  // namespace hv

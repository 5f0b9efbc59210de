// The two-layer trainer end to end (see train.hpp): quantizer -> dictionary -> (group) Lasso ->
// reconstruction -> output quantization, with the checks that make the result trustworthy:
// the certificate (duality gap), the reconstructed non-convex objective, and the integer
// network's hidden patterns compared with the dictionary on every training row.
#include "train.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <set>

#include "cost_model.hpp"
#include "deep.hpp"
#include "fit_layer.hpp"
#include "logistic.hpp"
#include "multinomial.hpp"
#include "memory.hpp"
#include "quantize_inputs.hpp"
#include "reconstruct.hpp"
#include "reference.hpp"
#include "split.hpp"
#include "support/diagnostics.hpp"
#include "support/mpi_comm.hpp"

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

// ok / n over every rank's rows (support/mpi_comm.hpp); 0 when there are none.
double global_rate(size_t ok, size_t n) {
  std::vector<uint64_t> v = {ok, n};
  comm::sum(v);
  return v[1] ? static_cast<double>(v[0]) / static_cast<double>(v[1]) : 0.0;
}

// Accuracy of float scores (n x K) against class indices.
double decided_accuracy(const std::vector<double>& scores, size_t K, const std::vector<int>& y) {
  size_t ok = 0;
  for (size_t r = 0; r < y.size(); ++r) ok += decide_float(&scores[r * K], K) == y[r];
  return global_rate(ok, y.size());
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
  loss = comm::sum(loss);  // every rank's rows
  for (size_t j = 0; j < fm.out.size(); ++j) {
    double t = 0;
    for (double v : fm.out[j]) t += v * v;
    pen += fm.cost[j] * std::sqrt(t);
  }
  return loss + beta * pen;
}

// The float model of `sol` with its output layer refit (opt.refit == "ridge", squared loss) or as
// the Lasso left it.
FloatModel output_model(const Dictionary& dict, const LassoResult& sol, const std::vector<double>& Y, size_t K,
                        const TrainOptions& opt, bool ridge, RefitResult* refit) {
  FloatModel fm = float_model(dict, sol);
  if (!ridge || opt.loss == "logistic") return fm;
  RefitResult r = refit_ridge(dict, sol.support, Y, K, opt.ridge * static_cast<double>(dict.total_rows()));
  fm.out = r.W;
  fm.intercept = r.intercept;
  if (refit) *refit = std::move(r);
  return fm;
}

// Hidden activations (n x m bytes) of the float model's integer neurons on quantized rows q.
std::vector<uint8_t> hidden_bits(const FloatModel& fm, const std::vector<int64_t>& q, size_t n, size_t d) {
  const size_t m = fm.hidden.size();
  std::vector<uint8_t> a(n * m);
  for (size_t j = 0; j < m; ++j) {
    std::vector<std::pair<size_t, int64_t>> nz;
    for (size_t c = 0; c < d; ++c)
      if (fm.hidden[j].w[c]) nz.push_back({c, fm.hidden[j].w[c]});
    for (size_t r = 0; r < n; ++r) {
      int64_t z = fm.hidden[j].b;
      for (const auto& [c, w] : nz) z += w * q[r * d + c];
      a[r * m + j] = z >= 0;
    }
  }
  return a;
}

// Accuracy of the output layer quantized to `bits` (as quantize_model does it, with the
// reference's decision rule), from precomputed hidden activations. bits 0: float weights.
double output_accuracy(const FloatModel& fm, const std::vector<uint8_t>& acts, const std::vector<int>& y, int bits) {
  const size_t m = fm.hidden.size(), K = fm.intercept.size(), n = y.size();
  double scale = 1.0;
  if (bits > 0) {
    double wmax = 0;
    for (const auto& row : fm.out)
      for (double v : row) wmax = std::max(wmax, std::abs(v));
    if (wmax == 0)
      for (double v : fm.intercept) wmax = std::max(wmax, std::abs(v));
    scale = wmax > 0 ? static_cast<double>((int64_t{1} << (bits - 1)) - 1) / wmax : 1.0;
  }
  auto q = [&](double v) { return bits > 0 ? static_cast<double>(std::llround(v * scale)) : v; };
  std::vector<double> out(m * K), bias(K);
  for (size_t j = 0; j < m; ++j)
    for (size_t k = 0; k < K; ++k) out[j * K + k] = q(fm.out[j][k]);
  for (size_t k = 0; k < K; ++k) bias[k] = q(fm.intercept[k]);
  size_t ok = 0;
  std::vector<double> sc(K);
  for (size_t r = 0; r < n; ++r) {
    sc = bias;
    for (size_t j = 0; j < m; ++j)
      if (acts[r * m + j])
        for (size_t k = 0; k < K; ++k) sc[k] += out[j * K + k];
    ok += decide_float(sc.data(), K) == y[r];
  }
  return global_rate(ok, n);
}

// The output bits sized on the fit part's weights, re-checked on the final weights (fit on all
// training rows): widened until the training accuracy is within 0.1 point of the full width's. A
// width that kept validation accuracy for one set of weights can round some of another set to 0
// (iris, 8 comparators: 3 bits, 98.2% float, 66.7% integer on the training rows).
int recheck_output_bits(const FloatModel& fm, const std::vector<int64_t>& q, size_t n, size_t d, const std::vector<int>& y,
                        int bits, int max_bits) {
  const std::vector<uint8_t> acts = hidden_bits(fm, q, n, d);
  const double full = output_accuracy(fm, acts, y, max_bits);
  while (bits < max_bits && output_accuracy(fm, acts, y, bits) < full - 0.001) ++bits;
  return bits;
}

std::string pct_text(double v) {
  return fmt::format("{:.2f}%", 100.0 * v);
}

// Validation mode (TrainOptions::select): the path on the fit part of the TRAINING rows, scored on
// their validation part; only `train` is passed in, so test rows cannot influence the choice.
// Sets `eff` (beta_rel, path_points, output_bits) for the final fit on all training rows.
void select_by_validation(const Dataset& train, const Network& net, const TrainOptions& opt, size_t K,
                          TrainOptions& eff, TrainReport& rep, const Deadline& deadline) {
  auto [fit, val] = split_dataset(train, opt.validation_fraction, opt.dict.seed + 0x7a1);
  // Rows and classes of the two parts over every rank (support/mpi_comm.hpp).
  std::vector<uint64_t> sizes(2 + net.classes.size(), 0);
  sizes[0] = fit.n_rows;
  sizes[1] = val.n_rows;
  for (const auto& l : fit.labels)
    sizes[2 + static_cast<size_t>(std::find(net.classes.begin(), net.classes.end(), l) - net.classes.begin())] = 1;
  comm::sum(sizes);
  const size_t n_fit = sizes[0], n_val = sizes[1];
  const size_t fit_classes = static_cast<size_t>(std::count_if(sizes.begin() + 2, sizes.end(), [](uint64_t c) { return c > 0; }));
  if (n_fit < 10 || n_val < 5 || fit_classes < 2) {
    rep.notes.push_back("validation: " + std::to_string(n_fit + n_val) +
                        " training rows are too few to hold out a validation part; beta = beta_rel * beta_max");
    return;
  }
  const size_t d = train.n_features();
  std::vector<int64_t> qf = quantize_rows(net, fit), qv = quantize_rows(net, val);
  std::vector<int> yf = class_index(fit, net.classes), yv = class_index(val, net.classes);
  std::vector<double> Yf = targets(yf, K);
  Dictionary dict(&qf, fit.n_rows, d, opt.dict.seed);
  generate_dictionary(dict, opt.dict, train.source);
  const bool logistic = opt.loss == "logistic";
  const double bmax = logistic ? logistic_beta_max(dict, Yf) : beta_max(dict, Yf, K);
  const int points = opt.path_points > 0 ? opt.path_points : 14;
  const double ratio = std::pow(opt.beta_min_rel, 1.0 / points);
  const Deadline sel = deadline.share(2);  // half of the time left: the final fit needs the rest
  // Path points only rank betas: a looser tolerance and an iteration cap keep the small-beta end
  // from dominating the time (the kept beta is solved again on all rows to opt.tol).
  LassoOptions lo;
  lo.tol = std::max(opt.tol, 1e-5);
  lo.max_outer = 100;
  lo.verbose = opt.verbose;
  LassoResult prev;
  bool have_prev = false;
  int best = -1, since_best = 0;
  rep.n_fit = n_fit;
  rep.selection_beta_max = bmax;
  rep.n_val = n_val;
  std::string stop = "the end of the path (beta = " + std::to_string(opt.beta_min_rel) + " beta_max)";
  for (int k = 1; k <= points; ++k) {
    auto tp = std::chrono::steady_clock::now();
    lo.beta = bmax * std::pow(ratio, k);
    bool stopped = false;
    LassoResult sol = solve_until(
        [&](const LassoOptions& o, const LassoResult* w) {
          return logistic ? solve_logistic(dict, Yf, o, w) : solve_group_lasso(dict, Yf, K, o, w);
        },
        lo, have_prev ? &prev : nullptr, sel, stopped);
    // Both output layers are scored: the refit on few neurons removes the l1 shrinkage, on many
    // (near the number of rows) it overfits; validation decides (refit "auto").
    FloatModel fm = output_model(dict, sol, Yf, K, opt, opt.refit != "none", nullptr);
    PathPoint p;
    p.beta = lo.beta;
    p.neurons = sol.support.size();
    p.rel_gap = sol.rel_gap();
    std::vector<uint8_t> av = hidden_bits(fm, qv, val.n_rows, d);
    p.acc.train = output_accuracy(fm, hidden_bits(fm, qf, fit.n_rows, d), yf, 0);
    p.val = output_accuracy(fm, av, yv, 0);
    p.refit = opt.refit != "none" && !logistic;
    if (opt.refit == "auto" && p.refit) {
      FloatModel lasso_fm = float_model(dict, sol);
      double v = output_accuracy(lasso_fm, av, yv, 0);
      if (v > p.val) {
        p.val = v;
        p.refit = false;
        fm = std::move(lasso_fm);
      }
    }
    // The fewest output bits (3 up to output_bits) within 0.1 point of the full width on validation.
    std::vector<std::pair<int, double>> tried;
    p.output_bits = opt.output_bits;
    if (opt.size_output_bits) {
      const double full = output_accuracy(fm, av, yv, opt.output_bits);
      for (int bits = 3; bits <= opt.output_bits; ++bits) {
        double a = output_accuracy(fm, av, yv, bits);
        tried.push_back({bits, a});
        if (a >= full - 0.001) {
          p.output_bits = bits;
          break;
        }
      }
    }
    p.luts = estimate_luts(fm.hidden, opt.input_bits, p.output_bits, K).total;
    p.in_budget = (opt.max_neurons == 0 || p.neurons <= opt.max_neurons) && (opt.max_luts <= 0 || p.luts <= opt.max_luts);
    p.seconds = seconds_since(tp);
    rep.selection_path.push_back(p);
    if (!p.in_budget) {
      stop = "the budget (" + (opt.max_neurons > 0 && p.neurons > opt.max_neurons
                                   ? std::to_string(opt.max_neurons) + " neurons"
                                   : std::to_string(static_cast<long>(opt.max_luts)) + " estimated LUTs") + ")";
      break;
    }
    if (best < 0 || p.val >= rep.selection_path[static_cast<size_t>(best)].val - 1e-12) {  // ties: the later point
      best = k - 1;
      rep.output_bits_tried = std::move(tried);
      since_best = 0;
    } else if (++since_best >= 3) {
      stop = "3 points without a better validation accuracy";
      break;
    }
    prev = std::move(sol);
    have_prev = true;
    if (2 * p.neurons >= n_fit) {
      stop = "a network of half as many neurons as fit rows";
      break;
    }
    if (stopped || sel.passed()) {
      stop = "the time limit (half of it for the path)";
      break;
    }
  }
  if (best < 0) {  // the first point is over the budget: the final fit's bounded path narrows it
    eff.select = "fixed";
    eff.beta = -1;
    eff.beta_rel = ratio;
    eff.path_points = 1;
    rep.selected = true;
    rep.selected_point = 0;
    rep.selected_beta_rel = ratio;
    rep.selection_reason = "no path point was within the budget; the largest network within it between beta_max and " +
                           std::to_string(ratio) + " beta_max is kept";
    return;
  }
  const PathPoint& b = rep.selection_path[static_cast<size_t>(best)];
  rep.selected = true;
  rep.selected_point = static_cast<size_t>(best);
  rep.selected_beta_rel = b.beta / bmax;
  rep.selection_reason = "best validation accuracy (" + pct_text(b.val) + ", " + std::to_string(b.neurons) +
                         " neurons on the fit part)" + (opt.max_neurons > 0 || opt.max_luts > 0 ? " within the budget" : "") +
                         "; the path stopped at " + stop;
  eff.select = "fixed";
  eff.beta = -1;
  eff.beta_rel = rep.selected_beta_rel;
  eff.path_points = best + 1;
  eff.output_bits = b.output_bits;
  eff.refit = b.refit ? "ridge" : "none";
}

}  // namespace

std::vector<std::string> class_labels(const Dataset& a, const Dataset* b) {
  std::set<std::string> uniq(a.labels.begin(), a.labels.end());
  if (b) uniq.insert(b->labels.begin(), b->labels.end());
  std::vector<std::string> every = comm::all_gather_concat(std::vector<std::string>(uniq.begin(), uniq.end()));
  uniq.insert(every.begin(), every.end());  // every rank's labels
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
  auto q = quantize_rows(net, data);
  const size_t d = data.n_features();
  size_t ok = 0;
  for (size_t r = 0; r < data.n_rows; ++r) {
    auto res = ref::run(net, std::span<const int64_t>(q.data() + r * d, d));
    ok += net.classes[static_cast<size_t>(res.cls)] == data.labels[r];
  }
  return global_rate(ok, data.n_rows);
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

  if (opt.colgen && opt.dict.kind == "comparators")
    fail("column generation adds nothing to the comparator dictionary: it already holds every neuron of fan-in 1 "
         "(the columns it would add are not comparators)");
  rep.n_train = comm::sum(static_cast<uint64_t>(n));
  rep.n_test = comm::sum(static_cast<uint64_t>(test.n_rows));
  if (comm::distributed()) {
    // Row-partitioned training (support/mpi_comm.hpp) reduces the squared-loss Lasso over the
    // gaussian dictionary; the other trainers need every row in one process.
    const char* what = opt.method != "lasso"         ? "the shattered and deep-lasso methods"
                       : logistic                    ? "the logistic loss"
                       : opt.dict.kind != "gaussian" ? "the sparse, exact and comparator dictionaries (threshold blocks)"
                       : opt.colgen                  ? "column generation"
                                                     : nullptr;
    if (what)
      fail(std::string(what) + " need every training row in one process; under MPI (" + std::to_string(comm::size()) +
           " ranks) training is the squared-loss Lasso over the gaussian dictionary");
  }
  if (opt.method != "lasso") {
    if (logistic) fail("the logistic loss is for the lasso method only");
    TrainData td{net, q, quantize_rows(net, test), n, test.n_rows, d, K, ytr, yte, Y, train.source, deadline};
    return opt.method == "shattered" ? train_shattered(td, opt, rep) : train_deep_lasso(td, opt, rep);
  }
  if (opt.depth != 2) fail("the lasso method trains two-layer networks (depth 2); depth " + std::to_string(opt.depth) +
         " needs the shattered or deep-lasso method");
  comm::collective([&] { check_training_memory(n, d, K, opt.dict); });  // per rank: its block of rows
  TrainOptions eff = opt;  // what the final fit on all training rows uses
  if (opt.select == "validation") {
    select_by_validation(train, net, opt, K, eff, rep, deadline);
    if (!rep.selected) eff.select = "fixed";
  }
  rep.output_bits = eff.output_bits;
  Dictionary dict(&q, n, d, opt.dict.seed);
  generate_dictionary(dict, opt.dict, train.source);
  rep.exact_dictionary = opt.dict.kind == "exact";
  if (opt.dict.kind == "comparators")
    rep.notes.push_back("certificate: global over every two-layer network whose hidden neurons each compare one "
                        "quantized input with a threshold (the comparator dictionary has all of them)");
  auto accuracy = [&](const LassoResult& sol) {
    FloatModel fm = float_model(dict, sol);
    return Accuracy{decided_accuracy(float_scores(fm, qd, n, d), K, ytr),
                    decided_accuracy(float_scores(fm, qtest, test.n_rows, d), K, yte)};
  };
  std::function<bool(const LassoResult&)> luts_ok;
  if (opt.max_luts > 0)
    luts_ok = [&](const LassoResult& sol) {
      return estimate_luts(float_model(dict, sol).hidden, opt.input_bits, eff.output_bits, K).total <= opt.max_luts;
    };
  fit_layer(dict, Y, K, eff, opt.max_neurons, accuracy, rep, deadline, luts_ok);

  FloatModel lasso_fm = float_model(dict, rep.lasso);
  rep.reconstructed_objective = nonconvex_objective(lasso_fm, qd, n, d, Y, rep.beta, logistic);
  // refit "auto" without a validation choice (a given beta): the Lasso's own output weights.
  const bool ridge = eff.refit == "ridge" && !logistic;
  FloatModel fm = output_model(dict, rep.lasso, Y, K, opt, ridge, &rep.refit);
  rep.refit_ran = ridge;
  if (eff.refit == "ridge" && logistic) rep.notes.push_back("refit: not run (the ridge refit is for the squared loss)");
  if (rep.selected && opt.size_output_bits) {
    const int sized = eff.output_bits;
    eff.output_bits = recheck_output_bits(fm, q, n, d, ytr, sized, opt.output_bits);
    rep.output_bits = eff.output_bits;
    if (eff.output_bits != sized)
      rep.notes.push_back("output bits: " + std::to_string(sized) + " (sized on the fit part) widened to " +
                          std::to_string(eff.output_bits) + ": the weights fit on all training rows lost accuracy at " +
                          std::to_string(sized) + " bits");
  }
  quantize_model(fm, eff.output_bits, net);
  rep.neurons = fm.hidden.size();
  rep.est_luts = estimate_luts(net).total;

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
  std::vector<uint64_t> checks = {rep.pattern_checks, rep.pattern_mismatches};
  comm::sum(checks);  // every rank's rows
  rep.pattern_checks = checks[0];
  rep.pattern_mismatches = checks[1];
  rep.float_acc = Accuracy{decided_accuracy(float_scores(fm, qd, n, d), K, ytr),
                           decided_accuracy(float_scores(fm, qtest, test.n_rows, d), K, yte)};
  rep.int_acc = {global_rate(train_ok, n), integer_accuracy(net, test)};
  rep.seconds = seconds_since(t0);
  return net;
}

}  // namespace hv

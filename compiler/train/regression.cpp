// The regressor end to end (see regression.hpp): numeric targets -> standardization -> the
// classifier's quantizer, dictionary, Lasso (fit_layer), ridge refit and output quantization ->
// a task-regression Network whose Target maps the integer score back to y. Beta, when not
// given, is chosen on a validation part of the training rows by validation R^2 (= the lowest
// validation mean squared error). The same checks as the classifier's: the certificate, the
// reconstructed objective, the integer network's hidden patterns against the dictionary.
#include "regression.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <numeric>

#include "cost_model.hpp"
#include "fit_layer.hpp"
#include "memory.hpp"
#include "quantize_inputs.hpp"
#include "reconstruct.hpp"
#include "reference.hpp"
#include "split.hpp"
#include "support/diagnostics.hpp"

namespace hv {

namespace {

RegressionFit fit_of(const std::vector<double>& pred, const std::vector<double>& y) {
  RegressionFit f;
  if (y.empty()) return f;
  const double n = static_cast<double>(y.size());
  const double mean = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sse = 0, sst = 0;
  for (size_t r = 0; r < y.size(); ++r) {
    sse += (pred[r] - y[r]) * (pred[r] - y[r]);
    sst += (y[r] - mean) * (y[r] - mean);
  }
  f.rmse = std::sqrt(sse / n);
  f.r2 = sst > 0 ? 1 - sse / sst : 0;
  return f;
}

std::vector<double> standardized(const std::vector<double>& y, double mean, double sd) {
  std::vector<double> s(y.size());
  for (size_t r = 0; r < y.size(); ++r) s[r] = (y[r] - mean) / sd;
  return s;
}

std::vector<double> as_double(const std::vector<int64_t>& q) { return std::vector<double>(q.begin(), q.end()); }

// R^2 of a float model's (standardized) predictions on quantized rows q against standardized y.
double model_r2(const FloatModel& fm, const std::vector<double>& q, const std::vector<double>& ys, size_t d) {
  return fit_of(float_scores(fm, q, ys.size(), d), ys).r2;
}

// The ridge refit of `sol`'s output layer (refit.hpp) as a float model.
FloatModel refit_model(const Dictionary& dict, const LassoResult& sol, const std::vector<double>& Y,
                       const TrainOptions& opt, RefitResult* out) {
  FloatModel fm = float_model(dict, sol);
  RefitResult r = refit_ridge(dict, sol.support, Y, 1, opt.ridge * static_cast<double>(dict.rows()));
  fm.out = r.W;
  fm.intercept = r.intercept;
  if (out) *out = std::move(r);
  return fm;
}

// Validation mode: the beta path on the fit part of the TRAINING rows, each point's output layer
// (the Lasso's or the ridge refit's, refit "auto": the better on validation) scored by R^2 on the
// validation part; sets `eff` (beta_rel, path_points, refit) for the final fit on all rows.
void select_beta(const Dataset& train, const std::vector<double>& y, const Network& net, double mean, double sd,
                 const TrainOptions& opt, TrainOptions& eff, TrainReport& rep, const Deadline& deadline) {
  auto [fit, val] = split_dataset_by(train, target_strata(y), opt.validation_fraction, opt.dict.seed + 0x7a1);
  if (fit.n_rows < 10 || val.n_rows < 5) {
    rep.notes.push_back("validation: " + std::to_string(train.n_rows) +
                        " training rows are too few to hold out a validation part; beta = beta_rel * beta_max");
    return;
  }
  const size_t d = train.n_features();
  const std::vector<int64_t> qf = quantize_rows(net, fit);
  const std::vector<double> qfd = as_double(qf), qvd = as_double(quantize_rows(net, val));
  const std::vector<double> yf = standardized(regression_targets(fit), mean, sd);
  const std::vector<double> yv = standardized(regression_targets(val), mean, sd);
  Dictionary dict(&qf, fit.n_rows, d, opt.dict.seed);
  generate_dictionary(dict, opt.dict, train.source);
  const double bmax = beta_max(dict, yf, 1);
  const int points = opt.path_points > 0 ? opt.path_points : 14;
  const double ratio = std::pow(opt.beta_min_rel, 1.0 / points);
  const Deadline sel = deadline.share(2);  // half of the time left: the final fit needs the rest
  LassoOptions lo;  // path points only rank betas (the kept one is solved again on all rows to opt.tol)
  lo.tol = std::max(opt.tol, 1e-5);
  lo.max_outer = 100;
  lo.verbose = opt.verbose;
  LassoResult prev;
  bool have_prev = false;
  int best = -1, since_best = 0;
  rep.n_fit = fit.n_rows;
  rep.n_val = val.n_rows;
  rep.selection_beta_max = bmax;
  std::string stop = "the end of the path (beta = " + fmt::format("{:g}", opt.beta_min_rel) + " beta_max)";
  for (int k = 1; k <= points; ++k) {
    auto tp = std::chrono::steady_clock::now();
    lo.beta = bmax * std::pow(ratio, k);
    bool stopped = false;
    LassoResult sol = solve_until(
        [&](const LassoOptions& o, const LassoResult* w) { return solve_group_lasso(dict, yf, 1, o, w); }, lo,
        have_prev ? &prev : nullptr, sel, stopped);
    FloatModel fm = float_model(dict, sol);
    PathPoint p;
    p.beta = lo.beta;
    p.neurons = sol.support.size();
    p.rel_gap = sol.rel_gap();
    p.val = model_r2(fm, qvd, yv, d);
    if (opt.refit != "none") {
      FloatModel ridge = refit_model(dict, sol, yf, opt, nullptr);
      const double v = model_r2(ridge, qvd, yv, d);
      if (opt.refit == "ridge" || v > p.val) {
        p.val = v;
        p.refit = true;
        fm = std::move(ridge);
      }
    }
    p.acc.train = model_r2(fm, qfd, yf, d);
    p.output_bits = opt.output_bits;
    p.luts = estimate_luts(fm.hidden, opt.input_bits, opt.output_bits, 1).total;
    p.in_budget = (opt.max_neurons == 0 || p.neurons <= opt.max_neurons) && (opt.max_luts <= 0 || p.luts <= opt.max_luts);
    p.seconds = seconds_since(tp);
    rep.selection_path.push_back(p);
    if (!p.in_budget) {
      stop = "the budget";
      break;
    }
    if (best < 0 || p.val >= rep.selection_path[static_cast<size_t>(best)].val - 1e-12) {  // ties: the later point
      best = k - 1;
      since_best = 0;
    } else if (++since_best >= 3) {
      stop = "3 points without a better validation R^2";
      break;
    }
    prev = std::move(sol);
    have_prev = true;
    if (2 * p.neurons >= fit.n_rows) {
      stop = "a network of half as many neurons as fit rows";
      break;
    }
    if (stopped || sel.passed()) {
      stop = "the time limit (half of it for the path)";
      break;
    }
  }
  rep.selected = true;
  eff.select = "fixed";
  eff.beta = -1;
  if (best < 0) {  // the first point is over the budget: the final fit's bounded path narrows it
    eff.beta_rel = ratio;
    eff.path_points = 1;
    rep.selected_point = 0;
    rep.selected_beta_rel = ratio;
    rep.selection_reason = "no path point was within the budget; the largest network within it is kept";
    return;
  }
  const PathPoint& b = rep.selection_path[static_cast<size_t>(best)];
  rep.selected_point = static_cast<size_t>(best);
  rep.selected_beta_rel = b.beta / bmax;
  rep.selection_reason = fmt::format("best validation R^2 ({:.4f}, {} neurons on the fit part); the path stopped at {}",
                                     b.val, b.neurons, stop);
  eff.beta_rel = rep.selected_beta_rel;
  eff.path_points = best + 1;
  eff.refit = b.refit ? "ridge" : "none";
}

}  // namespace

std::vector<double> regression_targets(const Dataset& data) {
  std::vector<double> y(data.n_rows);
  for (size_t r = 0; r < data.n_rows; ++r) {
    const std::string& s = data.labels[r];
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), y[r]);
    if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(y[r]))
      fail_at({data.source, r < data.row_line.size() ? data.row_line[r] : 0, 0},
              "the target " + quote(data.label_name) + " is " + quote(s) +
                  ", not a finite number; a regressor predicts numbers (class labels train a classifier)");
  }
  return y;
}

std::vector<std::string> target_strata(const std::vector<double>& y) {
  const size_t n = y.size();
  const size_t bins = std::clamp<size_t>(n / 10, 1, 10);
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return y[a] < y[b]; });
  std::vector<std::string> strata(n);
  for (size_t rank = 0; rank < n; ++rank) strata[order[rank]] = "q" + std::to_string(rank * bins / n);
  return strata;
}

RegressionFit integer_regression_fit(const Network& net, const Dataset& data) {
  if (data.n_rows == 0) return {};
  const std::vector<double> y = regression_targets(data);
  const std::vector<int64_t> q = quantize_rows(net, data);
  const size_t d = data.n_features();
  std::vector<double> pred(data.n_rows);
  for (size_t r = 0; r < data.n_rows; ++r) {
    auto res = ref::run(net, std::span<const int64_t>(q.data() + r * d, d));
    pred[r] = net.targets[0].offset + net.targets[0].step * static_cast<double>(res.scores[0]);
  }
  return fit_of(pred, y);
}

Network train_regression(const Dataset& train, const Dataset& test, const TrainOptions& opt, TrainReport& rep,
                         RegressionReport& reg) {
  auto t0 = std::chrono::steady_clock::now();
  const Deadline deadline = Deadline::after(opt.time_limit);
  if (opt.method != "lasso") fail("a regressor is trained by the lasso method (two layers), not " + opt.method);
  if (opt.loss != "squared") fail("a regressor is trained with the squared loss, not the " + opt.loss + " loss");
  if (opt.depth != 2) fail("the lasso method trains two-layer networks (depth 2), not depth " + std::to_string(opt.depth));
  const std::vector<double> y = regression_targets(train), yt = regression_targets(test);
  const size_t n = train.n_rows, d = train.n_features();
  if (n < 2) fail_at({train.source, 0, 0}, "fewer than 2 training rows");
  reg.mean = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
  double ss = 0;
  for (double v : y) ss += (v - reg.mean) * (v - reg.mean);
  reg.sd = std::sqrt(ss / static_cast<double>(n));
  if (!(reg.sd > 0))
    fail_at({train.source, 0, 0}, "the target " + quote(train.label_name) + " is " + fmt::format("{:g}", y[0]) +
                                      " on every training row; a regressor needs targets that vary");
  Network net;
  net.name = opt.name;
  net.label = train.label_name;
  net.task = Task::regression;
  net.targets = {Target{train.label_name, reg.mean, 1.0}};
  net.input_bits = opt.input_bits;
  net.inputs = fit_quantizer(train, opt.input_bits);
  const std::vector<double> Y = standardized(y, reg.mean, reg.sd), Yt = standardized(yt, reg.mean, reg.sd);
  const std::vector<int64_t> q = quantize_rows(net, train);
  const std::vector<double> qd = as_double(q), qtest = as_double(quantize_rows(net, test));
  rep.n_train = n;
  rep.n_test = test.n_rows;
  rep.formulation = "two-layer Convex-Lasso regression (squared loss on the standardized target)";
  check_training_memory(n, d, 1, opt.dict);

  TrainOptions eff = opt;  // what the final fit on all training rows uses
  if (opt.select == "validation") {
    select_beta(train, y, net, reg.mean, reg.sd, opt, eff, rep, deadline);
    if (!rep.selected) eff.select = "fixed";
  }
  rep.output_bits = eff.output_bits;
  Dictionary dict(&q, n, d, opt.dict.seed);
  generate_dictionary(dict, opt.dict, train.source);
  rep.exact_dictionary = opt.dict.kind == "exact";
  // Path points report R^2 of the standardized target (train, test) in their Accuracy fields.
  auto r2 = [&](const LassoResult& sol) {
    FloatModel fm = float_model(dict, sol);
    return Accuracy{model_r2(fm, qd, Y, d), test.n_rows ? model_r2(fm, qtest, Yt, d) : 0.0};
  };
  std::function<bool(const LassoResult&)> luts_ok;
  if (opt.max_luts > 0)
    luts_ok = [&](const LassoResult& sol) {
      return estimate_luts(float_model(dict, sol).hidden, opt.input_bits, eff.output_bits, 1).total <= opt.max_luts;
    };
  fit_layer(dict, Y, 1, eff, opt.max_neurons, r2, rep, deadline, luts_ok);

  // The non-convex objective of the reconstructed network: 1/2 ||f(Q) - Y||^2 + beta sum_j c_j |w_j|.
  const FloatModel lasso_fm = float_model(dict, rep.lasso);
  const std::vector<double> f_lasso = float_scores(lasso_fm, qd, n, d);
  double obj = 0;
  for (size_t r = 0; r < n; ++r) obj += 0.5 * (f_lasso[r] - Y[r]) * (f_lasso[r] - Y[r]);
  for (size_t j = 0; j < lasso_fm.out.size(); ++j) obj += rep.beta * lasso_fm.cost[j] * std::abs(lasso_fm.out[j][0]);
  rep.reconstructed_objective = obj;
  rep.refit_ran = eff.refit == "ridge";
  const FloatModel fm = rep.refit_ran ? refit_model(dict, rep.lasso, Y, opt, &rep.refit) : lasso_fm;
  // The largest scale whose output weights fit output_bits: the finest integer grid, so the
  // integer scores reproduce the float predictions as closely as those bits allow.
  quantize_model(fm, eff.output_bits, net);
  net.targets[0].step = reg.step = reg.sd / net.score_scale;
  rep.neurons = fm.hidden.size();
  rep.est_luts = estimate_luts(net).total;

  // The integer network: its hidden patterns against the dictionary, its predictions against the
  // float model's (each rounded weight and the bias are off by at most half a score unit).
  std::vector<uint64_t> bits(rep.neurons * dict.words());
  for (size_t s = 0; s < rep.neurons; ++s) dict.column(rep.lasso.support[s], &bits[s * dict.words()]);
  const std::vector<double> f = float_scores(fm, qd, n, d);
  std::vector<double> int_pred(n), float_pred(n);
  std::vector<std::vector<uint8_t>> acts;
  const Target& t = net.targets[0];
  for (size_t r = 0; r < n; ++r) {
    auto res = ref::run(net, std::span<const int64_t>(q.data() + r * d, d), &acts);
    int_pred[r] = t.offset + t.step * static_cast<double>(res.scores[0]);
    float_pred[r] = reg.mean + reg.sd * f[r];
    size_t active = 0;
    for (size_t s = 0; s < rep.neurons; ++s) {
      ++rep.pattern_checks;
      rep.pattern_mismatches += acts[0][s] != ((bits[s * dict.words() + r / 64] >> (r % 64)) & 1u);
      active += acts[0][s];
    }
    reg.max_quantization_error = std::max(reg.max_quantization_error, std::abs(int_pred[r] - float_pred[r]));
    reg.quantization_bound = std::max(reg.quantization_bound, 0.5 * static_cast<double>(active + 1) * t.step);
  }
  reg.float_train = fit_of(float_pred, y);
  reg.int_train = fit_of(int_pred, y);
  reg.has_test = test.n_rows > 0;
  if (reg.has_test) {
    std::vector<double> ft = float_scores(fm, qtest, test.n_rows, d);
    for (double& v : ft) v = reg.mean + reg.sd * v;
    reg.float_test = fit_of(ft, yt);
    reg.int_test = integer_regression_fit(net, test);
  }
  rep.float_acc = {reg.float_train.r2, reg.float_test.r2};
  rep.int_acc = {reg.int_train.r2, reg.int_test.r2};
  rep.seconds = seconds_since(t0);
  return net;
}

std::string regression_lines(const TrainReport& rep, const RegressionReport& reg, const TrainOptions& opt) {
  std::string out;
  if (rep.selected && !rep.selection_path.empty()) {
    out += fmt::format("select:     path on {} of the training rows, scored on the other {} (validation R^2; test rows unused)\n",
                       rep.n_fit, rep.n_val);
    out += fmt::format("            {:>10} {:>8} {:>9} {:>9} {:>6} {:>10} {:>8}\n", "beta/bmax", "neurons", "fit R^2",
                       "valid.R^2", "refit", "rel.gap", "time");
    for (size_t i = 0; i < rep.selection_path.size(); ++i) {
      const auto& p = rep.selection_path[i];
      out += fmt::format("          {} {:>10.4g} {:>8} {:>9.4f} {:>9.4f} {:>6} {:>10.2e} {:>7.2f}s{}\n",
                         i == rep.selected_point ? "->" : "  ", p.beta / rep.selection_beta_max, p.neurons,
                         p.acc.train, p.val, p.refit ? "ridge" : "none", p.rel_gap, p.seconds,
                         p.in_budget ? "" : "  over the budget");
    }
    out += fmt::format("            kept beta = {:.4g} beta_max: {}\n", rep.selected_beta_rel, rep.selection_reason);
    out += fmt::format("            then retrained on all {} training rows at that beta\n", rep.n_train);
  }
  if (!rep.path.empty()) {
    out += fmt::format("path:       {:>10} {:>8} {:>9} {:>9} {:>10} {:>8}\n", "beta", "neurons", "train R^2", "test R^2",
                       "rel.gap", "time");
    for (const auto& p : rep.path)
      out += fmt::format("            {:>10.5g} {:>8} {:>9.4f} {:>9} {:>10.2e} {:>7.2f}s\n", p.beta, p.neurons,
                         p.acc.train, rep.n_test ? fmt::format("{:.4f}", p.acc.test) : "-", p.rel_gap, p.seconds);
  }
  out += fmt::format("target:     y = {:.9g} + {:.9g} * score (the training targets' mean and sd {:.6g} over the score "
                     "scale; output weights {}-bit)\n",
                     reg.mean, reg.step, reg.sd, rep.output_bits > 0 ? rep.output_bits : opt.output_bits);
  auto line = [&](const RegressionFit& tr, const RegressionFit& te) {
    return reg.has_test ? fmt::format("train RMSE {:.6g} R^2 {:.4f}  test RMSE {:.6g} R^2 {:.4f}", tr.rmse, tr.r2, te.rmse, te.r2)
                        : fmt::format("train RMSE {:.6g} R^2 {:.4f}  (no test rows)", tr.rmse, tr.r2);
  };
  out += fmt::format("error:      float   {}   (output weights before quantization)\n", line(reg.float_train, reg.float_test));
  out += fmt::format("            integer {}   (the compiled network)\n", line(reg.int_train, reg.int_test));
  out += fmt::format("            integer vs float prediction: max |difference| {:.6g} on the training rows "
                     "(bound: (active neurons + 1) x step / 2 = {:.6g})\n",
                     reg.max_quantization_error, reg.quantization_bound);
  return out;
}

}  // namespace hv

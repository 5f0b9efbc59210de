// flow/train: one call for every training method, then the pass pipeline (see train.hpp).
#include "flow/train.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <map>

#include "ir/verify.hpp"
#include "support/diagnostics.hpp"
#include "support/mpi_comm.hpp"

namespace hv::flow {

namespace {
template <class E>
std::string name_of(const std::vector<std::pair<std::string, E>>& names, E e) {
  for (const auto& [n, v] : names)
    if (v == e) return n;
  return "?";
}
}  // namespace

const std::vector<std::pair<std::string, Method>>& method_names() {
  static const std::vector<std::pair<std::string, Method>> v = {
      {"lasso", Method::lasso},           {"shattered", Method::shattered},     {"deep-lasso", Method::deep_lasso},
      {"ste-identity", Method::ste_identity}, {"ste-relu", Method::ste_relu}, {"ste-lrelu", Method::ste_lrelu},
      {"ste-crelu", Method::ste_crelu}};
  return v;
}
const std::vector<std::pair<std::string, Loss>>& loss_names() {
  static const std::vector<std::pair<std::string, Loss>> v = {{"squared", Loss::squared}, {"logistic", Loss::logistic}};
  return v;
}
const std::vector<std::pair<std::string, DictionaryKind>>& dictionary_names() {
  static const std::vector<std::pair<std::string, DictionaryKind>> v = {
      {"gaussian", DictionaryKind::gaussian}, {"sparse", DictionaryKind::sparse}, {"exact", DictionaryKind::exact},
      {"comparators", DictionaryKind::comparators}};
  return v;
}
const std::vector<std::pair<std::string, Cost>>& cost_names() {
  static const std::vector<std::pair<std::string, Cost>> v = {{"uniform", Cost::uniform}, {"fan-in", Cost::fan_in}};
  return v;
}
const std::vector<std::pair<std::string, Shatter>>& shatter_names() {
  static const std::vector<std::pair<std::string, Shatter>> v = {{"sorted", Shatter::sorted}, {"random", Shatter::random}};
  return v;
}
const std::vector<std::pair<std::string, Realize>>& realize_names() {
  static const std::vector<std::pair<std::string, Realize>> v = {{"pi", Realize::pi}, {"svm", Realize::svm}};
  return v;
}
const std::vector<std::pair<std::string, Task>>& task_names() {
  static const std::vector<std::pair<std::string, Task>> v = {{"classification", Task::classification},
                                                              {"regression", Task::regression}};
  return v;
}
std::string to_string(Task t) { return name_of(task_names(), t); }
std::string to_string(Method m) { return name_of(method_names(), m); }
std::string to_string(Loss l) { return name_of(loss_names(), l); }
std::string to_string(DictionaryKind k) { return name_of(dictionary_names(), k); }
std::string to_string(Cost c) { return name_of(cost_names(), c); }
std::string to_string(Shatter s) { return name_of(shatter_names(), s); }
std::string to_string(Realize r) { return name_of(realize_names(), r); }

bool is_ste(Method m) {
  return m == Method::ste_identity || m == Method::ste_relu || m == Method::ste_lrelu || m == Method::ste_crelu;
}

TrainOptions convex_options(const TrainSettings& s) {
  TrainOptions o = s.convex;
  o.name = s.name;
  o.method = to_string(s.method);
  o.loss = to_string(s.loss);
  o.dict.kind = to_string(s.dictionary);
  o.dict.fan_in_cost = s.cost == Cost::fan_in;
  o.shatter = to_string(s.shatter);
  o.realize = to_string(s.realize);
  o.depth = s.depth.value_or(s.method == Method::lasso ? 2 : 3);
  o.deep_width = s.width.value_or(0);
  o.dict.weight_bits = s.weight_bits.value_or(8);
  if (s.weight_bits) o.shatter_max_weight_bits = *s.weight_bits;  // a given width is a limit
  o.beta = s.beta.value_or(-1);
  o.input_bits = s.input_bits;
  // A beta, a beta fraction or a path given by the caller is used as is; otherwise beta is chosen
  // on a validation part of the training rows. Given output bits are used as is; otherwise the
  // fewest up to 12 that keep validation accuracy.
  if (s.beta_rel) o.beta_rel = *s.beta_rel;
  if (s.beta || s.beta_rel || o.path_points > 0) o.select = "fixed";
  o.output_bits = s.output_bits.value_or(12);
  if (s.output_bits) o.size_output_bits = false;
  o.time_limit = s.time_limit;
  o.verbose = s.verbose;
  o.dict.seed = s.seed;
  o.colgen_opt.seed = s.seed + 1;
  o.colgen_opt.max_fan_in = o.dict.max_fan_in;
  o.colgen_opt.weight_bits = o.dict.weight_bits;
  o.colgen_opt.fan_in_cost = o.dict.fan_in_cost;
  return o;
}

SteOptions ste_options(const TrainSettings& s) {
  SteOptions o = s.ste;
  o.name = s.name;
  static const std::map<Method, Surrogate> surrogate = {{Method::ste_identity, Surrogate::identity},
                                                        {Method::ste_relu, Surrogate::relu},
                                                        {Method::ste_lrelu, Surrogate::lrelu},
                                                        {Method::ste_crelu, Surrogate::crelu}};
  if (auto it = surrogate.find(s.method); it != surrogate.end()) o.surrogate = it->second;
  o.depth = s.depth.value_or(2);
  o.width = static_cast<int>(s.width.value_or(64));
  o.weight_bits = s.weight_bits.value_or(12);
  o.beta = s.beta.value_or(-1);
  o.input_bits = s.input_bits;
  o.output_bits = s.output_bits.value_or(12);
  o.seed = s.seed;
  o.time_limit = s.time_limit;
  return o;
}

void check_settings(const TrainSettings& s) {
  if (!is_identifier(s.name)) fail("the model name " + quote(s.name) + " is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  if (s.width && *s.width == 0) fail("a hidden width of 0 neurons leaves nothing to train; give at least 1");
  if (s.beta && !(*s.beta > 0)) fail("beta must be positive");
  if (s.time_limit < 0) fail("the time limit must be a positive number of seconds");
  if (!(s.test_fraction >= 0 && s.test_fraction < 1)) fail("the test fraction must lie in [0, 1)");
  if (s.input_bits < 1 || s.input_bits > 16) fail("inputs are quantized to 1..16 bits, not " + std::to_string(s.input_bits));
  if (s.task == Task::regression && s.method != Method::lasso)
    fail("a regressor is trained by the lasso method (two layers), not " + to_string(s.method));
  if (s.task == Task::regression && s.loss != Loss::squared)
    fail("a regressor is trained with the squared loss, not the " + to_string(s.loss) + " loss");
  if (is_ste(s.method) && s.depth && *s.depth != 2 && *s.depth != 3)
    fail("the ste-* methods train 2 or 3 layers, not " + std::to_string(*s.depth));
}

namespace {
// The largest class's share of the rows, over every MPI rank's rows (support/mpi_comm.hpp).
double majority_rate(const Dataset& d, const std::vector<std::string>& classes) {
  std::vector<uint64_t> count(classes.size() + 1, 0);
  for (const auto& l : d.labels) ++count[static_cast<size_t>(std::find(classes.begin(), classes.end(), l) - classes.begin())];
  count.back() = d.n_rows;
  comm::sum(count);
  const uint64_t best = *std::max_element(count.begin(), count.end() - 1);
  return count.back() ? static_cast<double>(best) / static_cast<double>(count.back()) : 0;
}
}  // namespace

TrainResult train(const Dataset& train_set, const Dataset& test_set, const TrainSettings& s) {
  check_settings(s);
  auto t0 = std::chrono::steady_clock::now();
  TrainResult r;
  r.method = s.method;
  Network net;
  if (s.task == Task::regression) {
    if (comm::distributed())
      fail("regression needs every training row in one process; under MPI (" + std::to_string(comm::size()) +
           " ranks) training is the squared-loss Lasso classifier over the gaussian dictionary");
    net = train_regression(train_set, test_set, convex_options(s), r.convex, r.regression);
    r.float_acc = r.convex.float_acc;
    r.int_acc = r.convex.int_acc;
    r.stopped_at_time_limit = r.convex.stopped_at_time_limit;
  } else if (is_ste(s.method)) {
    if (comm::distributed())
      fail("the ste-* methods need every training row in one process; under MPI (" + std::to_string(comm::size()) +
           " ranks) training is the squared-loss Lasso over the gaussian dictionary");
    net = train_ste(train_set, test_set, ste_options(s), r.ste);
    r.float_acc = r.ste.float_acc;
    r.int_acc = r.ste.int_acc;
    r.stopped_at_time_limit = r.ste.stopped_at_time_limit;
  } else {
    net = train_network(train_set, test_set, convex_options(s), r.convex);
    r.float_acc = r.convex.float_acc;
    r.int_acc = r.convex.int_acc;
    r.stopped_at_time_limit = r.convex.stopped_at_time_limit;
  }
  r.net = run_pipeline(net, r.passes);
  // A neuron budget is a bound, not a wish: a network over it is an error, never a silent excess.
  size_t neurons = 0;
  for (const auto& l : r.net.hidden) neurons += static_cast<size_t>(l.n_out);
  if (!is_ste(s.method) && s.convex.max_neurons > 0 && neurons > s.convex.max_neurons)
    fail_at({train_set.source, 0, 0},
            fmt::format("no network on the beta path has at most {} neuron{}: the smallest found has {} (the first "
                        "beta below beta_max already activates them together); allow more neurons",
                        s.convex.max_neurons, s.convex.max_neurons == 1 ? "" : "s", neurons));
  r.n_train = comm::sum(static_cast<uint64_t>(train_set.n_rows));  // every rank's rows
  r.n_test = comm::sum(static_cast<uint64_t>(test_set.n_rows));
  r.n_features = train_set.n_features();
  r.n_classes = r.net.classes.size();
  r.chance = std::max(majority_rate(train_set, r.net.classes), r.n_classes ? 1.0 / static_cast<double>(r.n_classes) : 0.0);
  if (s.task == Task::regression) {
    r.chance = 0;
    if (r.regression.int_train.r2 <= 1e-12)
      r.warnings.push_back(fmt::format("the training R^2 {:.4f} is at or below 0 (the mean's): this network has learned "
                                       "nothing from its inputs",
                                       r.regression.int_train.r2));
  } else if (r.int_acc.train <= r.chance + 1e-12)
    r.warnings.push_back(fmt::format(
        "the training accuracy {:.2f}% is at or below chance ({:.2f}%: the majority class, or 1/{} classes); "
        "this network has learned nothing from its inputs",
        100 * r.int_acc.train, 100 * r.chance, r.n_classes));
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

namespace {
std::string pct(double v) { return fmt::format("{:.2f}%", 100.0 * v); }

std::string accuracy_lines(const TrainResult& r, const char* float_note) {
  auto line = [&](const Accuracy& a) {
    return r.n_test ? fmt::format("train {}  test {}", pct(a.train), pct(a.test))
                    : fmt::format("train {}  (no test rows)", pct(a.train));
  };
  return fmt::format("accuracy:   float   {}   ({})\n            integer {}   (the compiled network)\n",
                     line(r.float_acc), float_note, line(r.int_acc));
}

std::string convex_lines(const TrainResult& r, const TrainSettings& s) {
  const TrainReport& rep = r.convex;
  const TrainOptions opt = convex_options(s);
  std::string out;
  if (s.method == Method::shattered) {
    out += fmt::format("solve:      closed form, beta {:.6g} (beta_max {:.6g}): exact optimum, duality gap 0\n",
                       rep.beta, rep.beta_max);
  } else {
    out += fmt::format("dictionary: {}, {} candidate patterns -> {} distinct ({} duplicate, {} constant){}\n",
                       rep.dictionary_kind.empty() ? opt.dict.kind : rep.dictionary_kind, rep.dict.candidates,
                       rep.patterns, rep.dict.duplicates, rep.dict.constant,
                       rep.exact_dictionary ? "; every arrangement pattern of the quantized inputs" : "");
    if (rep.selected) {
      out += fmt::format("select:     path on {} of the training rows, scored on the other {} (validation; test rows unused)\n",
                         rep.n_fit, rep.n_val);
      out += fmt::format("            {:>10} {:>8} {:>9} {:>9} {:>6} {:>8} {:>10} {:>8}\n", "beta/bmax", "neurons", "fit",
                         "valid.", "refit", "LUT est", "rel.gap", "time");
      for (size_t i = 0; i < rep.selection_path.size(); ++i) {
        const auto& p = rep.selection_path[i];
        out += fmt::format("          {} {:>10.4g} {:>8} {:>9} {:>9} {:>6} {:>8.0f} {:>10.2e} {:>7.2f}s{}\n",
                           i == rep.selected_point ? "->" : "  ", p.beta / rep.selection_beta_max, p.neurons,
                           pct(p.acc.train), pct(p.val), p.refit ? "ridge" : "none", p.luts, p.rel_gap, p.seconds,
                           p.in_budget ? "" : "  over the budget");
      }
      out += fmt::format("            kept beta = {:.4g} beta_max: {}\n", rep.selected_beta_rel, rep.selection_reason);
      if (!rep.output_bits_tried.empty()) {
        std::string t;
        for (const auto& [b, a] : rep.output_bits_tried) t += fmt::format(" {}:{}", b, pct(a));
        out += fmt::format("            output bits (validation accuracy):{} -> {} bits\n", t, rep.output_bits);
      }
      out += fmt::format("            then retrained on all {} training rows at that beta\n", rep.n_train);
    }
    if (!rep.path.empty()) {
      out += fmt::format("path:       {:>10} {:>8} {:>9} {:>9} {:>10} {:>8}\n", "beta", "neurons", "train", "test",
                         "rel.gap", "time");
      for (const auto& p : rep.path)
        out += fmt::format("            {:>10.5g} {:>8} {:>9} {:>9} {:>10.2e} {:>7.2f}s\n", p.beta, p.neurons,
                           pct(p.acc.train), r.n_test ? pct(p.acc.test) : "-", p.rel_gap, p.seconds);
    }
    const double obj = rep.lasso.primal;
    out += fmt::format(
        "solve:      {} loss, beta {:.6g} (beta_max {:.6g}), duality gap {:.3e} = {:.3e} of the objective "
        "({:.3e} of P(0), the loss with no neurons), {} iterations, {} screened, {}\n",
        opt.loss, rep.beta, rep.beta_max, rep.lasso.gap, obj > 0 ? rep.lasso.gap / obj : rep.lasso.gap,
        rep.lasso.rel_gap(), rep.lasso.outer_iterations, rep.lasso.screened,
        rep.lasso.converged ? "converged"
                            : (rep.stopped_at_time_limit ? "stopped at the time limit" : "NOT converged"));
    if (rep.stopped_at_time_limit && !rep.lasso.converged)
      out += fmt::format(
          "time limit: stopped at the {:.6g} s limit before the gap reached {:.3g} of P(0); the network is kept, "
          "certified within {:.3e} of its objective ({:.3e} of P(0)) of the optimum over this dictionary\n",
          opt.time_limit, opt.tol, obj > 0 ? rep.lasso.gap / obj : rep.lasso.gap, rep.lasso.rel_gap());
  }
  if (rep.refit_ran)
    out += fmt::format(
        "refit:      output layer refit on the {} kept neurons (ridge, lambda {:.4g}): duality gap {:.3e} "
        "({:.3e} of its objective, {:.3e} of P(0)) - the Lasso's certificate is for which neurons, this one for "
        "their weights\n",
        rep.neurons, rep.refit.lambda, rep.refit.gap, rep.refit.gap_over_objective(), rep.refit.rel_gap());
  if (rep.colgen_ran)
    out += fmt::format(
        "colgen:     {} rounds{}, {} directions examined ({} re-priced before stopping), {} columns added; "
        "max violation {:.4f} x beta; certified gap over all examined {:.3e} ({:.3e} of P(0))\n",
        rep.colgen.rounds, rep.colgen.stopped_at_time_limit ? " (stopped at the time limit)" : "", rep.colgen.examined,
        rep.colgen.repriced, rep.colgen.added_columns, rep.colgen.max_score,
        rep.colgen.gap_examined, rep.lasso.p0 > 0 ? rep.colgen.gap_examined / rep.lasso.p0 : rep.colgen.gap_examined);
  out += fmt::format("formulation: {}\n", rep.formulation);
  for (const auto& note : rep.notes) out += fmt::format("            {}\n", note);
  if (rep.exact_dictionary)
    out += "certificate: global over every threshold network of any width on the quantized inputs "
           "(exact enumeration of their patterns; the raw, unquantized inputs can have more)\n";
  out += fmt::format("objective:  convex {:.9g}, reconstructed network {:.9g}\n", rep.lasso.primal,
                     rep.reconstructed_objective);
  return out;
}

std::string shape_of(const TrainResult& r) {
  std::string shape = std::to_string(r.n_features) + " inputs";
  for (const auto& l : r.net.hidden) shape += " -> " + std::to_string(l.n_out);
  return shape;
}
}  // namespace

std::string ste_trace_csv(const SteReport& r) {
  std::string s = "iteration,seconds,objective,lr\n";
  for (const auto& t : r.trace) s += fmt::format("{},{:.6f},{:.9g},{:.6g}\n", t.iteration, t.seconds, t.objective, t.lr);
  return s;
}

std::string train_summary(const TrainResult& r, const TrainSettings& s, const std::string& data_path) {
  std::string out =
      s.task == Task::regression
          ? fmt::format("data:       {}: {} train rows, {} test rows, {} features, regression of {}\n", data_path,
                        r.n_train, r.n_test, r.n_features, quote(r.net.label))
          : fmt::format("data:       {}: {} train rows, {} test rows, {} features, {} classes\n", data_path, r.n_train,
                        r.n_test, r.n_features, r.n_classes);
  if (s.task == Task::regression) {
    TrainResult shown = r;  // the classifier's lines without its accuracy tables (R^2 below)
    shown.convex.selected = false;
    shown.convex.path.clear();
    out += convex_lines(shown, s);
    out += regression_lines(r.convex, r.regression, convex_options(s));
    out += fmt::format("network:    {} threshold neurons -> {} score(s); estimated {:.0f} xc7 LUTs\n", shape_of(r),
                       r.net.output.n_out, r.convex.est_luts);
    out += fmt::format("patterns:   {} of {} hidden activations on the training set differ from the dictionary\n",
                       r.convex.pattern_mismatches, r.convex.pattern_checks);
  } else if (is_ste(s.method)) {
    const SteOptions opt = ste_options(s);
    out += fmt::format("sgd:        ste-{}, {} layers, {} iterations{}, lr {:.6g} -> {:.6g} ({} halvings), beta {:.6g}\n",
                       surrogate_name(opt.surrogate), opt.depth, r.ste.trace.empty() ? 0 : r.ste.trace.back().iteration,
                       r.ste.stopped_at_time_limit ? fmt::format(" (stopped at the {:.6g} s time limit)", opt.time_limit)
                                                   : std::string(),
                       opt.lr, r.ste.final_lr, r.ste.halvings, r.ste.beta);
    out += fmt::format("objective:  float network {:.9g}, integer network {:.9g}\n", r.ste.float_objective,
                       r.ste.integer_objective);
    out += fmt::format("network:    {} threshold neurons -> {} score(s); weights {}-bit / {}-bit (after the passes)\n",
                       shape_of(r), r.net.output.n_out, opt.weight_bits, opt.output_bits);
    out += fmt::format("patterns:   {} of {} hidden activations on the training set change through integerization\n",
                       r.ste.pattern_changes, r.ste.pattern_checks);
    out += accuracy_lines(r, "the SGD network");
  } else {
    out += convex_lines(r, s);
    out += fmt::format("network:    {} threshold neurons -> {} score(s); output weights {}-bit; estimated {:.0f} xc7 LUTs\n",
                       shape_of(r), r.net.output.n_out, r.convex.output_bits > 0 ? r.convex.output_bits : s.output_bits.value_or(12),
                       r.convex.est_luts);
    out += fmt::format("patterns:   {} of {} hidden activations on the training set differ from the dictionary\n",
                       r.convex.pattern_mismatches, r.convex.pattern_checks);
    out += accuracy_lines(r, "output weights before quantization");
  }
  for (const auto& w : r.warnings) out += "WARNING:    " + w + "\n";
  out += fmt::format("time:       {:.2f} s\n", r.seconds);
  for (const auto& l : r.passes.lines) out += fmt::format("pass:       {}\n", l);
  return out;
}

}  // namespace hv::flow

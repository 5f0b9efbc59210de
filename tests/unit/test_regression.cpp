// The regressor (issue 14) below the CLI: the IR's task and targets in the model file (printed
// form, round trip, hash, the checks of verify_network and the parser), and the trainer
// (train/regression.cpp through flow::train) on a small synthetic problem: the certificate, the
// integer predictions within the quantization bound of the float ones, the error messages.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cmath>
#include <functional>

#include "flow/flow.hpp"
#include "frontend/hnet_parse.hpp"
#include "ir/hash.hpp"
#include "ir/print.hpp"
#include "ir/verify.hpp"
#include "reference.hpp"
#include "support/cli.hpp"
#include "support/diagnostics.hpp"
#include "train/quantize_inputs.hpp"

using namespace hv;

namespace {

Network regressor() {
  Network net;
  net.name = "reg";
  net.label = "price";
  net.task = Task::regression;
  net.targets = {{"price", 12.5, 0.125}};
  net.input_bits = 4;
  net.inputs = {{"a", 0.0, 1.0}, {"b", -1.5, 0.25}};
  net.hidden.push_back({2, 2, {1, -2, 3, 0}, {-4, 5}});
  net.output = {2, 1, {7, -7}, {1}};
  net.score_scale = 2.0;
  return net;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.what();
  }
  return "(no error)";
}

// y = 3 + 2 sin(2 x0) + x1^2 on a grid: smooth, so a few dozen threshold neurons fit it well.
Dataset synthetic(size_t n, uint64_t salt) {
  Dataset d;
  d.source = "synthetic.csv";
  d.feature_names = {"x0", "x1"};
  d.label_name = "y";
  d.n_rows = n;
  for (size_t r = 0; r < n; ++r) {
    const double x0 = std::fmod(0.37 * static_cast<double>(r + salt), 3.0);
    const double x1 = std::fmod(0.61 * static_cast<double>(r * 7 + salt), 2.0) - 1.0;
    d.x.insert(d.x.end(), {x0, x1});
    d.labels.push_back(fmt::format("{}", 3 + 2 * std::sin(2 * x0) + x1 * x1));
    d.row_line.push_back(static_cast<int>(r) + 2);
  }
  return d;
}

flow::TrainSettings regression_settings() {
  flow::TrainSettings s;
  s.task = Task::regression;
  s.name = "reg";
  s.convex.dict.directions = 300;
  return s;
}

}  // namespace

TEST_CASE("regression IR: the printed form has a task line and one target line per score", "[regression]") {
  const std::string text = print_network(regressor());
  CHECK(text.find("\nlabel \"price\"\ntask regression\ntarget \"price\" offset 12.5 step 0.125\ninput_bits 4\n") !=
        std::string::npos);
  CHECK(text.find("classes") == std::string::npos);
  CHECK(print_network(Network{}).find("task") == std::string::npos);  // classifiers print as before
}

TEST_CASE("regression IR: print/parse round trip, one and two targets", "[regression]") {
  Network net = regressor();
  CHECK(parse_hnet(print_network(net), "m.hnet") == net);
  net.targets.push_back({"cost", -1e-300, 3.0e7});
  net.output = {2, 2, {7, -7, 1, 2}, {1, -1}};
  CHECK(parse_hnet(print_network(net), "m.hnet") == net);
}

TEST_CASE("regression IR: the hash covers the task and the targets", "[regression]") {
  Network a = regressor(), b = regressor();
  b.targets[0].step = 0.25;
  CHECK(network_hash(a) != network_hash(b));
  Network c = regressor();
  c.task = Task::classification;
  c.targets.clear();
  c.classes = {"0", "1"};
  CHECK(network_hash(a) != network_hash(c));
}

TEST_CASE("regression IR: model file errors", "[regression]") {
  const std::string good = print_network(regressor());
  auto with = [&](const std::string& from, const std::string& to) {
    std::string t = good;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  CHECK(error_of([&] { parse_hnet(with("task regression", "task regresion"), "m.hnet"); }) ==
        "m.hnet:5:6: error: expected 'classification' or 'regression', found 'regresion'");
  CHECK(error_of([&] { parse_hnet(with("step 0.125", "step 0"), "m.hnet"); }) ==
        "m.hnet: error: invalid model: target 'price' has a non-finite offset or a step that is not positive");
  CHECK(error_of([&] { parse_hnet(with("target \"price\" offset 12.5 step 0.125\n", ""), "m.hnet"); }) ==
        "m.hnet: error: invalid model: the regressor has no target");
  CHECK(error_of([&] {
          parse_hnet(with("target \"price\" offset 12.5 step 0.125", "target \"price\" offset 12.5 step 0.125\n"
                                                                     "target \"tax\" offset 0 step 1"),
                     "m.hnet");
        }) == "m.hnet: error: invalid model: the output layer has 1 scores for 2 targets, expected one score per target");
  CHECK(error_of([&] { parse_hnet(with("task regression", "task regression\nclasses \"a\" \"b\""), "m.hnet"); })
            .find("expected 'input_bits', found 'classes'") != std::string::npos);
}

TEST_CASE("regression training: certified, and the integer network reproduces the float one", "[regression]") {
  const Dataset train = synthetic(240, 0), test = synthetic(80, 1000);
  const flow::TrainSettings s = regression_settings();
  flow::TrainResult r = flow::train(train, test, s);
  const Network& net = r.net;
  REQUIRE(net.regression());
  REQUIRE(net.targets.size() == 1);
  CHECK(net.classes.empty());
  CHECK(net.targets[0].name == "y");
  CHECK_NOTHROW(verify_network(net, "trained"));
  CHECK(parse_hnet(print_network(net), "m.hnet") == net);
  // The certificate: the Lasso solved to its tolerance; the reconstruction exact.
  CHECK(r.convex.lasso.converged);
  CHECK(r.convex.lasso.rel_gap() <= 1e-5);
  CHECK(r.convex.pattern_mismatches == 0);
  CHECK(std::abs(r.convex.reconstructed_objective - r.convex.lasso.primal) <= 1e-6 * std::max(1.0, r.convex.lasso.primal));
  // It learned the function, and the integer network is as good as the float one within the
  // quantization error, which is within its bound.
  const RegressionReport& g = r.regression;
  CHECK(g.float_test.r2 > 0.8);
  CHECK(g.int_test.r2 > 0.8);
  CHECK(std::abs(g.int_test.rmse - g.float_test.rmse) <= g.quantization_bound);
  CHECK(g.max_quantization_error <= g.quantization_bound + 1e-12);
  CHECK(g.quantization_bound < 0.05 * g.sd);
  // y = offset + step * score on every row, with the reference interpreter's score.
  const auto q = quantize_rows(net, test);
  double sse = 0;
  for (size_t i = 0; i < test.n_rows; ++i) {
    auto res = ref::run(net, std::span<const int64_t>(q.data() + i * 2, 2));
    const double pred = net.targets[0].offset + net.targets[0].step * static_cast<double>(res.scores[0]);
    const double y = std::stod(test.labels[i]);
    sse += (pred - y) * (pred - y);
  }
  CHECK(std::sqrt(sse / static_cast<double>(test.n_rows)) == Approx(g.int_test.rmse).epsilon(1e-12));
  // The summary speaks of RMSE and R^2, not accuracy.
  const std::string summary = flow::train_summary(r, s, "synthetic.csv");
  CHECK(summary.find("regression of 'y'") != std::string::npos);
  CHECK(summary.find("integer train RMSE") != std::string::npos);
  CHECK(summary.find("duality gap") != std::string::npos);
  CHECK(summary.find("accuracy") == std::string::npos);
  // JSON.
  const auto j = flow::to_json(r, s, "synthetic.csv");
  CHECK(j["task"] == "regression");
  CHECK(j["regression"]["integer"]["test"]["rmse"].get<double>() == g.int_test.rmse);
}

TEST_CASE("regression training: a given beta and output bits are used as given", "[regression]") {
  const Dataset train = synthetic(120, 3), test;
  flow::TrainSettings s = regression_settings();
  s.beta_rel = 0.05;
  s.output_bits = 6;
  flow::TrainResult r = flow::train(train, test, s);
  CHECK_FALSE(r.convex.selected);
  CHECK(r.convex.beta == Approx(0.05 * r.convex.beta_max));
  for (int64_t w : r.net.output.weights) CHECK(std::abs(w) <= 31);
  CHECK(r.regression.max_quantization_error <= r.regression.quantization_bound + 1e-12);
}

TEST_CASE("regression training: error messages", "[regression]") {
  Dataset bad = synthetic(40, 0);
  bad.labels[5] = "cheap";
  CHECK(error_of([&] { flow::train(bad, Dataset{}, regression_settings()); }) ==
        "synthetic.csv:7: error: the target 'y' is 'cheap', not a finite number; a regressor predicts numbers "
        "(class labels train a classifier)");
  Dataset flat = synthetic(40, 0);
  for (auto& l : flat.labels) l = "2.5";
  CHECK(error_of([&] { flow::train(flat, Dataset{}, regression_settings()); }) ==
        "synthetic.csv: error: the target 'y' is 2.5 on every training row; a regressor needs targets that vary");
  flow::TrainSettings s = regression_settings();
  s.method = flow::Method::shattered;
  CHECK(error_of([&] { flow::train(synthetic(40, 0), Dataset{}, s); }) ==
        "error: a regressor is trained by the lasso method (two layers), not shattered");
  s = regression_settings();
  s.loss = flow::Loss::logistic;
  CHECK(error_of([&] { flow::train(synthetic(40, 0), Dataset{}, s); }) ==
        "error: a regressor is trained with the squared loss, not the logistic loss");
}

TEST_CASE("regression data: a numeric label column is split by target quantile, and text is an error at its line",
          "[regression]") {
  const auto dir = hvtest::scratch("regression_load");
  std::string text = "x,y\n";
  for (int i = 0; i < 40; ++i) text += fmt::format("{},{}\n", i, 0.5 * i);
  hvtest::write(dir / "d.csv", text);
  flow::TrainTest tt = flow::load_train_test({(dir / "d.csv").string()}, std::nullopt, 0.25, 1, true);
  // 4 quantile bins of 10 rows (y 0..4.5, 5..9.5, ...), round(0.25 * 10) = 3 test rows from each.
  CHECK(tt.train.n_rows == 28);
  REQUIRE(tt.test.n_rows == 12);
  int per_bin[4] = {0, 0, 0, 0};
  for (const auto& l : tt.test.labels) ++per_bin[static_cast<int>(std::stod(l) / 5)];
  CHECK(per_bin[0] == 3);
  CHECK(per_bin[1] == 3);
  CHECK(per_bin[2] == 3);
  CHECK(per_bin[3] == 3);
  hvtest::write(dir / "bad.csv", "x,y\n1,2\n2,n/a\n");
  CHECK(error_of([&] { flow::load_train_test({(dir / "bad.csv").string()}, std::nullopt, 0.25, 1, true); }) ==
        (dir / "bad.csv").string() +
            ":3: error: the target 'y' is 'n/a', not a finite number; a regressor predicts numbers (class labels "
            "train a classifier)");
}

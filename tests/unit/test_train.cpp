// The trainer on the bundled datasets: certificate reached, the reconstructed network's
// non-convex objective equal to the convex optimum, the integer network reproducing every hidden
// pattern of the dictionary, sensible accuracy, determinism; multi-class through the group Lasso.
#include <catch2/catch.hpp>
#include <cmath>
#include <span>

#include "frontend/csv.hpp"
#include "ir/print.hpp"
#include "ir/verify.hpp"
#include "support/cli.hpp"
#include "reference.hpp"
#include "train/quantize_inputs.hpp"
#include "train/split.hpp"
#include "train/train.hpp"

namespace {

struct Trained {
  hv::Network net;
  hv::TrainReport rep;
};

Trained train_on(const std::string& rel, double beta_rel, size_t directions = 1000) {
  hv::Dataset all = hv::read_csv(hvtest::source(rel), {});
  auto [tr, te] = hv::split_dataset(all, 0.25, 1);
  hv::TrainOptions opt;
  opt.select = "fixed";
  opt.beta_rel = beta_rel;
  opt.dict.directions = directions;
  Trained t;
  t.net = hv::train_network(tr, te, opt, t.rep);
  return t;
}

}  // namespace

TEST_CASE("train: binary breast cancer is certified and reconstructed exactly", "[train]") {
  for (double beta_rel : {0.3, 0.05, 0.01}) {
    Trained t = train_on("examples/breast_cancer/breast_cancer.csv", beta_rel);
    INFO("beta_rel " << beta_rel);
    REQUIRE(t.rep.lasso.converged);
    CHECK(t.rep.lasso.rel_gap() <= 1e-6);
    CHECK(std::abs(t.rep.reconstructed_objective - t.rep.lasso.primal) <= 1e-9 * t.rep.lasso.primal);
    CHECK(t.rep.pattern_mismatches == 0);
    CHECK(t.rep.pattern_checks == t.rep.n_train * t.rep.neurons);
    CHECK(t.rep.int_acc.test >= 0.9);
    CHECK(std::abs(t.rep.int_acc.train - t.rep.float_acc.train) <= 0.02);
    CHECK(t.net.hidden.size() == 1);
    CHECK(static_cast<size_t>(t.net.hidden[0].n_out) == t.rep.neurons);
    CHECK_NOTHROW(hv::verify_network(t.net, "trained"));
  }
}

TEST_CASE("train: accuracies are the reference's; sparse directions reconstruct exactly", "[train]") {
  // The trainer takes the training accuracy from the same reference pass as its pattern check,
  // and evaluates sparse directions over their non-zero weights only: both must agree with the
  // plain definitions.
  for (const char* kind : {"gaussian", "sparse"})
    for (const char* rel : {"examples/breast_cancer/breast_cancer.csv", "examples/wine/wine.csv"}) {
      INFO(kind << " " << rel);
      hv::Dataset all = hv::read_csv(hvtest::source(rel), {});
      auto [tr, te] = hv::split_dataset(all, 0.25, 1);
      hv::TrainOptions opt;
      opt.dict.kind = kind;
      opt.dict.directions = 200;
      opt.select = "fixed";  // the given beta_rel, not a validation choice
      opt.beta_rel = 0.1;
      hv::TrainReport rep;
      hv::Network net = hv::train_network(tr, te, opt, rep);
      CHECK(rep.int_acc.train == hv::integer_accuracy(net, tr));
      CHECK(rep.int_acc.test == hv::integer_accuracy(net, te));
      CHECK(rep.pattern_mismatches == 0);
      CHECK(rep.pattern_checks == rep.n_train * rep.neurons);
      CHECK(std::abs(rep.reconstructed_objective - rep.lasso.primal) <= 1e-9 * rep.lasso.primal);
      // ref::run's optional activations are activations()'s, and do not change the result.
      const size_t d = te.n_features();
      auto q = hv::quantize_rows(net, te);
      for (size_t r = 0; r < te.n_rows; ++r) {
        std::span<const int64_t> row(q.data() + r * d, d);
        std::vector<std::vector<uint8_t>> acts;
        auto with = hv::ref::run(net, row, &acts);
        CHECK(acts == hv::ref::activations(net, row));
        CHECK(with.scores == hv::ref::run(net, row).scores);
      }
    }
}

TEST_CASE("train: smaller beta never fits worse", "[train]") {
  Trained a = train_on("examples/breast_cancer/breast_cancer.csv", 0.2);
  Trained b = train_on("examples/breast_cancer/breast_cancer.csv", 0.02);
  CHECK(b.rep.neurons > a.rep.neurons);
  CHECK(b.rep.float_acc.train >= a.rep.float_acc.train);
}

TEST_CASE("train: multi-class uses one shared hidden layer (group Lasso)", "[train]") {
  Trained t = train_on("examples/wine/wine.csv", 0.05);
  REQUIRE(t.rep.lasso.converged);
  CHECK(t.net.classes == std::vector<std::string>{"class_0", "class_1", "class_2"});
  CHECK(t.net.output.n_out == 3);
  CHECK(t.rep.pattern_mismatches == 0);
  CHECK(std::abs(t.rep.reconstructed_objective - t.rep.lasso.primal) <= 1e-9 * t.rep.lasso.primal);
  CHECK(t.rep.int_acc.test >= 0.85);
}

TEST_CASE("train: deterministic for a seed", "[train]") {
  Trained a = train_on("examples/iris/iris.csv", 0.05, 300);
  Trained b = train_on("examples/iris/iris.csv", 0.05, 300);
  CHECK(hv::print_network(a.net) == hv::print_network(b.net));
}

TEST_CASE("train: numeric labels are ordered numerically", "[train]") {
  hv::Dataset d = hv::parse_csv("x,y\n1,10\n2,9\n3,10\n4,2\n", "n.csv", {});
  CHECK(hv::class_labels(d, nullptr) == std::vector<std::string>{"2", "9", "10"});
}

TEST_CASE("split: stratified and complete", "[train]") {
  hv::Dataset all = hv::read_csv(hvtest::source("examples/iris/iris.csv"), {});
  auto [tr, te] = hv::split_dataset(all, 0.2, 7);
  CHECK(tr.n_rows + te.n_rows == all.n_rows);
  CHECK(te.n_rows == 30);
  for (const char* c : {"setosa", "versicolor", "virginica"})
    CHECK(std::count(te.labels.begin(), te.labels.end(), c) == 10);
}

// The straight-through-estimator baselines (train/ste.hpp): SGD lowers the objective for every
// surrogate at depth 2 and 3; the integer network agrees with the float network and the reported
// count of changed hidden activations is exactly what the reference interpreter shows; the result
// is a valid IR; every user-facing error of `train --method ste-*` is checked.
#include <catch2/catch.hpp>
#include <cmath>
#include <span>

#include "frontend/csv.hpp"
#include "ir/verify.hpp"
#include "reference.hpp"
#include "support/cli.hpp"
#include "support/diagnostics.hpp"
#include "train/quantize_inputs.hpp"
#include "train/split.hpp"
#include "train/ste.hpp"

namespace {

struct Run {
  hv::Network net;
  hv::SteReport rep;
};

Run ste_on(const std::string& rel, hv::Surrogate s, int depth, int iterations = 150) {
  hv::Dataset all = hv::read_csv(hvtest::source(rel), {});
  auto [tr, te] = hv::split_dataset(all, 0.25, 1);
  hv::SteOptions opt;
  opt.surrogate = s;
  opt.depth = depth;
  opt.width = 16;
  opt.iterations = iterations;
  opt.lr = 0.05;
  Run r;
  r.net = hv::train_ste(tr, te, opt, r.rep);
  return r;
}

size_t total_hidden(const hv::Network& net) {
  size_t t = 0;
  for (const auto& h : net.hidden) t += static_cast<size_t>(h.n_out);
  return t;
}

// Hidden activations (all layers) on which two networks of the same shape differ, training rows.
size_t differing_activations(const hv::Network& a, const hv::Network& b, const hv::Dataset& data) {
  auto q = hv::quantize_rows(a, data);
  const size_t d = data.n_features();
  size_t diff = 0;
  for (size_t r = 0; r < data.n_rows; ++r) {
    std::span<const int64_t> row(q.data() + r * d, d);
    auto x = hv::ref::activations(a, row), y = hv::ref::activations(b, row);
    for (size_t l = 0; l < x.size(); ++l)
      for (size_t j = 0; j < x[l].size(); ++j) diff += x[l][j] != y[l][j];
  }
  return diff;
}

}  // namespace

TEST_CASE("ste: every surrogate lowers the objective, at depth 2 and 3", "[ste]") {
  for (auto s : {hv::Surrogate::identity, hv::Surrogate::relu, hv::Surrogate::lrelu, hv::Surrogate::crelu}) {
    for (int depth : {2, 3}) {
      INFO(hv::surrogate_name(s) << " depth " << depth);
      Run r = ste_on("examples/iris/iris.csv", s, depth);
      REQUIRE(r.rep.trace.size() == 151);
      CHECK(r.rep.trace.back().objective < r.rep.trace.front().objective);
      CHECK(r.net.hidden.size() == static_cast<size_t>(depth - 1));
      CHECK(r.rep.pattern_checks == r.rep.n_train * total_hidden(r.net));
      CHECK_NOTHROW(hv::verify_network(r.net, "ste"));
    }
  }
}

TEST_CASE("ste: the float objective is the trace's last point", "[ste]") {
  Run r = ste_on("examples/breast_cancer/breast_cancer.csv", hv::Surrogate::relu, 2, 100);
  CHECK(r.rep.float_objective == Approx(r.rep.trace.back().objective).epsilon(1e-12));
  CHECK(r.rep.float_acc.train > 0.85);
}

TEST_CASE("ste: integerization keeps the hidden patterns and predictions", "[ste]") {
  Run r = ste_on("examples/breast_cancer/breast_cancer.csv", hv::Surrogate::relu, 3, 100);
  // 12-bit layers: few activations change, and the accounting covers every neuron of every layer.
  CHECK(r.rep.pattern_checks == r.rep.n_train * 32);
  CHECK(r.rep.pattern_changes <= r.rep.pattern_checks / 100);
  CHECK(std::abs(r.rep.int_acc.train - r.rep.float_acc.train) <= 0.02);
  // With no changed activation the integer objective differs from the float one only by the
  // float32 rounding of the scores; with changes it is recomputed from the IR's bits.
  if (r.rep.pattern_changes == 0)
    CHECK(r.rep.integer_objective == Approx(r.rep.float_objective).epsilon(1e-5));
}

TEST_CASE("ste: the count of changed activations is exact", "[ste]") {
  // A 30-bit integerization reproduces the float network's bits (its count is 0); a 3-bit one of
  // the same SGD run differs from it on exactly the activations it reports as changed.
  hv::Dataset all = hv::read_csv(hvtest::source("examples/breast_cancer/breast_cancer.csv"), {});
  auto [tr, te] = hv::split_dataset(all, 0.25, 1);
  hv::SteOptions opt;
  opt.surrogate = hv::Surrogate::relu;
  opt.depth = 3;
  opt.width = 16;
  opt.iterations = 100;
  opt.lr = 0.05;
  opt.weight_bits = 30;
  hv::SteReport fine, coarse;
  hv::Network exact = hv::train_ste(tr, te, opt, fine);
  REQUIRE(fine.pattern_changes == 0);
  opt.weight_bits = 3;
  hv::Network net = hv::train_ste(tr, te, opt, coarse);
  CHECK(coarse.float_objective == fine.float_objective);
  CHECK(coarse.pattern_changes > 0);
  CHECK(differing_activations(exact, net, tr) == coarse.pattern_changes);
  CHECK(coarse.integer_objective != coarse.float_objective);
  CHECK_NOTHROW(hv::verify_network(net, "coarse"));
}

TEST_CASE("ste: surrogate derivatives", "[ste]") {
  using hv::Surrogate;
  CHECK(hv::surrogate_grad(Surrogate::identity, -5) == 1.0);
  CHECK(hv::surrogate_grad(Surrogate::relu, 0.0) == 0.0);
  CHECK(hv::surrogate_grad(Surrogate::relu, 0.5) == 1.0);
  CHECK(hv::surrogate_grad(Surrogate::lrelu, -1) == 0.01);
  CHECK(hv::surrogate_grad(Surrogate::lrelu, 2) == 1.0);
  CHECK(hv::surrogate_grad(Surrogate::crelu, 0.5) == 1.0);
  CHECK(hv::surrogate_grad(Surrogate::crelu, 1.0) == 0.0);
  CHECK(hv::surrogate_grad(Surrogate::crelu, -0.5) == 0.0);
  CHECK(hv::surrogate_from_method("ste-lrelu") == Surrogate::lrelu);
}

TEST_CASE("ste: deterministic for a seed", "[ste]") {
  Run a = ste_on("examples/iris/iris.csv", hv::Surrogate::crelu, 3, 50);
  Run b = ste_on("examples/iris/iris.csv", hv::Surrogate::crelu, 3, 50);
  CHECK(a.net == b.net);
}

TEST_CASE("ste: user errors", "[ste]") {
  CHECK_THROWS_WITH(hv::surrogate_from_method("ste-tanh"),
                    "error: the training method is 'ste-tanh', expected ste-identity, ste-relu, ste-lrelu or ste-crelu");
  hv::Dataset d = hv::parse_csv("x,y\n1,a\n2,a\n", "one.csv", {});
  hv::SteReport rep;
  CHECK_THROWS_WITH(hv::train_ste(d, d, {}, rep),
                    "one.csv: error: the label column 'y' has a single class 'a'; at least 2 are needed");
  hv::SteOptions deep;
  deep.depth = 4;
  CHECK_THROWS_WITH(hv::train_ste(d, d, deep, rep), "error: the depth is 4 layers; the ste-* methods train 2 or 3");
}

TEST_CASE("ste: the CLI trains, traces and writes a model that compiles", "[ste][cli]") {
  auto dir = hvtest::scratch("ste_cli");
  const std::string data = hvtest::source("examples/iris/iris.csv").string();
  auto r = hvtest::heaviside("train " + data + " --method ste-lrelu --depth 3 --width 8 --iterations 20 -o " +
                             (dir / "m.hnet").string() + " --trace " + (dir / "t.csv").string());
  REQUIRE(r.code == 0);
  CHECK(r.out.find("objective:  float network ") != std::string::npos);
  CHECK(r.out.find("network:    4 inputs -> ") != std::string::npos);
  CHECK(r.out.find(" threshold neurons -> 3 score(s)") != std::string::npos);
  CHECK(hvtest::slurp(dir / "t.csv").rfind("iteration,seconds,objective,lr\n0,", 0) == 0);
  auto c = hvtest::heaviside("compile " + (dir / "m.hnet").string() + " -o " + (dir / "out").string());
  CHECK(c.code == 0);
}

TEST_CASE("ste: CLI user errors", "[ste][cli]") {
  const std::string train = "train " + hvtest::source("examples/iris/iris.csv").string() + " --method ste-relu ";
  auto expect = [](const std::string& args, const std::string& msg) {
    auto r = hvtest::heaviside(args);
    INFO(args);
    CHECK(r.code == 1);
    CHECK(r.out == msg + "\n");
  };
  expect(train + "--lr 0", "error: option --lr must be positive");
  expect(train + "--beta -1", "error: option --beta must be positive");
  expect(train + "--depth 4", "error: option --depth is 4, expected 2..3");
  expect(train + "--test-fraction 1", "error: option --test-fraction must be in [0, 1)");
  expect(train + "--name 9x", "error: option --name '9x' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  expect(train + "--directions 9", "error: option --directions does not apply to --method ste-relu (it is an option of "
                                   "the convex methods: lasso, shattered, deep-lasso)");
  expect("train x.csv --method=ste-sign", "error: option --method is 'ste-sign', expected lasso, shattered, deep-lasso, "
                                          "ste-identity, ste-relu, ste-lrelu or ste-crelu");
  auto dir = hvtest::scratch("ste_errors");
  hvtest::write(dir / "a.csv", "x,y\n1,a\n2,b\n");
  hvtest::write(dir / "b.csv", "z,y\n1,a\n");
  hvtest::write(dir / "one.csv", "x,y\n1,a\n");
  expect("train " + (dir / "a.csv").string() + " --method ste-relu --test " + (dir / "b.csv").string(),
         (dir / "b.csv").string() + ":1: error: the test file's columns differ from the training file's");
  expect("train " + (dir / "one.csv").string() + " --method ste-relu --test " + (dir / "a.csv").string(),
         (dir / "one.csv").string() + ": error: fewer than 2 training rows");
}

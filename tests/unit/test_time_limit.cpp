// --time-limit: the convex solve runs one warm-started outer iteration at a time and stops at the
// first that ends after the deadline (its inner solver returns at the deadline), keeping that
// iteration's exit certificate. The stopped result must be a valid certificate (its primal is the
// objective of what it returns, its dual a lower bound on the optimum), the rounds must add up to the solver's iteration limit, and the
// network built from a stopped solve must still reproduce its objective exactly. Also: the
// logistic solver certifies what it returns when its iteration limit stops it.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <random>
#include <thread>

#include "frontend/csv.hpp"
#include "support/cli.hpp"
#include "train/generators.hpp"
#include "train/logistic.hpp"
#include "train/split.hpp"
#include "support/random_q.hpp"
#include "train/fit_layer.hpp"
#include "train/train.hpp"

namespace {

using hvtest::random_q;

std::vector<double> random_signs(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> y(n);
  for (auto& v : y) v = rng() & 1 ? 1.0 : -1.0;
  return y;
}

// f = H W + b over the dictionary's columns (K = 1).
std::vector<double> scores(const hv::Dictionary& D, const hv::LassoResult& r) {
  std::vector<double> f(D.rows(), r.intercept.empty() ? 0.0 : r.intercept[0]);
  std::vector<uint64_t> bits(D.words());
  for (size_t s = 0; s < r.support.size(); ++s) {
    D.column(r.support[s], bits.data());
    for (size_t i = 0; i < D.rows(); ++i)
      if ((bits[i / 64] >> (i % 64)) & 1u) f[i] += r.W[s][0];
  }
  return f;
}

double squared_objective(const hv::Dictionary& D, const std::vector<double>& y, const hv::LassoResult& r) {
  auto f = scores(D, r);
  double loss = 0, pen = 0;
  for (size_t i = 0; i < y.size(); ++i) loss += 0.5 * (f[i] - y[i]) * (f[i] - y[i]);
  for (size_t s = 0; s < r.support.size(); ++s) pen += D.cost(r.support[s]) * std::abs(r.W[s][0]);
  return loss + r.beta * pen;
}

// A problem that needs several outer iterations: many sparse columns, a small beta, a tight tol.
struct Problem {
  std::vector<int64_t> q;
  hv::Dictionary D;
  std::vector<double> y;
  hv::LassoOptions lo;
  explicit Problem(uint64_t seed) : q(random_q(120, 3, seed, 255)), D(&q, 120, 3) {
    hv::GeneratorOptions g;
    g.kind = "sparse";
    g.directions = 8;
    g.max_fan_in = 2;
    g.weight_bits = 4;
    hv::generate_dictionary(D, g, "t");
    y = random_signs(120, seed + 7);
    lo.beta = 0.02 * hv::beta_max(D, y, 1);
    lo.tol = 1e-10;
  }
  hv::LassoResult solve(const hv::LassoOptions& o, const hv::LassoResult* warm) const {
    return hv::solve_group_lasso(D, y, 1, o, warm);
  }
};

}  // namespace

TEST_CASE("time limit: a solve past its deadline stops with a valid certificate", "[time-limit]") {
  const Problem p(5);
  hv::LassoResult full = p.solve(p.lo, nullptr);
  REQUIRE(full.converged);
  REQUIRE(full.outer_iterations > 2);

  bool stopped = false;
  auto solver = [&](const hv::LassoOptions& o, const hv::LassoResult* w) { return p.solve(o, w); };
  hv::LassoResult r = hv::solve_until(solver, p.lo, nullptr, hv::Deadline::after(1e-9), stopped);
  CHECK(stopped);
  CHECK_FALSE(r.converged);
  CHECK(r.outer_iterations == 1);  // a solve that starts after the deadline runs one outer iteration
  CHECK(r.rel_gap() > p.lo.tol);
  CHECK(r.gap == Approx(r.primal - r.dual).margin(1e-12));
  // The certificate brackets the optimum, and its primal is the objective of the returned W.
  CHECK(r.primal >= full.primal * (1 - 1e-12));
  CHECK(r.dual <= full.primal * (1 + 1e-12));
  CHECK(r.primal == Approx(squared_objective(p.D, p.y, r)).epsilon(1e-10));
}

TEST_CASE("time limit: the deadline reaches the inner solver", "[time-limit]") {
  // An outer iteration's coordinate descent can run for minutes on a large working set; it must
  // return at the deadline, not finish its tolerance first.
  std::vector<std::chrono::steady_clock::time_point> seen;
  auto solver = [&](const hv::LassoOptions& o, const hv::LassoResult*) {
    seen.push_back(o.inner_stop_at);
    hv::LassoResult r;
    r.outer_iterations = 1;
    r.converged = true;
    return r;
  };
  bool stopped = false;
  hv::Deadline d = hv::Deadline::after(100);
  hv::solve_until(solver, hv::LassoOptions{}, nullptr, d, stopped);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] == d.at);
  seen.clear();
  hv::solve_until(solver, hv::LassoOptions{}, nullptr, hv::Deadline{}, stopped);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] == std::chrono::steady_clock::time_point::max());  // no deadline: no stop time
}

TEST_CASE("time limit: with no deadline or time to spare the solve is the plain one", "[time-limit]") {
  const Problem p(6);
  hv::LassoResult full = p.solve(p.lo, nullptr);
  auto solver = [&](const hv::LassoOptions& o, const hv::LassoResult* w) { return p.solve(o, w); };
  bool stopped = true;
  hv::LassoResult none = hv::solve_until(solver, p.lo, nullptr, hv::Deadline{}, stopped);
  CHECK_FALSE(stopped);
  CHECK(none.support == full.support);
  CHECK(none.primal == full.primal);

  hv::LassoResult rounds = hv::solve_until(solver, p.lo, nullptr, hv::Deadline::after(1e6), stopped);
  CHECK_FALSE(stopped);
  REQUIRE(rounds.converged);
  CHECK(rounds.primal == Approx(full.primal).epsilon(1e-10));
  CHECK(rounds.primal - full.primal <= 2 * p.lo.tol * rounds.p0);
}

TEST_CASE("time limit: rounds resume from the last result and respect the iteration limit", "[time-limit]") {
  // A stand-in solver: never converges, counts the iterations it is given, checks the warm start.
  std::vector<int> rounds;
  std::vector<bool> warm_seen;
  auto solver = [&](const hv::LassoOptions& o, const hv::LassoResult* w) {
    rounds.push_back(o.max_outer);
    warm_seen.push_back(w != nullptr);
    hv::LassoResult r;
    r.outer_iterations = o.max_outer;
    r.converged = false;
    return r;
  };
  hv::LassoOptions lo;
  lo.max_outer = 20;
  bool stopped = true;
  hv::LassoResult r = hv::solve_until(solver, lo, nullptr, hv::Deadline::after(1e6), stopped);
  CHECK_FALSE(stopped);  // the iteration limit ended it, not the clock
  CHECK(r.outer_iterations == 20);
  CHECK(rounds == std::vector<int>(20, 1));  // one outer iteration per round
  std::vector<bool> warm_expected(20, true);
  warm_expected[0] = false;
  CHECK(warm_seen == warm_expected);

  // Past the deadline after the first round: one round only, reported as stopped.
  rounds.clear();
  warm_seen.clear();
  hv::LassoResult warm;
  hv::LassoResult s = hv::solve_until(solver, lo, &warm, hv::Deadline::after(1e-9), stopped);
  CHECK(stopped);
  CHECK(s.outer_iterations == 1);
  CHECK(warm_seen == std::vector<bool>{true});
}

TEST_CASE("time limit: a deadline shares its time left", "[time-limit]") {
  hv::Deadline none;
  CHECK_FALSE(none.passed());
  CHECK(std::isinf(none.seconds_left()));
  CHECK_FALSE(none.share(3).set);
  CHECK_FALSE(hv::Deadline::after(0).set);
  hv::Deadline d = hv::Deadline::after(100);
  CHECK(d.seconds_left() > 99);
  CHECK(d.seconds_left() <= 100);
  hv::Deadline half = d.share(2);
  CHECK(half.seconds_left() > 49);
  CHECK(half.seconds_left() <= 50);
  CHECK(hv::Deadline::after(1e300).seconds_left() > 1e8);  // no overflow
  hv::Deadline gone = hv::Deadline::after(1e-9);
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  CHECK(gone.passed());
  CHECK(gone.share(4).passed());
}

TEST_CASE("time limit: the networks of stopped solves reproduce their objective", "[time-limit]") {
  hv::Dataset all = hv::read_csv(hvtest::source("examples/breast_cancer/breast_cancer.csv"), {});
  auto [tr, te] = hv::split_dataset(all, 0.25, 1);
  for (const char* method : {"lasso", "deep-lasso"}) {
    INFO(method);
    hv::TrainOptions opt;
    opt.method = method;
    opt.depth = std::string(method) == "lasso" ? 2 : 3;
    opt.select = "fixed";  // the given beta_rel, not a validation choice
    opt.beta_rel = 0.01;
    opt.tol = 1e-12;
    opt.dict.directions = 300;
    opt.time_limit = 1e-9;
    hv::TrainReport rep;
    hv::Network net = hv::train_network(tr, te, opt, rep);
    CHECK(rep.stopped_at_time_limit);
    CHECK_FALSE(rep.lasso.converged);
    CHECK(rep.lasso.rel_gap() > opt.tol);
    CHECK(rep.pattern_mismatches == 0);
    CHECK(rep.reconstructed_objective == Approx(rep.lasso.primal).epsilon(1e-9));
    if (std::string(method) == "deep-lasso") {
      size_t marked = 0;
      for (const auto& note : rep.notes) marked += note.find("(stopped at the time limit)") != std::string::npos;
      CHECK(marked == 2);
    }
  }
}

TEST_CASE("logistic: a solve stopped by its iteration limit certifies what it returns", "[time-limit][solvers]") {
  auto q = random_q(200, 3, 4, 255);
  hv::Dictionary D(&q, 200, 3);
  hv::GeneratorOptions g;
  g.kind = "sparse";
  g.directions = 30;
  g.max_fan_in = 2;
  g.weight_bits = 4;
  hv::generate_dictionary(D, g, "t");
  auto y = random_signs(200, 11);
  hv::LassoOptions o;
  o.beta = 0.02 * hv::logistic_beta_max(D, y);
  o.tol = 1e-12;
  o.max_outer = 1;
  hv::LassoResult r = hv::solve_logistic(D, y, o);
  REQUIRE_FALSE(r.converged);
  REQUIRE_FALSE(r.support.empty());
  auto f = scores(D, r);
  double obj = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    double t = -y[i] * f[i];
    obj += t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t));
  }
  for (size_t s = 0; s < r.support.size(); ++s) obj += o.beta * D.cost(r.support[s]) * std::abs(r.W[s][0]);
  CHECK(r.primal == Approx(obj).epsilon(1e-10));
  CHECK(r.gap == Approx(r.primal - r.dual).margin(1e-12));
}

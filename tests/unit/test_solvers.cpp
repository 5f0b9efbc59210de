// Logistic loss against a dense proximal-gradient reference; column generation's certificate is
// valid (in 1-D every direction prices every threshold, so "everything examined" is everything);
// shattered data is fit exactly at small beta; the path respects --max-neurons.
#include <Eigen/Dense>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "frontend/csv.hpp"
#include "support/cli.hpp"
#include "train/colgen.hpp"
#include "train/generators.hpp"
#include "train/logistic.hpp"
#include "train/split.hpp"
#include "support/random_q.hpp"
#include "train/train.hpp"

namespace {

using hvtest::random_q;

std::vector<double> random_signs(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> y(n);
  for (auto& v : y) v = rng() & 1 ? 1.0 : -1.0;
  return y;
}

double log1pexp(double t) { return t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t)); }

// Dense ISTA with an unpenalized intercept, many iterations: slow and obviously right.
double logistic_reference(const hv::Dictionary& D, const std::vector<double>& y, double beta) {
  const size_t n = D.rows(), P = D.cols();
  Eigen::MatrixXd A(n, P);
  std::vector<uint64_t> bits(D.words());
  for (size_t j = 0; j < P; ++j) {
    D.column(j, bits.data());
    for (size_t i = 0; i < n; ++i) A(i, j) = (bits[i / 64] >> (i % 64)) & 1u;
  }
  Eigen::VectorXd w = Eigen::VectorXd::Zero(P), Y = Eigen::Map<const Eigen::VectorXd>(y.data(), n);
  double b = 0, L = 0.25 * (A.squaredNorm() + n);
  auto objective = [&](const Eigen::VectorXd& ww, double bb) {
    Eigen::VectorXd f = A * ww;
    double s = 0;
    for (size_t i = 0; i < n; ++i) s += log1pexp(-Y(i) * (f(i) + bb));
    return s + beta * ww.lpNorm<1>();
  };
  for (int it = 0; it < 200000; ++it) {
    Eigen::VectorXd f = A * w, g(n);
    for (size_t i = 0; i < n; ++i) g(i) = -Y(i) / (1 + std::exp(Y(i) * (f(i) + b)));
    Eigen::VectorXd z = w - A.transpose() * g / L;
    b -= g.sum() / L;
    for (size_t j = 0; j < P; ++j) w(j) = std::abs(z(j)) > beta / L ? z(j) - std::copysign(beta / L, z(j)) : 0.0;
  }
  return objective(w, b);
}

}  // namespace

TEST_CASE("logistic: matches a dense reference and certifies its gap", "[solvers]") {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    auto q = random_q(60, 3, seed, 15);
    hv::Dictionary D(&q, 60, 3);
    hv::GeneratorOptions g;
    g.kind = "sparse";
    g.directions = 4;
    g.max_fan_in = 2;
    g.weight_bits = 3;
    hv::generate_dictionary(D, g, "t");
    auto y = random_signs(60, seed + 10);
    double beta = 0.3 * hv::logistic_beta_max(D, y);
    hv::LassoOptions o;
    o.beta = beta;
    o.tol = 1e-10;
    auto r = hv::solve_logistic(D, y, o);
    REQUIRE(r.converged);
    CHECK(r.primal - r.dual == Approx(r.gap).margin(1e-12));
    double ref = logistic_reference(D, y, beta);
    CHECK(r.primal <= ref * (1 + 1e-8));
    CHECK(r.primal >= ref * (1 - 1e-6));
  }
}

TEST_CASE("colgen: in 1-D its certificate is global and matches exact enumeration", "[solvers]") {
  auto q = random_q(80, 1, 9, 255);
  std::vector<double> y = random_signs(80, 11);
  double beta = 2.0;
  hv::LassoOptions o;
  o.beta = beta;
  o.tol = 1e-10;
  o.ws_min = 10;
  hv::Dictionary exact(&q, 80, 1);
  hv::GeneratorOptions g;
  g.kind = "exact";
  hv::generate_dictionary(exact, g, "t");
  double pstar = hv::solve_group_lasso(exact, y, 1, o).primal;

  hv::Dictionary D(&q, 80, 1);  // start from a few explicit thresholds only
  std::vector<uint64_t> bits(D.words());
  for (int64_t t : {40, 120, 200}) {
    hv::IntNeuron nr{{1}, -t};
    D.neuron_bits(nr, bits.data());
    D.add_column(bits.data(), nr);
  }
  auto start = hv::solve_group_lasso(D, y, 1, o);
  CHECK(start.primal > pstar * (1 + 1e-6));
  hv::ColgenOptions co;
  co.candidates = 4;
  co.max_fan_in = 1;
  hv::ColgenReport rep;
  auto fin = hv::column_generation(D, y, 1, start, co, [&](const hv::LassoResult& w) { return hv::solve_group_lasso(D, y, 1, o, &w); }, rep);
  CHECK(fin.primal == Approx(pstar).epsilon(1e-8));
  CHECK(fin.primal - pstar <= rep.gap_examined + 1e-9);
  CHECK(rep.max_score <= 1 + 1e-6);
}

TEST_CASE("shattered data is fit exactly at small beta", "[solvers]") {
  // Sorted projections on one feature with distinct values give a triangular basis of rank n:
  // every labelling is realizable, and the Lasso fits it as beta -> 0.
  const size_t n = 40;
  std::vector<int64_t> q(n * 3);
  std::mt19937_64 rng(5);
  for (size_t i = 0; i < n; ++i) {
    q[i * 3] = static_cast<int64_t>(i * 6);  // distinct
    q[i * 3 + 1] = static_cast<int64_t>(rng() % 50);
    q[i * 3 + 2] = static_cast<int64_t>(rng() % 50);
  }
  auto y = random_signs(n, 6);
  hv::Dictionary D(&q, n, 3);
  D.add_direction({1, 0, 0});
  hv::LassoOptions o;
  o.beta = 1e-3;
  o.tol = 1e-9;
  auto r = hv::solve_group_lasso(D, y, 1, o);
  REQUIRE(r.converged);
  std::vector<double> f(n, r.intercept[0]);
  std::vector<uint64_t> bits(D.words());
  for (size_t s = 0; s < r.support.size(); ++s) {
    D.column(r.support[s], bits.data());
    for (size_t i = 0; i < n; ++i)
      if ((bits[i / 64] >> (i % 64)) & 1u) f[i] += r.W[s][0];
  }
  for (size_t i = 0; i < n; ++i) CHECK((f[i] >= 0 ? 1.0 : -1.0) == y[i]);
}

TEST_CASE("train: --max-neurons keeps the last path network within the budget", "[solvers]") {
  hv::Dataset all = hv::read_csv(hvtest::source("examples/breast_cancer/breast_cancer.csv"), {});
  auto [tr, te] = hv::split_dataset(all, 0.25, 1);
  hv::TrainOptions opt;
  opt.dict.directions = 500;
  opt.select = "fixed";  // the given beta_rel, not a validation choice
  opt.max_neurons = 6;
  opt.beta_rel = 0.01;
  hv::TrainReport rep;
  hv::Network net = hv::train_network(tr, te, opt, rep);
  CHECK(rep.neurons <= 6);
  CHECK(rep.neurons >= 3);
  CHECK(rep.path.size() >= 2);
  CHECK(rep.lasso.converged);
  CHECK(rep.pattern_mismatches == 0);
}

TEST_CASE("train: logistic and sparse dictionaries reconstruct exactly", "[solvers]") {
  hv::Dataset all = hv::read_csv(hvtest::source("examples/breast_cancer/breast_cancer.csv"), {});
  auto [tr, te] = hv::split_dataset(all, 0.25, 1);
  for (const char* loss : {"squared", "logistic"}) {
    hv::TrainOptions opt;
    opt.select = "fixed";  // beta_rel 0.05
    opt.loss = loss;
    opt.dict.kind = "sparse";
    opt.dict.directions = 100;
    opt.dict.fan_in_cost = true;
    hv::TrainReport rep;
    hv::train_network(tr, te, opt, rep);
    INFO(loss);
    CHECK(rep.lasso.converged);
    CHECK(rep.pattern_mismatches == 0);
    CHECK(std::abs(rep.reconstructed_objective - rep.lasso.primal) <= 1e-9 * rep.lasso.primal);
    CHECK(rep.int_acc.test >= 0.9);
  }
}

// Issue 12's solvers: the multinomial logistic loss (hand-computed loss, beta_max and dual point;
// a dense proximal-gradient reference; the certificate), the warm-started path (same optima as
// independent solves), the logistic solver's intercept under hostile warm starts (issue 13's
// divergence), and determinism of the parallel kernels across OpenMP thread counts (the same
// dictionary and the same solution for 1, 2 and 3 threads).
#include <Eigen/Dense>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <omp.h>
#include <random>

#include "frontend/csv.hpp"
#include "support/cli.hpp"
#include "train/dictionary.hpp"
#include "train/generators.hpp"
#include "train/lasso.hpp"
#include "train/logistic.hpp"
#include "train/multinomial.hpp"
#include "train/split.hpp"
#include "support/random_q.hpp"
#include "train/train.hpp"

namespace {

using hvtest::random_q;

// One-hot +-1 targets of random classes 0..K-1 (every class present).
std::vector<double> random_onehot(size_t n, size_t K, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> Y(n * K, -1.0);
  for (size_t i = 0; i < n; ++i) Y[i * K + (i < K ? i : rng() % K)] = 1.0;
  return Y;
}

Eigen::MatrixXd dense(const hv::Dictionary& D) {
  Eigen::MatrixXd A(D.rows(), D.cols());
  std::vector<uint64_t> bits(D.words());
  for (size_t j = 0; j < D.cols(); ++j) {
    D.column(j, bits.data());
    for (size_t i = 0; i < D.rows(); ++i) A(static_cast<long>(i), static_cast<long>(j)) = (bits[i / 64] >> (i % 64)) & 1u;
  }
  return A;
}

// Dense proximal gradient on the softmax loss with group penalty and free intercepts, many
// iterations (step 1/L, L = ||[A 1]||^2 / 2 bounds the curvature): slow and obviously right.
double multinomial_reference(const hv::Dictionary& D, const std::vector<double>& Y, size_t K, double beta) {
  const long n = static_cast<long>(D.rows()), P = static_cast<long>(D.cols()), k = static_cast<long>(K);
  Eigen::MatrixXd A = dense(D), W = Eigen::MatrixXd::Zero(P, k), Yoh = Eigen::MatrixXd::Zero(n, k);
  Eigen::RowVectorXd b = Eigen::RowVectorXd::Zero(k);
  for (long i = 0; i < n; ++i) {
    long c = 0;
    for (long j = 1; j < k; ++j)
      if (Y[static_cast<size_t>(i * k + j)] > Y[static_cast<size_t>(i * k + c)]) c = j;
    Yoh(i, c) = 1;
  }
  Eigen::MatrixXd A1(n, P + 1);
  A1 << A, Eigen::VectorXd::Ones(n);
  const double L = 0.5 * A1.operatorNorm() * A1.operatorNorm();
  auto probs = [&](const Eigen::MatrixXd& F) {
    Eigen::MatrixXd Pm(n, k);
    for (long i = 0; i < n; ++i) {
      Eigen::RowVectorXd e = (F.row(i).array() - F.row(i).maxCoeff()).exp();
      Pm.row(i) = e / e.sum();
    }
    return Pm;
  };
  auto objective = [&]() {
    Eigen::MatrixXd F = (A * W).rowwise() + b;
    double s = 0;
    for (long i = 0; i < n; ++i) {
      const double mx = F.row(i).maxCoeff();
      s += mx + std::log((F.row(i).array() - mx).exp().sum()) - (F.row(i).array() * Yoh.row(i).array()).sum();
    }
    for (long j = 0; j < P; ++j) s += beta * W.row(j).norm();
    return s;
  };
  // FISTA with restart on objective increase.
  Eigen::MatrixXd Wy = W, Wprev = W;
  Eigen::RowVectorXd by = b, bprev = b;
  double t = 1, last = objective();
  for (int it = 0; it < 30000; ++it) {
    Eigen::MatrixXd G = probs((A * Wy).rowwise() + by) - Yoh;
    Eigen::MatrixXd Z = Wy - A.transpose() * G / L;
    Eigen::RowVectorXd bz = by - G.colwise().sum() / L;
    for (long j = 0; j < P; ++j) {
      const double zn = Z.row(j).norm(), thr = beta / L;
      W.row(j) = zn > thr ? Eigen::RowVectorXd(Z.row(j) * (1 - thr / zn)) : Eigen::RowVectorXd::Zero(k);
    }
    b = bz;
    const double cur = objective();
    if (cur > last) {  // restart
      t = 1;
      Wy = W;
      by = b;
    } else {
      const double tn = 0.5 * (1 + std::sqrt(1 + 4 * t * t));
      Wy = W + (t - 1) / tn * (W - Wprev);
      by = b + (t - 1) / tn * (b - bprev);
      t = tn;
    }
    last = cur;
    Wprev = W;
    bprev = b;
  }
  return objective();
}

hv::Dictionary gaussian_dictionary(const std::vector<int64_t>& q, size_t n, size_t d, size_t directions, uint64_t seed) {
  hv::Dictionary D(&q, n, d, seed);
  hv::GeneratorOptions g;
  g.directions = directions;
  g.seed = seed;
  hv::generate_dictionary(D, g, "test");
  return D;
}

}  // namespace

TEST_CASE("multinomial: loss, beta_max and the empty model's certificate by hand", "[multinomial]") {
  // 3 rows, one per class, one column h = (1, 1, 0).
  const std::vector<int64_t> none;
  hv::Dictionary D(&none, 3, 0);
  const uint64_t h = 0b011;
  D.add_column_unchecked(&h, {}, 1.0);
  const std::vector<double> Y = {1, -1, -1, -1, 1, -1, -1, -1, 1};
  // Scores f = 0: each row's loss is log 3.
  CHECK(hv::multinomial_loss(std::vector<double>(9, 0.0), Y, 3) == Approx(3 * std::log(3.0)).epsilon(1e-15));
  // Scores (2, 0, 0) on row 0 (its class): lse - 2 = log(e^2 + 2) - 2.
  CHECK(hv::multinomial_loss({2, 0, 0, 0, 0, 0, 0, 0, 0}, Y, 3) ==
        Approx(std::log(std::exp(2.0) + 2) - 2 + 2 * std::log(3.0)).epsilon(1e-15));
  // At W = 0 the intercepts give uniform probabilities; U0 = Yoh - 1/3; h^T U0 = (1/3, 1/3, -2/3).
  CHECK(hv::multinomial_beta_max(D, Y, 3) == Approx(std::sqrt(6.0) / 3).epsilon(1e-14));
  hv::LassoOptions o;
  o.beta = 1.0;  // >= beta_max = 0.816: the empty model is optimal
  o.tol = 1e-12;
  hv::LassoResult r = hv::solve_multinomial(D, Y, 3, o);
  REQUIRE(r.converged);
  CHECK(r.support.empty());
  CHECK(r.p0 == Approx(3 * std::log(3.0)).epsilon(1e-14));
  CHECK(r.primal == Approx(r.p0).epsilon(1e-12));
  // The dual point Yoh - 1/3 is feasible as it is (||h^T U|| = 0.816 <= beta): no scaling, and
  // D(U) = entropy of the rows of Yoh - U = 1/3 each = 3 log 3 = P(0): gap 0.
  for (size_t i = 0; i < 3; ++i)
    for (size_t k = 0; k < 3; ++k) CHECK(r.dual_point[i * 3 + k] == Approx((i == k ? 1.0 : 0.0) - 1.0 / 3).epsilon(1e-12));
  CHECK(r.dual == Approx(3 * std::log(3.0)).epsilon(1e-12));
  CHECK(r.gap <= 1e-12);
  // Just below beta_max the column enters.
  o.beta = 0.8;
  CHECK(hv::solve_multinomial(D, Y, 3, o).support.size() == 1);
}

TEST_CASE("multinomial: matches a dense proximal-gradient reference and certifies its gap", "[multinomial]") {
  for (uint64_t seed = 1; seed <= 2; ++seed) {
    const size_t n = 40, d = 2, K = 3;
    auto q = random_q(n, d, seed, 20);
    hv::Dictionary D = gaussian_dictionary(q, n, d, 12, seed);
    auto Y = random_onehot(n, K, seed + 5);
    const double beta = 0.2 * hv::multinomial_beta_max(D, Y, K);
    hv::LassoOptions o;
    o.beta = beta;
    o.tol = 1e-11;
    hv::LassoResult r = hv::solve_multinomial(D, Y, K, o);
    REQUIRE(r.converged);
    CHECK(r.gap >= 0);
    CHECK(r.primal - r.dual == Approx(r.gap).margin(1e-12));
    CHECK(r.support.size() > 0);
    const double ref = multinomial_reference(D, Y, K, beta);
    INFO("ours " << r.primal << " reference " << ref);
    CHECK(r.dual <= ref + 1e-9 * ref);  // the certificate brackets the optimum
    CHECK(std::abs(r.primal - ref) <= 1e-8 * ref);
    // Dual feasibility over every column: ||h_j^T U|| <= beta c_j; rows of Yoh - U on the simplex.
    std::vector<double> g(D.cols() * K);
    D.correlate(r.dual_point.data(), K, g.data(), nullptr);
    for (size_t j = 0; j < D.cols(); ++j) {
      double s = 0;
      for (size_t k = 0; k < K; ++k) s += g[j * K + k] * g[j * K + k];
      CHECK(std::sqrt(s) <= beta * D.cost(j) * (1 + 1e-12));
    }
    for (size_t k = 0; k < K; ++k) {
      double col = 0;
      for (size_t i = 0; i < n; ++i) col += r.dual_point[i * K + k];
      CHECK(std::abs(col) <= 1e-12);
    }
  }
}

TEST_CASE("solve_path: one certified result per beta, the optima of independent solves", "[lasso][path]") {
  const size_t n = 200, d = 3, K = 4;
  auto q = random_q(n, d, 9, 255);
  hv::Dictionary D = gaussian_dictionary(q, n, d, 300, 9);
  auto Y = random_onehot(n, K, 10);
  const double bmax = hv::beta_max(D, Y, K);
  const std::vector<double> betas = hv::geometric_betas(bmax, 1e-2 * bmax, 6);
  REQUIRE(betas.size() == 6);
  CHECK(betas.back() == 1e-2 * bmax);
  CHECK(betas[0] < bmax);
  hv::LassoOptions o;
  o.tol = 1e-9;
  auto path = hv::solve_path(D, Y, K, betas, o);
  REQUIRE(path.size() == betas.size());
  for (size_t t = 0; t < betas.size(); ++t) {
    REQUIRE(path[t].converged);
    CHECK(path[t].beta == betas[t]);
    hv::LassoOptions one = o;
    one.beta = betas[t];
    const double alone = hv::solve_group_lasso(D, Y, K, one).primal;
    CHECK(std::abs(path[t].primal - alone) <= 1e-8 * alone);
    if (t > 0) CHECK(path[t].support.size() >= path[t - 1].support.size() / 2);
  }
  // keep_going stops the path at the result it refuses.
  int seen = 0;
  auto cut = hv::solve_path(D, Y, K, betas, o, [&](const hv::LassoResult&) { return ++seen < 3; });
  CHECK(cut.size() == 3);
}

TEST_CASE("logistic: a warm start far from the optimum never makes the solver diverge", "[solvers][logistic]") {
  // Issue 13: the time-limited solve restarts the solver every outer iteration from the last
  // result; the intercept was refitted from the empty model's by plain Newton steps, which overshoot
  // when every sigmoid saturates, and the gap ran to infinity. Two overlapping blobs in 2-D.
  const size_t n = 300, d = 2;
  std::mt19937_64 rng(4);
  std::normal_distribution<double> N;
  std::vector<int64_t> q(n * d);
  std::vector<double> y(n);
  for (size_t i = 0; i < n; ++i) {
    y[i] = i % 2 ? 1.0 : -1.0;
    for (size_t c = 0; c < d; ++c) q[i * d + c] = std::clamp<int64_t>(std::llround(128 + 30 * (N(rng) + (i % 2 ? 1.2 : 0))), 0, 255);
  }
  hv::Dictionary D = gaussian_dictionary(q, n, d, 150, 4);
  const double bmax = hv::logistic_beta_max(D, y);
  hv::LassoOptions o;
  o.beta = 0.02 * bmax;
  o.tol = 1e-6;
  o.max_outer = 1;
  // Hostile warm starts: the previous result's W with intercepts far off on either side.
  hv::LassoResult warm = hv::solve_logistic(D, y, o);
  for (double shift : {-40.0, 40.0, 1e3}) {
    hv::LassoResult bad = warm;
    bad.intercept = {warm.intercept[0] + shift};
    hv::LassoResult r = hv::solve_logistic(D, y, o, &bad);
    INFO("shift " << shift << " primal " << r.primal << " p0 " << r.p0);
    CHECK(std::isfinite(r.primal));
    CHECK(std::isfinite(r.gap));
    CHECK(r.primal <= warm.primal + 1e-9 * warm.primal);  // the intercept is refitted, then descent
  }
  // One outer iteration at a time, as under --time-limit: the primal never increases and the gap
  // reaches the tolerance.
  hv::LassoResult cur = warm;
  for (int it = 0; it < 300 && !cur.converged; ++it) {
    hv::LassoResult next = hv::solve_logistic(D, y, o, &cur);
    REQUIRE(std::isfinite(next.gap));
    CHECK(next.primal <= cur.primal + 1e-9 * cur.primal);
    cur = next;
  }
  CHECK(cur.converged);
}

TEST_CASE("parallel kernels: the same dictionary and solution for any OpenMP thread count", "[dictionary][determinism]") {
  const size_t n = 300, d = 5, K = 3;
  auto q = random_q(n, d, 21, 255);
  auto Y = random_onehot(n, K, 22);
  const int saved = omp_get_max_threads();
  struct Run {
    std::vector<std::vector<uint64_t>> cols;
    std::vector<size_t> support;
    std::vector<std::vector<double>> W;
    double primal = 0;
  };
  std::map<std::string, Run> first;
  for (int threads : {1, 2, 3}) {
    omp_set_num_threads(threads);
    for (std::string kind : {"gaussian", "sparse", "explicit"}) {
      hv::Dictionary D(&q, n, d, 21);
      if (kind == "explicit") {
        std::mt19937_64 rng(3);
        std::vector<std::vector<int64_t>> ws;
        for (int i = 0; i < 150; ++i) ws.push_back(hv::random_sparse_direction(rng, d, 3, 6));
        D.add_directions_explicit(ws, 20, 1.0, 1000);
        CHECK(D.cols() == 1000);
      } else {
        hv::GeneratorOptions g;
        g.kind = kind;
        g.directions = kind == "sparse" ? 20 : 600;
        hv::generate_dictionary(D, g, "test");
      }
      hv::LassoOptions o;
      o.beta = 0.05 * hv::beta_max(D, Y, K);
      o.tol = 1e-8;
      hv::LassoResult r = hv::solve_group_lasso(D, Y, K, o);
      REQUIRE(r.converged);
      Run run{std::vector<std::vector<uint64_t>>(D.cols(), std::vector<uint64_t>(D.words())), r.support, r.W, r.primal};
      for (size_t j = 0; j < D.cols(); ++j) D.column(j, run.cols[j].data());
      INFO(kind << " with " << threads << " threads");
      if (threads == 1) {
        first[kind] = run;
        continue;
      }
      CHECK(run.cols == first[kind].cols);        // the same columns in the same order
      CHECK(run.support == first[kind].support);  // the same network,
      CHECK(run.W == first[kind].W);              // bit for bit
      CHECK(run.primal == first[kind].primal);
    }
  }
  omp_set_num_threads(saved);
}

TEST_CASE("train: --loss logistic with 3 classes trains a certified softmax network", "[multinomial]") {
  hv::Dataset all = hv::read_csv(hvtest::source("examples/iris/iris.csv"), {});
  auto [tr, te] = hv::split_dataset(all, 0.25, 1);
  hv::TrainOptions opt;
  opt.loss = "logistic";
  opt.dict.directions = 300;
  opt.beta_rel = 0.02;
  hv::TrainReport rep;
  hv::Network net = hv::train_network(tr, te, opt, rep);
  CHECK(net.classes.size() == 3);
  CHECK(rep.lasso.converged);
  CHECK(rep.lasso.W.at(0).size() == 3);
  CHECK(rep.pattern_mismatches == 0);
  // The reconstructed network's softmax objective is the convex optimum the certificate bounds.
  CHECK(std::abs(rep.reconstructed_objective - rep.lasso.primal) <= 1e-9 * rep.lasso.primal);
  CHECK(rep.int_acc.test >= 0.85);
}

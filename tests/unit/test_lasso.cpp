// Trainer correctness: the working-set group-Lasso solver against brute force (tiny problems,
// every support and sign pattern) and against a plain dense block-CD reference; certificates,
// KKT conditions and invariances (permutation, duplicate columns, scaling); the Gram-only inner
// solver (Anderson acceleration monotone, same optimum) and the popcount Gram cache.
#include <Eigen/Dense>
#include <catch2/catch.hpp>
#include <chrono>
#include <bit>
#include <cmath>
#include <numeric>
#include <random>

#include "train/bitmatrix.hpp"
#include "train/dictionary.hpp"
#include "train/gram.hpp"
#include "train/gram_cd.hpp"
#include "train/gram_newton.hpp"
#include "train/lasso.hpp"

using hv::BitMatrix;

namespace {

const std::vector<int64_t> kNoInputs;

// A dictionary holding exactly these columns (no deduplication, unit costs).
hv::Dictionary as_dictionary(const BitMatrix& H, const std::vector<double>& cost = {}) {
  hv::Dictionary d(&kNoInputs, H.rows(), 0);
  for (size_t j = 0; j < H.cols(); ++j) d.add_column_unchecked(H.col(j), {}, cost.empty() ? 1.0 : cost[j]);
  return d;
}

BitMatrix random_bits(size_t n, size_t P, uint64_t seed, double density = 0.5) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution b(density);
  BitMatrix H(n);
  std::vector<uint64_t> col(H.words());
  for (size_t j = 0; j < P; ++j) {
    std::fill(col.begin(), col.end(), 0);
    for (size_t i = 0; i < n; ++i)
      if (b(rng)) col[i / 64] |= uint64_t{1} << (i % 64);
    H.push_back(col.data());
  }
  return H;
}

Eigen::MatrixXd centred_dense(const BitMatrix& H) {
  Eigen::MatrixXd A(H.rows(), H.cols());
  for (size_t j = 0; j < H.cols(); ++j)
    for (size_t i = 0; i < H.rows(); ++i) A(i, j) = H.get(i, j);
  A.rowwise() -= A.colwise().mean();
  return A;
}

Eigen::MatrixXd centred(const std::vector<double>& Y, size_t n, size_t K) {
  Eigen::MatrixXd M(n, K);
  for (size_t i = 0; i < n; ++i)
    for (size_t k = 0; k < K; ++k) M(i, k) = Y[i * K + k];
  M.rowwise() -= M.colwise().mean();
  return M;
}

double objective(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Yc, const Eigen::MatrixXd& W, double beta) {
  double pen = 0;
  for (int j = 0; j < W.rows(); ++j) pen += W.row(j).norm();
  return 0.5 * (Yc - A * W).squaredNorm() + beta * pen;
}

// Plain dense block coordinate descent, many sweeps: slow and obviously right.
double reference_objective(const BitMatrix& H, const std::vector<double>& Y, size_t K, double beta) {
  Eigen::MatrixXd A = centred_dense(H), Yc = centred(Y, H.rows(), K);
  Eigen::MatrixXd W = Eigen::MatrixXd::Zero(static_cast<long>(H.cols()), static_cast<long>(K));
  Eigen::MatrixXd R = Yc;
  for (int sweep = 0; sweep < 20000; ++sweep)
    for (long j = 0; j < A.cols(); ++j) {
      double c = A.col(j).squaredNorm();
      if (c < 1e-14) continue;
      Eigen::RowVectorXd z = A.col(j).transpose() * R + c * W.row(j);
      double zn = z.norm();
      Eigen::RowVectorXd nw = zn > beta ? Eigen::RowVectorXd(z * ((1 - beta / zn) / c)) : Eigen::RowVectorXd::Zero(z.size());
      R -= A.col(j) * (nw - W.row(j));
      W.row(j) = nw;
    }
  return objective(A, Yc, W, beta);
}

// Exact Lasso (K = 1) by enumerating every support and sign pattern and solving the KKT system.
double brute_force_objective(const BitMatrix& H, const std::vector<double>& y, double beta) {
  Eigen::MatrixXd A = centred_dense(H), yc = centred(y, H.rows(), 1);
  const int P = static_cast<int>(H.cols());
  double best = 0.5 * yc.squaredNorm();
  for (int mask = 1; mask < (1 << P); ++mask) {
    std::vector<int> S;
    for (int j = 0; j < P; ++j)
      if (mask >> j & 1) S.push_back(j);
    Eigen::MatrixXd AS(A.rows(), static_cast<long>(S.size()));
    for (size_t t = 0; t < S.size(); ++t) AS.col(static_cast<long>(t)) = A.col(S[t]);
    Eigen::MatrixXd G = AS.transpose() * AS;
    if (std::abs(G.determinant()) < 1e-9) continue;
    for (int sg = 0; sg < (1 << S.size()); ++sg) {
      Eigen::VectorXd s(static_cast<long>(S.size()));
      for (size_t t = 0; t < S.size(); ++t) s(static_cast<long>(t)) = (sg >> t & 1) ? 1.0 : -1.0;
      Eigen::VectorXd w = G.ldlt().solve(AS.transpose() * yc.col(0) - beta * s);
      bool consistent = true;
      for (long t = 0; t < w.size(); ++t) consistent = consistent && w(t) * s(t) > 0;
      if (!consistent) continue;
      Eigen::MatrixXd W = Eigen::MatrixXd::Zero(P, 1);
      for (size_t t = 0; t < S.size(); ++t) W(S[t], 0) = w(static_cast<long>(t));
      best = std::min(best, objective(A, yc, W, beta));
    }
  }
  return best;
}

std::vector<double> random_targets(size_t n, size_t K, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> N(0, 1);
  std::vector<double> Y(n * K);
  for (auto& v : Y) v = N(rng);
  return Y;
}

hv::LassoResult solve(const BitMatrix& H, const std::vector<double>& Y, size_t K, double beta, bool screening = true) {
  hv::LassoOptions o;
  o.beta = beta;
  o.tol = 1e-12;
  o.ws_min = 4;
  o.screening = screening;
  return hv::solve_group_lasso(as_dictionary(H), Y, K, o);
}

double beta_max(const BitMatrix& H, const std::vector<double>& Y, size_t K) {
  return hv::beta_max(as_dictionary(H), Y, K);
}

}  // namespace

TEST_CASE("lasso matches brute force on tiny problems", "[lasso]") {
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    BitMatrix H = random_bits(14, 6, seed);
    auto y = random_targets(14, 1, seed + 100);
    double bmax = beta_max(H, y, 1);
    for (double frac : {0.05, 0.3, 0.8}) {
      auto r = solve(H, y, 1, frac * bmax);
      REQUIRE(r.converged);
      double exact = brute_force_objective(H, y, frac * bmax);
      CHECK(std::abs(r.primal - exact) <= 1e-8 * exact);
    }
  }
}

TEST_CASE("group lasso matches a dense block-CD reference", "[lasso]") {
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    BitMatrix H = random_bits(60, 40, seed, 0.3);
    auto Y = random_targets(60, 3, seed + 7);
    double beta = 0.2 * beta_max(H, Y, 3);
    auto r = solve(H, Y, 3, beta);
    REQUIRE(r.converged);
    double ref = reference_objective(H, Y, 3, beta);
    CHECK(std::abs(r.primal - ref) <= 1e-8 * ref);
  }
}

TEST_CASE("certificate and KKT conditions hold at exit", "[lasso]") {
  BitMatrix H = random_bits(300, 500, 3, 0.4);
  auto y = random_targets(300, 1, 4);
  double beta = 0.1 * beta_max(H, y, 1);
  hv::LassoOptions o;
  o.beta = beta;
  o.tol = 1e-9;
  auto r = hv::solve_group_lasso(as_dictionary(H), y, 1, o);
  REQUIRE(r.converged);
  CHECK(r.gap >= 0);
  CHECK(r.primal - r.dual == Approx(r.gap).margin(1e-12));
  CHECK(r.rel_gap() <= 1e-9);
  CHECK(r.max_kkt_violation <= 1e-3 * beta);
  // Active columns satisfy h~_j^T r = beta * sign(w_j).
  Eigen::MatrixXd A = centred_dense(H), yc = centred(y, 300, 1);
  Eigen::VectorXd w = Eigen::VectorXd::Zero(500);
  for (size_t s = 0; s < r.support.size(); ++s) w(static_cast<long>(r.support[s])) = r.W[s][0];
  Eigen::VectorXd g = A.transpose() * (yc.col(0) - A * w);
  for (size_t j : r.support) CHECK(std::abs(g(static_cast<long>(j)) - beta * (w(static_cast<long>(j)) > 0 ? 1 : -1)) <= 1e-3 * beta);
  CHECK(r.support.size() > 0);
}

TEST_CASE("beta at or above beta_max gives the empty network", "[lasso]") {
  BitMatrix H = random_bits(50, 30, 9);
  auto y = random_targets(50, 1, 10);
  auto r = solve(H, y, 1, 1.0001 * beta_max(H, y, 1));
  CHECK(r.support.empty());
  CHECK(r.converged);
}

TEST_CASE("invariances: permutation, duplicates, scaling", "[lasso]") {
  const size_t n = 80, P = 60;
  BitMatrix H = random_bits(n, P, 21, 0.35);
  auto y = random_targets(n, 1, 22);
  double beta = 0.15 * beta_max(H, y, 1);
  double base = solve(H, y, 1, beta).primal;

  BitMatrix Hp(n), Hd(n);
  for (size_t j = P; j-- > 0;) Hp.push_back(H.col(j));
  for (size_t j = 0; j < P; ++j) {
    Hd.push_back(H.col(j));
    if (j % 7 == 0) Hd.push_back(H.col(j));
  }
  CHECK(solve(Hp, y, 1, beta).primal == Approx(base).epsilon(1e-9));
  CHECK(solve(Hd, y, 1, beta).primal == Approx(base).epsilon(1e-9));

  std::vector<double> y3(y);
  for (auto& v : y3) v *= 3;
  auto r3 = solve(H, y3, 1, 3 * beta);
  CHECK(r3.primal == Approx(9 * base).epsilon(1e-9));
}

TEST_CASE("Gap-Safe screening never changes the optimum", "[lasso]") {
  for (uint64_t seed = 30; seed < 34; ++seed) {
    BitMatrix H = random_bits(200, 400, seed, 0.3);
    auto Y = random_targets(200, 2, seed);
    double beta = 0.08 * beta_max(H, Y, 2);
    auto a = solve(H, Y, 2, beta, true), b = solve(H, Y, 2, beta, false);
    REQUIRE(a.converged);
    REQUIRE(b.converged);
    CHECK(a.screened > 0);
    CHECK(a.primal == Approx(b.primal).epsilon(1e-10));
  }
}

TEST_CASE("cost-weighted penalty matches a reference with scaled columns", "[lasso]") {
  // beta c_j |w_j| with column h_j equals beta |v_j| with column h_j / c_j: check against the dense
  // reference on scaled columns.
  BitMatrix H = random_bits(40, 12, 5, 0.4);
  auto y = random_targets(40, 1, 6);
  std::vector<double> cost;
  for (size_t j = 0; j < 12; ++j) cost.push_back(1.0 + static_cast<double>(j % 4));
  hv::Dictionary D = as_dictionary(H, cost);
  double beta = 0.2 * hv::beta_max(D, y, 1);
  hv::LassoOptions o;
  o.beta = beta;
  o.tol = 1e-13;
  o.ws_min = 4;
  auto r = hv::solve_group_lasso(D, y, 1, o);
  Eigen::MatrixXd A = centred_dense(H), yc = centred(y, 40, 1);
  for (long j = 0; j < A.cols(); ++j) A.col(j) /= cost[static_cast<size_t>(j)];
  Eigen::VectorXd w = Eigen::VectorXd::Zero(12);
  for (int sweep = 0; sweep < 20000; ++sweep)
    for (long j = 0; j < 12; ++j) {
      double c = A.col(j).squaredNorm();
      double z = A.col(j).dot(yc.col(0) - A * w) + c * w(j);
      w(j) = std::abs(z) > beta ? (z - (z > 0 ? beta : -beta)) / c : 0.0;
    }
  double ref = 0.5 * (yc.col(0) - A * w).squaredNorm() + beta * w.lpNorm<1>();
  CHECK(r.primal == Approx(ref).epsilon(1e-8));
  CHECK(std::count_if(cost.begin(), cost.end(), [](double) { return true; }) == 12);
}

namespace {

// Nested suffix sets of one random row order (thresholds of one direction): strongly correlated
// columns, where plain coordinate descent converges slowly.
BitMatrix nested_bits(size_t n, size_t P, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  BitMatrix H(n);
  std::vector<uint64_t> col(H.words());
  for (size_t j = 0; j < P; ++j) {
    std::fill(col.begin(), col.end(), 0);
    size_t start = 1 + (j * (n - 2)) / P;
    for (size_t p = start; p < n; ++p) col[order[p] / 64] |= uint64_t{1} << (order[p] % 64);
    H.push_back(col.data());
  }
  return H;
}

struct GramData {
  Eigen::MatrixXd G, bv;
  std::vector<double> cost;
  double yy = 0;
  hv::GramProblem problem(size_t K) const {
    return {static_cast<size_t>(G.rows()), K, G.data(), bv.data(), cost.data(), yy};  // G symmetric: layout-free
  }
};

GramData gram_data(const BitMatrix& H, const std::vector<double>& Y, size_t K, double beta) {
  Eigen::MatrixXd A = centred_dense(H), Yc = centred(Y, H.rows(), K);
  GramData d;
  d.G = A.transpose() * A;
  // bv row-major m x K: store as the transpose of a column-major K x m matrix.
  d.bv = (A.transpose() * Yc).transpose();
  d.cost.assign(H.cols(), beta);
  d.yy = Yc.squaredNorm();
  return d;
}

}  // namespace

TEST_CASE("gram_cd: Anderson acceleration keeps the objective monotone and reaches the plain-CD optimum",
          "[lasso]") {
  for (size_t K : {1, 3}) {
    BitMatrix H = nested_bits(300, 80, 7 + K);
    auto Y = random_targets(300, K, 8 + K);
    double beta = 0.01 * beta_max(H, Y, K);
    GramData d = gram_data(H, Y, K, beta);
    hv::GramProblem pb = d.problem(K);
    std::vector<double> w_plain(80 * K, 0.0), w_aa(80 * K, 0.0), trace;
    hv::GramCDOptions o;
    o.tol_abs = 1e-8 * 0.5 * d.yy;
    o.anderson = false;
    hv::GramCDStats plain, aa;
    hv::gram_cd(pb, w_plain, o, &plain);
    o.anderson = true;
    aa.trace = &trace;
    hv::gram_cd(pb, w_aa, o, &aa);
    INFO("plain sweeps " << plain.sweeps << " gap " << plain.gap << "; anderson sweeps " << aa.sweeps << " gap " << aa.gap
                         << " accepted " << aa.extrapolations << " rejected " << aa.rejected);
    REQUIRE(plain.gap <= o.tol_abs);
    REQUIRE(aa.gap <= o.tol_abs);
    double f_plain = hv::gram_objective(pb, w_plain), f_aa = hv::gram_objective(pb, w_aa);
    CHECK(std::abs(f_plain - f_aa) <= 1e-8 * f_plain);
    // F never increases (up to the rounding of recomputing q from scratch between phases).
    for (size_t t = 1; t < trace.size(); ++t) CHECK(trace[t] <= trace[t - 1] + 1e-12 * std::abs(trace[t - 1]));
    CHECK(aa.extrapolations > 0);
    CHECK(aa.sweeps < plain.sweeps);
    // The same optimum as the dense block-CD reference over the full problem.
    double ref = reference_objective(H, Y, K, beta);
    CHECK(std::abs(f_aa - ref) <= 1e-8 * ref);
  }
}

TEST_CASE("gram_cd: warm starts and an already optimal start", "[lasso]") {
  BitMatrix H = random_bits(120, 50, 41, 0.3);
  auto y = random_targets(120, 1, 42);
  double beta = 0.05 * beta_max(H, y, 1);
  GramData d = gram_data(H, y, 1, beta);
  hv::GramProblem pb = d.problem(1);
  hv::GramCDOptions o;
  o.tol_abs = 1e-9 * d.yy;
  std::vector<double> w(50, 0.0);
  hv::gram_cd(pb, w, o);
  double f = hv::gram_objective(pb, w);
  hv::GramCDStats again;
  std::vector<double> w2 = w;
  hv::gram_cd(pb, w2, o, &again);
  CHECK(again.sweeps <= 2);
  CHECK(hv::gram_objective(pb, w2) <= f * (1 + 1e-14));
  std::vector<double> wn(50, 0.0);
  for (size_t j = 0; j < 50; ++j) wn[j] = 0.1 * static_cast<double>(j % 5) - 0.2;  // a poor start
  hv::gram_cd(pb, wn, o);
  CHECK(hv::gram_objective(pb, wn) == Approx(f).epsilon(1e-10));
}

TEST_CASE("gram_cd: a passed stop time returns after one sweep with a lower objective", "[lasso][time-limit]") {
  BitMatrix H = nested_bits(300, 80, 9);
  auto Y = random_targets(300, 2, 10);
  double beta = 0.01 * beta_max(H, Y, 2);
  GramData d = gram_data(H, Y, 2, beta);
  hv::GramProblem pb = d.problem(2);
  hv::GramCDOptions o;
  o.tol_abs = 1e-10 * d.yy;
  o.stop_at = std::chrono::steady_clock::now();
  std::vector<double> w(80 * 2, 0.0);
  hv::GramCDStats st;
  hv::gram_cd(pb, w, o, &st);
  CHECK(st.out_of_time);
  CHECK(st.sweeps == 1);
  CHECK(st.gap > o.tol_abs);
  CHECK(hv::gram_objective(pb, w) < hv::gram_objective(pb, std::vector<double>(80 * 2, 0.0)));
  // Without a stop time the same start runs to the tolerance.
  hv::GramCDOptions free_run;
  free_run.tol_abs = o.tol_abs;
  hv::GramCDStats full;
  hv::gram_cd(pb, w, free_run, &full);
  CHECK_FALSE(full.out_of_time);
  CHECK(full.gap <= o.tol_abs);
}

TEST_CASE("gram cache: popcount entries and target sums survive batches and pool rebuilds", "[lasso]") {
  const size_t n = 700, P = 60;  // 11 words: exercises the vector kernel's scalar tail
  BitMatrix H = random_bits(n, P, 51, 0.4);
  hv::Dictionary D = as_dictionary(H);
  auto y = random_targets(n, 2, 52);
  Eigen::MatrixXd A = centred_dense(H), Yc = centred(y, n, 2);
  std::vector<double> yc(n * 2);
  for (size_t i = 0; i < n; ++i)
    for (size_t k = 0; k < 2; ++k) yc[i * 2 + k] = Yc(static_cast<long>(i), static_cast<long>(k));
  Eigen::MatrixXd G = A.transpose() * A, Hy = A.transpose() * Yc;
  hv::GramCache cache(D, true, yc.data(), 2, 25);  // capacity 25 forces rebuilds
  std::mt19937_64 rng(53);
  for (int round = 0; round < 12; ++round) {
    std::vector<size_t> cols(P);
    std::iota(cols.begin(), cols.end(), 0);
    std::shuffle(cols.begin(), cols.end(), rng);
    cols.resize(3 + rng() % 20);
    auto slots = cache.ensure(cols);
    REQUIRE(cache.size() <= 25);
    for (size_t a = 0; a < cols.size(); ++a) {
      for (size_t b = 0; b < cols.size(); ++b)
        CHECK(cache.g(slots[a], slots[b]) == Approx(G(static_cast<long>(cols[a]), static_cast<long>(cols[b]))).margin(1e-9));
      for (size_t k = 0; k < 2; ++k)
        CHECK(cache.hy(slots[a])[k] == Approx(Hy(static_cast<long>(cols[a]), static_cast<long>(k))).margin(1e-9));
    }
  }
  // One batch of every column (two blocks of new columns, both workers), in a shuffled order.
  hv::GramCache big(D, true, yc.data(), 2);
  std::vector<size_t> all(P);
  std::iota(all.begin(), all.end(), 0);
  std::shuffle(all.begin(), all.end(), rng);
  auto slots = big.ensure(all);
  for (size_t a = 0; a < P; ++a)
    for (size_t b = 0; b < P; ++b)
      CHECK(big.g(slots[a], slots[b]) == Approx(G(static_cast<long>(all[a]), static_cast<long>(all[b]))).margin(1e-9));
  // The 4-column popcount kernel against a plain count, for word counts around the vector width.
  for (size_t words : {1, 7, 8, 9, 17}) {
    std::vector<std::vector<uint64_t>> v(5, std::vector<uint64_t>(words));
    for (auto& c : v)
      for (auto& x : c) x = rng();
    const uint64_t* b[4] = {v[1].data(), v[2].data(), v[3].data(), v[4].data()};
    int64_t out[4];
    hv::and_count4(v[0].data(), b, words, out);
    for (size_t i = 0; i < 4; ++i) {
      int64_t c = 0;
      for (size_t w = 0; w < words; ++w) c += std::popcount(v[0][w] & v[i + 1][w]);
      CHECK(out[i] == c);
    }
  }
}

TEST_CASE("gram_newton: reaches the dense block-CD optimum from zero and from a warm start", "[lasso][newton]") {
  for (size_t K : {1, 3, 7}) {
    BitMatrix H = nested_bits(200, 60, 30 + K);
    auto Y = random_targets(200, K, 40 + K);
    double beta = 0.005 * beta_max(H, Y, K);
    GramData d = gram_data(H, Y, K, beta);
    hv::GramProblem pb = d.problem(K);
    std::vector<double> w(60 * K, 0.0);
    hv::GramNewtonOptions o;
    o.tol_abs = 1e-11 * 0.5 * d.yy;
    hv::GramNewtonStats st;
    const double f_start = hv::gram_objective(pb, w);
    hv::gram_newton(pb, w, o, &st);
    INFO("K " << K << " iterations " << st.iterations << " gap " << st.gap);
    REQUIRE(st.gap <= o.tol_abs);
    CHECK(st.iterations < 60);
    const double f = hv::gram_objective(pb, w), ref = reference_objective(H, Y, K, beta);
    CHECK(f <= f_start);
    CHECK(std::abs(f - ref) <= 1e-8 * ref);
    // Warm start at the optimum: nothing to do, nothing lost.
    hv::GramNewtonStats again;
    hv::gram_newton(pb, w, o, &again);
    CHECK(again.iterations == 0);
    CHECK(std::abs(hv::gram_objective(pb, w) - f) <= 1e-12 * f);
  }
}

TEST_CASE("inner solvers agree: Newton, coordinate descent, auto, brute force", "[lasso][newton]") {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    BitMatrix H = random_bits(14, 6, seed);
    auto y = random_targets(14, 1, seed + 100);
    double bmax = beta_max(H, y, 1);
    for (double frac : {0.05, 0.3}) {
      hv::LassoOptions o;
      o.beta = frac * bmax;
      o.tol = 1e-12;
      o.ws_min = 4;
      o.inner = hv::InnerSolver::Newton;
      auto r = hv::solve_group_lasso(as_dictionary(H), y, 1, o);
      REQUIRE(r.converged);
      double exact = brute_force_objective(H, y, frac * bmax);
      CHECK(std::abs(r.primal - exact) <= 1e-8 * exact);
    }
  }
  for (size_t K : {1, 4}) {
    BitMatrix H = random_bits(80, 150, 50 + K, 0.3);
    auto Y = random_targets(80, K, 60 + K);
    hv::LassoOptions o;
    o.beta = 0.03 * beta_max(H, Y, K);
    o.tol = 1e-10;
    double obj[3];
    int i = 0;
    for (auto inner : {hv::InnerSolver::CD, hv::InnerSolver::Newton, hv::InnerSolver::Auto}) {
      o.inner = inner;
      auto r = hv::solve_group_lasso(as_dictionary(H), Y, K, o);
      REQUIRE(r.converged);
      if (inner == hv::InnerSolver::Newton) CHECK(r.newton_iterations > 0);
      if (inner == hv::InnerSolver::CD) CHECK(r.newton_iterations == 0);
      obj[i++] = r.primal;
    }
    CHECK(std::abs(obj[1] - obj[0]) <= 1e-8 * obj[0]);
    CHECK(std::abs(obj[2] - obj[0]) <= 1e-8 * obj[0]);
  }
}

TEST_CASE("group-Lasso KKT conditions at a Newton solve's exit", "[lasso][newton]") {
  const size_t n = 150, P = 200, K = 5;
  BitMatrix H = random_bits(n, P, 77, 0.35);
  auto Y = random_targets(n, K, 78);
  double beta = 0.02 * beta_max(H, Y, K);
  hv::LassoOptions o;
  o.beta = beta;
  o.tol = 1e-12;
  o.inner = hv::InnerSolver::Newton;
  auto r = hv::solve_group_lasso(as_dictionary(H), Y, K, o);
  REQUIRE(r.converged);
  REQUIRE(r.support.size() > 5);
  Eigen::MatrixXd A = centred_dense(H), Yc = centred(Y, n, K), W = Eigen::MatrixXd::Zero(P, K);
  for (size_t s = 0; s < r.support.size(); ++s)
    for (size_t k = 0; k < K; ++k) W(static_cast<long>(r.support[s]), static_cast<long>(k)) = r.W[s][k];
  Eigen::MatrixXd Gr = A.transpose() * (Yc - A * W);  // P x K: h~_j^T R
  for (long j = 0; j < static_cast<long>(P); ++j) {
    const double wn = W.row(j).norm();
    if (wn > 0)  // h~_j^T R = beta w_j / ||w_j||
      CHECK((Gr.row(j) - beta * W.row(j) / wn).norm() <= 1e-4 * beta);
    else
      CHECK(Gr.row(j).norm() <= beta * (1 + 1e-4));
  }
}

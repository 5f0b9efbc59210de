// The trainer's choices and their certificates (issue 11): the ridge refit of the output layer
// against a plain reference solver on tiny problems, its duality gap as a true bound, the
// validation-mode choice of beta never reading test rows, budgets (--max-neurons, --max-luts)
// as hard bounds (issue 13: --max-neurons 1 kept 3 neurons), and column generation stopping at
// the time limit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "frontend/csv.hpp"
#include "ir/print.hpp"
#include "support/cli.hpp"
#include "train/colgen.hpp"
#include "train/cost_model.hpp"
#include "train/generators.hpp"
#include "train/refit.hpp"
#include "train/split.hpp"
#include "train/train.hpp"

namespace {

// A small dictionary of sparse threshold columns over random integer inputs.
struct Tiny {
  std::vector<int64_t> q;
  size_t n, d;
  std::unique_ptr<hv::Dictionary> dict;
  Tiny(size_t n_, size_t d_, uint64_t seed) : n(n_), d(d_) {
    std::mt19937_64 rng(seed);
    for (size_t i = 0; i < n * d; ++i) q.push_back(static_cast<int64_t>(rng() % 16));
    dict = std::make_unique<hv::Dictionary>(&q, n, d);
    hv::GeneratorOptions g;
    g.kind = "sparse";
    g.directions = 6;
    g.max_fan_in = 2;
    g.weight_bits = 3;
    hv::generate_dictionary(*dict, g, "tiny");
  }
};

// P(W, b) of the ridge problem, computed on dense columns.
double ridge_objective(const std::vector<std::vector<double>>& H, const std::vector<double>& Y, size_t K,
                       const std::vector<std::vector<double>>& W, const std::vector<double>& b, double lambda) {
  const size_t n = H.empty() ? Y.size() / K : H[0].size();
  double p = 0;
  for (size_t r = 0; r < n; ++r)
    for (size_t k = 0; k < K; ++k) {
      double f = b[k];
      for (size_t j = 0; j < H.size(); ++j) f += H[j][r] * W[j][k];
      p += 0.5 * (Y[r * K + k] - f) * (Y[r * K + k] - f);
    }
  for (const auto& row : W)
    for (double v : row) p += 0.5 * lambda * v * v;
  return p;
}

// The reference: plain cyclic coordinate descent on the dense problem (intercept exact each sweep).
void reference_ridge(const std::vector<std::vector<double>>& H, const std::vector<double>& Y, size_t K, double lambda,
                     std::vector<std::vector<double>>& W, std::vector<double>& b) {
  const size_t n = H[0].size(), s = H.size();
  W.assign(s, std::vector<double>(K, 0.0));
  b.assign(K, 0.0);
  std::vector<double> R(Y);  // residual Y - H W - b
  for (int sweep = 0; sweep < 20000; ++sweep) {
    for (size_t k = 0; k < K; ++k) {
      double m = 0;
      for (size_t r = 0; r < n; ++r) m += R[r * K + k];
      m /= static_cast<double>(n);
      b[k] += m;
      for (size_t r = 0; r < n; ++r) R[r * K + k] -= m;
    }
    for (size_t j = 0; j < s; ++j) {
      double hh = 0;
      for (size_t r = 0; r < n; ++r) hh += H[j][r] * H[j][r];
      for (size_t k = 0; k < K; ++k) {
        double g = 0;
        for (size_t r = 0; r < n; ++r) g += H[j][r] * R[r * K + k];
        double nw = (g + hh * W[j][k]) / (hh + lambda);
        double dlt = nw - W[j][k];
        W[j][k] = nw;
        for (size_t r = 0; r < n; ++r) R[r * K + k] -= dlt * H[j][r];
      }
    }
  }
}

}  // namespace

TEST_CASE("refit: the ridge refit matches a reference solver, and its gap certifies it", "[refit]") {
  for (size_t K : {size_t{1}, size_t{3}}) {
    Tiny t(60, 3, 11 + K);
    REQUIRE(t.dict->cols() >= 8);
    std::vector<size_t> support = {0, 2, 3, 5, 7};
    std::mt19937_64 rng(3);
    std::vector<double> Y(t.n * K);
    for (auto& y : Y) y = (rng() & 1) ? 1.0 : -1.0;
    const double lambda = 0.05;
    hv::RefitResult r = hv::refit_ridge(*t.dict, support, Y, K, lambda);

    std::vector<std::vector<double>> H;
    std::vector<uint64_t> bits(t.dict->words());
    for (size_t j : support) {
      t.dict->column(j, bits.data());
      std::vector<double> col(t.n);
      for (size_t i = 0; i < t.n; ++i) col[i] = static_cast<double>((bits[i / 64] >> (i % 64)) & 1u);
      H.push_back(col);
    }
    std::vector<std::vector<double>> Wref;
    std::vector<double> bref;
    reference_ridge(H, Y, K, lambda, Wref, bref);
    const double pref = ridge_objective(H, Y, K, Wref, bref, lambda);
    INFO("K = " << K);
    CHECK(r.primal == Approx(pref).epsilon(1e-9));
    CHECK(ridge_objective(H, Y, K, r.W, r.intercept, lambda) == Approx(pref).epsilon(1e-9));
    for (size_t j = 0; j < support.size(); ++j)
      for (size_t k = 0; k < K; ++k) CHECK(r.W[j][k] == Approx(Wref[j][k]).margin(1e-6));
    CHECK(r.gap <= 1e-9 * r.p0);
    CHECK(r.gap > 0);  // the real round-off-sized figure, not a difference clamped to 0
    CHECK(r.dual <= pref + 1e-9);

    // A perturbed solution: its certificate is positive and bounds its true suboptimality.
    hv::RefitResult bad = r;
    bad.W[1][0] += 0.3;
    hv::ridge_certificate(*t.dict, support, Y, K, bad);
    const double subopt = bad.primal - pref;
    CHECK(subopt > 1e-6);
    CHECK(bad.gap >= subopt * (1 - 1e-9));
    CHECK(bad.gap == Approx(bad.primal - bad.dual).epsilon(1e-9));  // the KKT form is P - D
    CHECK(bad.dual <= pref + 1e-9);
  }
}

namespace {

hv::TrainOptions small_opts() {
  hv::TrainOptions opt;
  opt.dict.kind = "sparse";
  opt.dict.directions = 150;
  opt.dict.max_fan_in = 2;
  return opt;
}

}  // namespace

TEST_CASE("select: the validation choice never reads the test rows", "[refit][select]") {
  hv::Dataset all = hv::read_csv(hvtest::source("examples/breast_cancer/breast_cancer.csv"), {});
  auto [tr, te] = hv::split_dataset(all, 0.25, 1);
  // The same training rows with two different test sets: the true one, and one whose rows are
  // the training rows with every label flipped. Any use of test rows would change the choice.
  auto cls = hv::class_labels(all, nullptr);
  REQUIRE(cls.size() == 2);
  hv::Dataset flipped = tr;
  for (auto& l : flipped.labels) l = l == cls[0] ? cls[1] : cls[0];
  hv::TrainOptions opt = small_opts();
  REQUIRE(opt.select == "validation");
  hv::TrainReport a, b;
  hv::Network na = hv::train_network(tr, te, opt, a);
  hv::Network nb = hv::train_network(tr, flipped, opt, b);
  REQUIRE(a.selected);
  CHECK(a.n_fit + a.n_val == tr.n_rows);
  CHECK(a.selected_point == b.selected_point);
  CHECK(a.selected_beta_rel == b.selected_beta_rel);
  CHECK(a.selection_path.size() == b.selection_path.size());
  CHECK(hv::print_network(na) == hv::print_network(nb));
  CHECK(a.int_acc.test != b.int_acc.test);  // the test sets do differ
  // The kept point is the best on validation among those scored.
  for (const auto& p : a.selection_path) CHECK(p.val <= a.selection_path[a.selected_point].val);
  CHECK(a.refit_ran == a.selection_path[a.selected_point].refit);
  CHECK(a.int_acc.test >= 0.9);
  // A given beta with --refit ridge: the refit runs and its certificate is tight.
  opt.select = "fixed";
  opt.refit = "ridge";
  hv::TrainReport c;
  hv::train_network(tr, te, opt, c);
  CHECK(c.refit_ran);
  CHECK(c.refit.gap <= 1e-9 * c.refit.p0);
  CHECK(c.refit.W.size() == c.neurons);
}

TEST_CASE("budgets: --max-neurons and --max-luts are hard bounds", "[refit][budget]") {
  hv::Dataset all = hv::read_csv(hvtest::source("examples/wine/wine.csv"), {});
  auto [tr, te] = hv::split_dataset(all, 0.25, 1);
  for (const std::string select : {"fixed", "validation"})
    for (size_t budget : {size_t{1}, size_t{2}, size_t{5}}) {
      hv::TrainOptions opt = small_opts();
      opt.select = select;
      opt.beta_rel = 1e-3;  // fixed: far past the budget
      opt.max_neurons = budget;
      hv::TrainReport rep;
      hv::Network net = hv::train_network(tr, te, opt, rep);
      INFO(select << " budget " << budget << " neurons " << rep.neurons << " path " << rep.path.size());
      for (const auto& p : rep.path) INFO(p.beta << " " << p.neurons);
      CHECK(rep.neurons <= budget);
      CHECK(rep.neurons >= 1);  // bisection finds a network near the budget, not the empty one
      CHECK(static_cast<size_t>(net.hidden[0].n_out) <= budget);
    }
  hv::TrainOptions opt = small_opts();
  opt.max_luts = 400;
  hv::TrainReport rep;
  hv::Network net = hv::train_network(tr, te, opt, rep);
  CHECK(rep.neurons >= 1);
  CHECK(hv::estimate_luts(net).total <= 400);
}

TEST_CASE("colgen: stops at the time limit and re-prices what it examined", "[refit][colgen]") {
  Tiny t(300, 4, 5);
  std::mt19937_64 rng(9);
  std::vector<double> Y(t.n);
  for (size_t r = 0; r < t.n; ++r) Y[r] = t.q[r * 4] + t.q[r * 4 + 1] > 15 + static_cast<int64_t>(rng() % 5) ? 1.0 : -1.0;
  hv::LassoOptions lo;
  lo.beta = 0.05 * hv::beta_max(*t.dict, Y, 1);
  auto start = hv::solve_group_lasso(*t.dict, Y, 1, lo);
  hv::ColgenOptions co;
  co.rounds = 40;
  co.candidates = 30;
  co.add_per_round = 1;
  hv::ColgenReport rep;
  auto t0 = std::chrono::steady_clock::now();
  auto sol = hv::column_generation(
      *t.dict, Y, 1, start, co, [&](const hv::LassoResult& w) { return hv::solve_group_lasso(*t.dict, Y, 1, lo, &w); },
      rep, t0);  // a deadline already passed: no round runs
  CHECK(rep.stopped_at_time_limit);
  CHECK(rep.rounds == 0);
  hv::ColgenReport full;
  sol = hv::column_generation(
      *t.dict, Y, 1, start, co, [&](const hv::LassoResult& w) { return hv::solve_group_lasso(*t.dict, Y, 1, lo, &w); },
      full);
  CHECK_FALSE(full.stopped_at_time_limit);
  // It stopped because nothing it examined violates any more (re-priced at the final point).
  if (full.rounds < co.rounds) {
    CHECK(full.repriced > 0);
    CHECK(full.max_score <= 1 + 1e-6);
  }
}

// Projected Newton on the variational form of the group Lasso subproblem (see gram_newton.hpp).
// One evaluation of f at d: gather G's columns of the support J = {d > 0}, Cholesky B_JJ, solve for
// w_J, q = bv - G_:J w_J. One Newton iteration adds X = L^-1 S_J G_JF and H = (G_FF - X^T X) o (Q_F Q_F^T)
// on the free set F, a damped Cholesky solve, and a projected backtracking line search (each trial
// point is one evaluation; the accepted one is the next iterate's).
#include "gram_newton.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace hv {

namespace {

using Mat = Eigen::MatrixXd;
using Vec = Eigen::VectorXd;

// Rows / columns per tile of the parallel kernels: fixed, so that every entry is computed by the
// same sequence of operations whatever the number of threads.
constexpr long kTile = 128;

struct Point {
  std::vector<double> d;     // m
  std::vector<long> J;       // rows with d > 0, increasing
  Mat GJ;                    // G_:J (m x |J|)
  Eigen::LLT<Mat> llt;       // of B_JJ = I + S_J G_JJ S_J
  Mat w;                     // m x K (zero outside J)
  Mat q;                     // m x K: bv - G w
  double f = 0;              // f(d)
  double F = 0, gap = 0;     // F(w) and the subproblem's duality gap
  bool ok = false;
};

double row_norm(const Mat& M, long a) { return M.row(a).norm(); }

void evaluate(const GramProblem& pb, const Eigen::Map<const Mat>& G, const Eigen::Map<const Mat>& BV, Point& p) {
  const long m = static_cast<long>(pb.m), K = static_cast<long>(pb.K);
  p.J.clear();
  for (long a = 0; a < m; ++a)
    if (p.d[static_cast<size_t>(a)] > 0) p.J.push_back(a);
  const long s = static_cast<long>(p.J.size());
  p.GJ.resize(m, s);
#pragma omp parallel for schedule(static)
  for (long t = 0; t < s; ++t) p.GJ.col(t) = G.col(p.J[static_cast<size_t>(t)]);
  Vec sq(s);
  for (long t = 0; t < s; ++t) sq(t) = std::sqrt(p.d[static_cast<size_t>(p.J[static_cast<size_t>(t)])]);
  Mat B(s, s);
  for (long c = 0; c < s; ++c)
    for (long r = 0; r < s; ++r) B(r, c) = sq(r) * p.GJ(p.J[static_cast<size_t>(r)], c) * sq(c) + (r == c ? 1.0 : 0.0);
  p.llt.compute(B);
  p.ok = p.llt.info() == Eigen::Success;
  if (!p.ok) return;
  Mat C(s, K);
  for (long t = 0; t < s; ++t) C.row(t) = sq(t) * BV.row(p.J[static_cast<size_t>(t)]);
  Mat Z = p.llt.solve(C);
  p.w = Mat::Zero(m, K);
  Mat wJ(s, K);
  for (long t = 0; t < s; ++t) {
    wJ.row(t) = sq(t) * Z.row(t);
    p.w.row(p.J[static_cast<size_t>(t)]) = wJ.row(t);
  }
  p.q = BV;
  const long tiles = (m + kTile - 1) / kTile;
#pragma omp parallel for schedule(static)
  for (long i = 0; i < tiles; ++i) {
    const long r0 = i * kTile, len = std::min(kTile, m - r0);
    p.q.middleRows(r0, len).noalias() -= p.GJ.middleRows(r0, len) * wJ;
  }
  double pen_d = 0;
  for (long a = 0; a < m; ++a) pen_d += pb.cost[a] * pb.cost[a] * p.d[static_cast<size_t>(a)];
  p.f = 0.5 * pb.yy - 0.5 * (C.array() * Z.array()).sum() + 0.5 * pen_d;
  // F(w) and the gap, from q (as in gram_cd): ||r||^2 = yy - <bv, w> - <w, q>.
  double bw = (BV.array() * p.w.array()).sum(), wq = (p.w.array() * p.q.array()).sum(), pen = 0, smax = 1.0;
  for (long a = 0; a < m; ++a) {
    pen += pb.cost[a] * row_norm(p.w, a);
    if (pb.cost[a] > 0) smax = std::max(smax, row_norm(p.q, a) / pb.cost[a]);
  }
  const double rr = pb.yy - bw - wq, yr = pb.yy - bw;
  p.F = 0.5 * rr + pen;
  p.gap = std::max(0.0, p.F - (yr / smax - rr / (2 * smax * smax)));
}

bool out_of_time(const GramNewtonOptions& opt) {
  return opt.stop_at != std::chrono::steady_clock::time_point::max() && std::chrono::steady_clock::now() >= opt.stop_at;
}

}  // namespace

double gram_newton_iteration_flops(double s, double m, double K) {
  // Cholesky of B (s^3/3) and of H (s^3/3), X = L^-1 S G_JF (s^3), X^T X (s^3), q (2 m s K),
  // about two evaluations per iteration.
  return 3.0 * s * s * s + 4.0 * m * s * K;
}

void gram_newton(const GramProblem& pb, std::vector<double>& w, const GramNewtonOptions& opt, GramNewtonStats* stats) {
  GramNewtonStats local;
  GramNewtonStats& st = stats ? *stats : local;
  const long m = static_cast<long>(pb.m), K = static_cast<long>(pb.K);
  if (m == 0) return;
  Eigen::Map<const Mat> G(pb.G, m, m);  // symmetric: row-major = column-major
  Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> BVr(pb.bv, m, K);
  const Mat BVc = BVr;
  Eigen::Map<const Mat> BV(BVc.data(), m, K);
  Point cur;
  cur.d.assign(static_cast<size_t>(m), 0.0);
  double F0 = 0;
  {
    double bw = 0, pen = 0;
    Mat W0(m, K);
    for (long a = 0; a < m; ++a) {
      for (long k = 0; k < K; ++k) W0(a, k) = w[static_cast<size_t>(a * K + k)];
      const double nw = W0.row(a).norm();
      pen += pb.cost[a] * nw;
      if (pb.cost[a] > 0) cur.d[static_cast<size_t>(a)] = nw / pb.cost[a];
    }
    bw = (BV.array() * W0.array()).sum();
    F0 = 0.5 * pb.yy - bw + 0.5 * (W0.transpose() * (G * W0)).trace() + pen;
  }
  evaluate(pb, G, BV, cur);
  if (!cur.ok) return;  // B = I + S G S is positive definite: only NaN input gets here
  int stalled = 0;
  double best_gap = cur.gap;
  while (cur.gap > opt.tol_abs && st.iterations < opt.max_iter) {
    if (out_of_time(opt)) {
      st.out_of_time = true;
      break;
    }
    ++st.iterations;
    // Gradient; the eps-active set (Bertsekas): rows at (or within eps of) the bound whose gradient
    // pushes them there are held at 0, the others are free.
    std::vector<double> g(static_cast<size_t>(m));
    double pg = 0;
    for (long a = 0; a < m; ++a) {
      const double qa = row_norm(cur.q, a);
      g[static_cast<size_t>(a)] = 0.5 * (pb.cost[a] * pb.cost[a] - qa * qa);
      const double proj = std::max(0.0, cur.d[static_cast<size_t>(a)] - g[static_cast<size_t>(a)]) - cur.d[static_cast<size_t>(a)];
      pg += proj * proj;
    }
    // eps relative to the scale of d (d_a = ||w_a|| / (beta c_a) is tiny when beta is large): an
    // absolute eps forced rows with small legitimate d to 0 and every line search failed (MNIST).
    const double dmax = *std::max_element(cur.d.begin(), cur.d.end());
    const double eps = std::min(1e-6 * dmax, std::sqrt(pg));
    std::vector<long> Fr, Ix;
    for (long a = 0; a < m; ++a) {
      const size_t ua = static_cast<size_t>(a);
      (cur.d[ua] <= eps && g[ua] > 0 ? Ix : Fr).push_back(a);
    }
    const long f = static_cast<long>(Fr.size()), s = static_cast<long>(cur.J.size());
    Mat Hs;   // the Hessian on the free set
    Vec gFs;  // the gradient on the free set
    if (f > 0) {
      // X = L^-1 S_J G_JF, column tiles in parallel.
      Mat X(s, f);
      for (long c = 0; c < f; ++c)
        for (long t = 0; t < s; ++t)
          X(t, c) = std::sqrt(cur.d[static_cast<size_t>(cur.J[static_cast<size_t>(t)])]) * cur.GJ(Fr[static_cast<size_t>(c)], t);
      const long ctiles = (f + kTile - 1) / kTile;
      if (s > 0) {
#pragma omp parallel for schedule(dynamic)
        for (long i = 0; i < ctiles; ++i) {
          const long c0 = i * kTile, len = std::min(kTile, f - c0);
          cur.llt.matrixL().solveInPlace(X.middleCols(c0, len));
        }
      }
      // H = (G_FF - X^T X) o (Q_F Q_F^T), lower tiles in parallel.
      Mat QF(f, K);
      for (long c = 0; c < f; ++c) QF.row(c) = cur.q.row(Fr[static_cast<size_t>(c)]);
      Mat H(f, f);
#pragma omp parallel for schedule(dynamic)
      for (long ij = 0; ij < ctiles * ctiles; ++ij) {
        const long i = ij / ctiles, j = ij % ctiles;
        if (j > i) continue;
        const long r0 = i * kTile, rl = std::min(kTile, f - r0), c0 = j * kTile, cl = std::min(kTile, f - c0);
        Mat T(rl, cl);
        if (s > 0) T.noalias() = -X.middleCols(r0, rl).transpose() * X.middleCols(c0, cl);
        else T.setZero();
        for (long c = 0; c < cl; ++c)
          for (long r = 0; r < rl; ++r) {
            const long a = Fr[static_cast<size_t>(r0 + r)], b = Fr[static_cast<size_t>(c0 + c)];
            T(r, c) = (T(r, c) + G(a, b)) * QF.row(r0 + r).dot(QF.row(c0 + c));
          }
        H.block(r0, c0, rl, cl) = T;
        if (i != j) H.block(c0, r0, cl, rl) = T.transpose();
      }
      Vec gF(f);
      for (long c = 0; c < f; ++c) gF(c) = g[static_cast<size_t>(Fr[static_cast<size_t>(c)])];
      Hs = std::move(H);
      gFs = std::move(gF);
    }
    // Levenberg-damped Newton step, then a projected backtracking line search on f (Armijo along
    // the projection arc). The Hessian is only semidefinite (collinear columns, a support as large
    // as the rank of G), so when no step length is accepted the damping grows 1000-fold (towards
    // a scaled gradient step) and the search is repeated, a few times only: a failed search is
    // expensive (one Cholesky per trial) and the caller's coordinate descent takes over. Near the optimum f stops changing in
    // double precision before the gap is tight, so a full step whose gap is smaller is accepted too.
    bool accepted = false;
    const double f_before = cur.f;
    const double hmax = f > 0 ? std::max(Hs.diagonal().maxCoeff(), 1e-300) : 1.0;
    for (double mu = 1e-12 * hmax; !accepted && mu < 1e-2 * hmax; mu *= 1e5) {
      Vec step = Vec::Zero(f);
      if (f > 0) {
        Mat Hd = Hs;
        Hd.diagonal().array() += mu;
        Eigen::LLT<Mat> hl(Hd);
        if (hl.info() != Eigen::Success) continue;
        step = -hl.solve(gFs);
        if (!step.allFinite()) continue;
      }
      for (double alpha = 1.0; alpha > 1e-2; alpha *= 0.25) {
        Point trial;
        trial.d = cur.d;
        double slope = 0;
        for (long c = 0; c < f; ++c) {
          const size_t a = static_cast<size_t>(Fr[static_cast<size_t>(c)]);
          trial.d[a] = std::max(0.0, cur.d[a] + alpha * step(c));
          slope += g[a] * (trial.d[a] - cur.d[a]);
        }
        for (long a : Ix) {
          slope += g[static_cast<size_t>(a)] * (0.0 - cur.d[static_cast<size_t>(a)]);
          trial.d[static_cast<size_t>(a)] = 0.0;
        }
        evaluate(pb, G, BV, trial);
        if (trial.ok && (trial.f <= cur.f + 1e-4 * slope ||
                         (alpha == 1.0 && trial.gap < cur.gap && trial.f <= cur.f + 1e-12 * std::abs(cur.f)))) {
          cur = std::move(trial);
          accepted = true;
          break;
        }
        ++st.line_search_steps;
      }
    }
    if (!accepted) break;  // at the rounding floor
    // Stalled: neither f (beyond rounding) nor the best gap moves any more.
    const bool f_moved = cur.f < f_before - 1e-13 * std::abs(f_before);
    stalled = f_moved || cur.gap < 0.9 * best_gap ? 0 : stalled + 1;
    best_gap = std::min(best_gap, cur.gap);
    if (stalled >= 3) break;
  }
  st.gap = cur.gap;
  // Never worse than the start beyond rounding (F is computed differently for the two points).
  if (cur.F > F0 + 1e-13 * std::abs(F0)) return;
  for (long a = 0; a < m; ++a)
    for (long k = 0; k < K; ++k) w[static_cast<size_t>(a * K + k)] = cur.w(a, k);
}

}  // namespace hv

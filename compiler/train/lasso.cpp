// Working-set block coordinate descent for the cost-weighted group Lasso (see lasso.hpp).
// Per outer iteration: exact residual O(nK + sum of support counts), correlations of unscreened
// columns (tiled byte-table pass / suffix sums), dual point, gap, Gap-Safe screening, working set
// by the celer priority (beta c_j - ||h_j^T U||) / ||h~_j||, then Gram-only block CD on the working
// set (gram_cd.hpp: active-set rounds, Anderson acceleration) until its own gap is below
// kInnerTol x the outer gap.
#include "lasso.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "gram.hpp"
#include "gram_cd.hpp"
#include "gram_newton.hpp"
#include "support/mpi_comm.hpp"

namespace hv {

namespace {

using Support = std::map<size_t, std::vector<double>>;  // ordered: deterministic sums

// The working-set subproblem is solved to kInnerTol x the outer gap. The inner solver never touches
// a length-n vector and converges fast with Anderson acceleration, while each outer iteration costs
// a full pass over the dictionary: measured at n = P = 1e4 and 1e5, 0.1 needs fewer passes than
// celer's 0.3 for the same total, and 0.03 buys no further passes.
constexpr double kInnerTol = 0.1;
// The choice between coordinate descent and Newton for the working-set subproblem (inner_cd).
constexpr double kNewtonIterations = 3;
constexpr double kSpeedRatio = 10;
constexpr int kMinSweeps = 20;

struct Problem {
  const Dictionary& H;
  size_t n, K;
  bool center;  // with an intercept: centred targets and columns
  std::vector<double> Yc, ymean;
  double yy = 0;
};

// p.n counts every rank's rows (the centring); the loops run over this rank's rows.
Problem make_problem(const Dictionary& H, const std::vector<double>& Y, size_t K, bool center) {
  Problem p{H, H.total_rows(), K, center, Y, std::vector<double>(K, 0.0), 0.0};
  const size_t rows = H.rows();
  if (center) {
    for (size_t i = 0; i < rows; ++i)
      for (size_t k = 0; k < K; ++k) p.ymean[k] += Y[i * K + k];
    comm::sum(p.ymean);
    for (auto& m : p.ymean) m /= static_cast<double>(p.n);
  }
  for (size_t i = 0; i < rows; ++i)
    for (size_t k = 0; k < K; ++k) {
      p.Yc[i * K + k] -= p.ymean[k];
      p.yy += p.Yc[i * K + k] * p.Yc[i * K + k];
    }
  p.yy = comm::sum(p.yy);
  return p;
}

double norm(const double* v, size_t K) {
  double s = 0;
  for (size_t k = 0; k < K; ++k) s += v[k] * v[k];
  return std::sqrt(s);
}

// ||h~_j|| = sqrt(c - c^2/n): the centred column norm (sqrt(c) without intercept).
double centred_norm(const Problem& p, size_t j) {
  double c = static_cast<double>(p.H.count(j)), n = static_cast<double>(p.n);
  return std::sqrt(std::max(0.0, c - (p.center ? c * c / n : 0.0)));
}

// Exact centred residual R = Y_c - H~ W.
std::vector<double> residual(const Problem& p, const Support& W) {
  std::vector<double> R = p.Yc, shift(p.K, 0.0);
  std::vector<uint64_t> bits(p.H.words());
  for (const auto& [j, w] : W) {
    p.H.column(j, bits.data());
    for (size_t wd = 0; wd < bits.size(); ++wd)
      for (uint64_t x = bits[wd]; x; x &= x - 1) {
        double* row = &R[(wd * 64 + static_cast<size_t>(std::countr_zero(x))) * p.K];
        for (size_t k = 0; k < p.K; ++k) row[k] -= w[k];
      }
    if (p.center)
      for (size_t k = 0; k < p.K; ++k) shift[k] += w[k] * static_cast<double>(p.H.count(j)) / static_cast<double>(p.n);
  }
  for (size_t i = 0; i < p.H.rows(); ++i)
    for (size_t k = 0; k < p.K; ++k) R[i * p.K + k] += shift[k];
  return R;
}

struct Certificate {
  double primal = 0, dual = 0, gap = 0, scale = 1, max_viol = 0;
  std::vector<double> corr;  // ||h_j^T R|| per column (stale for screened columns)
};

Certificate certify(const Problem& p, const Support& W, const std::vector<double>& R, double beta,
                    const std::vector<uint8_t>* skip) {
  Certificate c;
  const size_t P = p.H.cols();
  std::vector<double> g(P * p.K, 0.0);
  p.H.correlate(R.data(), p.K, g.data(), skip);
  c.corr.assign(P, 0.0);
  double smax = 1.0;
  for (size_t j = 0; j < P; ++j) {
    if (skip && (*skip)[j]) continue;
    c.corr[j] = norm(&g[j * p.K], p.K);
    smax = std::max(smax, c.corr[j] / (beta * p.H.cost(j)));
    if (!W.count(j)) c.max_viol = std::max(c.max_viol, c.corr[j] - beta * p.H.cost(j));
  }
  double rr = 0, yr = 0, pen = 0;
  for (size_t i = 0; i < R.size(); ++i) {
    rr += R[i] * R[i];
    yr += p.Yc[i] * R[i];
  }
  std::vector<double> sums = {rr, yr};  // every rank's rows
  comm::sum(sums);
  rr = sums[0];
  yr = sums[1];
  for (const auto& [j, w] : W) pen += p.H.cost(j) * norm(w.data(), p.K);
  c.scale = smax;
  c.primal = 0.5 * rr + beta * pen;
  c.dual = yr / c.scale - rr / (2 * c.scale * c.scale);
  c.gap = std::max(0.0, c.primal - c.dual);
  return c;
}

// Block CD on the working set from its Gram alone (gram_cd.hpp); w is |WS| x K, updated in place.
// G: the working set's Gram, a buffer kept across calls (no fresh m x m allocation per call).
GramCDStats inner_cd(const Problem& p, GramCache& gram, const std::vector<size_t>& ws, std::vector<double>& w,
                     double beta, double tol_abs, std::chrono::steady_clock::time_point stop_at, LargeArray& G,
                     InnerSolver inner) {
  const size_t m = ws.size(), K = p.K;
  std::vector<size_t> slot = gram.ensure(ws);
  if (G.size() < m * m) G = LargeArray(m * m + m * m / 2);  // grows without copying stale contents
  std::vector<double> bv(m * K, 0.0), cost(m);
  for (size_t a = 0; a < m; ++a) {
    for (size_t b = 0; b < m; ++b) G[a * m + b] = gram.g(slot[a], slot[b]);
    std::copy(gram.hy(slot[a]), gram.hy(slot[a]) + K, &bv[a * K]);
    cost[a] = beta * p.H.cost(ws[a]);
  }
  GramProblem pb{m, K, G.data(), bv.data(), cost.data(), p.yy};
  // Coordinate descent first, within a budget of sweeps worth about kNewtonIterations Newton
  // iterations on the current support; if it has not reached tol_abs by then, projected Newton
  // (gram_newton.hpp) finishes from its iterate. A sweep of the active phase costs about
  // 2 s^2 K flops at memory speed, a Newton iteration gram_newton_iteration_flops(s) at BLAS-3
  // speed (kSpeedRatio times faster per flop, measured): docs/TRAINER.md.
  size_t s = 0;
  for (size_t a = 0; a < m; ++a)
    if (norm(&w[a * K], K) > 0) ++s;
  s = std::max<size_t>(s, std::min<size_t>(m, 32));
  const double sd = static_cast<double>(s), md = static_cast<double>(m), Kd = static_cast<double>(K);
  const double budget = kNewtonIterations * gram_newton_iteration_flops(sd, md, Kd) / kSpeedRatio / (2 * sd * sd * Kd);
  GramCDOptions o;
  o.tol_abs = tol_abs;
  o.stop_at = stop_at;
  o.max_sweeps = inner == InnerSolver::Newton ? 0
                 : inner == InnerSolver::CD   ? o.max_sweeps
                                              : static_cast<int>(std::clamp(budget, static_cast<double>(kMinSweeps), 200000.0));
  GramCDStats st;
  gram_cd(pb, w, o, &st);
  if (st.gap > tol_abs && !st.out_of_time && inner != InnerSolver::CD) {
    GramNewtonOptions no;
    no.tol_abs = tol_abs;
    no.stop_at = stop_at;
    GramNewtonStats ns;
    gram_newton(pb, w, no, &ns);
    st.newton_iterations += ns.iterations;
    st.gap = ns.gap;
    if (st.gap > tol_abs && !ns.out_of_time && inner == InnerSolver::Auto) {
      // Newton stopped short (no acceptable step: a badly conditioned Hessian): coordinate descent
      // finishes without a budget, so the automatic choice is never worse than coordinate descent.
      GramCDOptions rest;
      rest.tol_abs = tol_abs;
      rest.stop_at = stop_at;
      GramCDStats more;
      gram_cd(pb, w, rest, &more);
      st.sweeps += more.sweeps;
      st.extrapolations += more.extrapolations;
      st.gap = more.gap;
    }
  }
  return st;
}

std::vector<size_t> working_set(const Problem& p, const Support& W, const Certificate& cert, double beta,
                                const std::vector<uint8_t>& screened, size_t want) {
  std::vector<std::pair<double, size_t>> prio;
  for (size_t j = 0; j < p.H.cols(); ++j) {
    if (screened[j] || W.count(j)) continue;
    double nj = centred_norm(p, j);
    if (nj <= 0) continue;
    prio.push_back({(beta * p.H.cost(j) - cert.corr[j] / cert.scale) / nj, j});
  }
  want = std::min(want, prio.size());
  std::partial_sort(prio.begin(), prio.begin() + static_cast<long>(want), prio.end());
  std::vector<size_t> ws;
  for (const auto& [j, _] : W) ws.push_back(j);
  for (size_t t = 0; t < want; ++t) ws.push_back(prio[t].second);
  std::sort(ws.begin(), ws.end());
  return ws;
}

}  // namespace

double squared_dual(const std::vector<double>& Y, size_t K, const std::vector<double>& U, bool intercept) {
  const size_t n = Y.size() / K;
  std::vector<double> mean(K, 0.0);
  if (intercept)
    for (size_t i = 0; i < n; ++i)
      for (size_t k = 0; k < K; ++k) mean[k] += Y[i * K + k] / static_cast<double>(n);
  double yu = 0, uu = 0;
  for (size_t i = 0; i < n; ++i)
    for (size_t k = 0; k < K; ++k) {
      yu += (Y[i * K + k] - mean[k]) * U[i * K + k];
      uu += U[i * K + k] * U[i * K + k];
    }
  return yu - 0.5 * uu;
}

double beta_max(const Dictionary& H, const std::vector<double>& Y, size_t K, bool intercept) {
  Problem p = make_problem(H, Y, K, intercept);
  std::vector<double> g(H.cols() * K, 0.0);
  H.correlate(p.Yc.data(), K, g.data(), nullptr);
  double best = 0;
  for (size_t j = 0; j < H.cols(); ++j) best = std::max(best, norm(&g[j * K], K) / H.cost(j));
  return best;
}

struct GroupLassoSolver::Impl {
  Problem p;
  GramCache gram;     // the working sets' Gram rows, kept across solves
  LargeArray gram_ws;  // the current working set's Gram, a buffer kept across inner solves
  Impl(const Dictionary& H, const std::vector<double>& Y, size_t K, bool intercept)
      : p(make_problem(H, Y, K, intercept)), gram(H, intercept, p.Yc.data(), K) {}
};

GroupLassoSolver::GroupLassoSolver(const Dictionary& H, const std::vector<double>& Y, size_t K, bool intercept)
    : impl_(std::make_unique<Impl>(H, Y, K, intercept)) {}
GroupLassoSolver::~GroupLassoSolver() = default;

LassoResult solve_group_lasso(const Dictionary& H, const std::vector<double>& Y, size_t K, const LassoOptions& opt,
                              const LassoResult* warm) {
  return GroupLassoSolver(H, Y, K, opt.intercept).solve(opt, warm);
}

std::vector<LassoResult> solve_path(const Dictionary& H, const std::vector<double>& Y, size_t K,
                                    const std::vector<double>& betas, const LassoOptions& opt,
                                    const std::function<bool(const LassoResult&)>& keep_going) {
  GroupLassoSolver solver(H, Y, K, opt.intercept);
  std::vector<LassoResult> out;
  LassoOptions o = opt;
  for (double beta : betas) {
    o.beta = beta;
    out.push_back(solver.solve(o, out.empty() ? nullptr : &out.back()));
    if (keep_going && !keep_going(out.back())) break;
  }
  return out;
}

std::vector<double> geometric_betas(double beta_max, double beta_min, int points) {
  std::vector<double> b;
  for (int k = 1; k <= points; ++k)
    b.push_back(k == points ? beta_min : beta_max * std::pow(beta_min / beta_max, static_cast<double>(k) / points));
  return b;
}

LassoResult GroupLassoSolver::solve(const LassoOptions& opt, const LassoResult* warm) {
  Problem& p = impl_->p;
  const Dictionary& H = p.H;
  const size_t K = p.K;
  const double beta = opt.beta;
  Support W;
  if (warm)
    for (size_t s = 0; s < warm->support.size(); ++s) W[warm->support[s]] = warm->W[s];
  LassoResult res;
  res.beta = beta;
  res.p0 = 0.5 * p.yy;
  std::vector<uint8_t> screened(H.cols(), 0);
  GramCache& gram = impl_->gram;
  LargeArray& gram_ws = impl_->gram_ws;
  auto t0 = std::chrono::steady_clock::now();
  Certificate cert;
  std::vector<double> R;
  size_t last_ws = 0;
  auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  double t_pass = 0, t_inner = 0;  // seconds in full passes (residual, correlations) and in the inner solver
  long sweeps = 0, extrapolations = 0, newton_its = 0;
  bool certified = false;          // cert is the from-scratch certificate over every column
  for (int outer = 0; outer < opt.max_outer; ++outer) {
    auto tp = std::chrono::steady_clock::now();
    R = residual(p, W);
    cert = certify(p, W, R, beta, opt.screening ? &screened : nullptr);
    t_pass += since(tp);
    res.outer_iterations = outer + 1;
    size_t n_screened = 0;
    if (opt.screening) {  // Gap-Safe: ||h_j^T U*|| <= ||h_j^T U|| + sqrt(2 gap) ||h~_j|| < beta c_j => W*_j = 0
      double radius = std::sqrt(2 * cert.gap);
      for (size_t j = 0; j < H.cols(); ++j) {
        if (!screened[j] && !W.count(j) && cert.corr[j] / cert.scale + radius * centred_norm(p, j) < beta * H.cost(j))
          screened[j] = 1;
        n_screened += screened[j];
      }
    }
    double el = since(t0);
    if ((opt.verbose || el > 2.0) && comm::rank() == 0)  // long runs report progress even when not asked
      fmt::print(stderr,
                 "  solve: iter {:3d}  gap {:.3e} (rel {:.2e})  neurons {:4d}  working set {:4d}  screened {}/{}  {:.2f}s"
                 " (passes {:.2f}s, inner {:.2f}s, {} sweeps, {} extrapolations, {} Newton)\n",
                   outer, cert.gap, res.p0 > 0 ? cert.gap / res.p0 : 0.0, W.size(), last_ws, n_screened, H.cols(), el,
                   t_pass, t_inner, sweeps, extrapolations, newton_its);
    if (cert.gap <= opt.tol * res.p0) {
      // Screened columns were feasible when screened; re-check them all (the exit certificate).
      if (opt.screening) {
        tp = std::chrono::steady_clock::now();
        cert = certify(p, W, R, beta, nullptr);
        t_pass += since(tp);
      }
      certified = true;
      if (cert.gap <= opt.tol * res.p0) break;
      certified = false;
      std::fill(screened.begin(), screened.end(), 0);
      continue;
    }
    const size_t want = std::max(opt.ws_min, 2 * W.size());
    std::vector<size_t> ws = working_set(p, W, cert, beta, screened, want);
    last_ws = ws.size();
    std::vector<double> w(ws.size() * K, 0.0);
    for (size_t a = 0; a < ws.size(); ++a)
      if (auto it = W.find(ws[a]); it != W.end()) std::copy(it->second.begin(), it->second.end(), w.begin() + static_cast<long>(a * K));
    auto ti = std::chrono::steady_clock::now();
    GramCDStats st = inner_cd(p, gram, ws, w, beta, kInnerTol * cert.gap, opt.inner_stop_at, gram_ws, opt.inner);
    newton_its += st.newton_iterations;
    sweeps += st.sweeps;
    extrapolations += st.extrapolations;
    t_inner += since(ti);
    W.clear();
    for (size_t a = 0; a < ws.size(); ++a)
      if (norm(&w[a * K], K) > 0)
        W[ws[a]] = std::vector<double>(w.begin() + static_cast<long>(a * K), w.begin() + static_cast<long>((a + 1) * K));
  }
  // The certificate at exit, from scratch over every column (screened ones too): already computed
  // when the loop stopped on it.
  if (!certified) {
    R = residual(p, W);
    cert = certify(p, W, R, beta, nullptr);
  }
  res.primal = cert.primal;
  res.dual = cert.dual;
  res.gap = cert.gap;
  res.converged = cert.gap <= opt.tol * res.p0;
  res.max_kkt_violation = std::max(0.0, cert.max_viol);
  res.screened = static_cast<size_t>(std::count(screened.begin(), screened.end(), 1));
  res.cd_sweeps = sweeps;
  res.newton_iterations = newton_its;
  res.dual_point = R;
  for (auto& v : res.dual_point) v /= cert.scale;
  res.intercept = p.ymean;
  for (const auto& [j, w] : W) {
    res.support.push_back(j);
    res.W.push_back(w);
    if (p.center)
      for (size_t k = 0; k < K; ++k) res.intercept[k] -= w[k] * static_cast<double>(H.count(j)) / static_cast<double>(p.n);
  }
  return res;
}

}  // namespace hv

// Working-set proximal coordinate descent for l1 logistic regression (see logistic.hpp).
#include "logistic.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

namespace hv {

namespace {

double sigmoid(double t) { return t >= 0 ? 1.0 / (1.0 + std::exp(-t)) : std::exp(t) / (1.0 + std::exp(t)); }
double log1pexp(double t) { return t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t)); }
double xlogx(double a) { return a > 0 ? a * std::log(a) : 0.0; }

struct State {
  const Dictionary& H;
  const std::vector<double>& y;
  std::map<size_t, double> w;
  double b = 0;
  std::vector<double> f;  // H w + b
};

// The intercept's derivative and curvature: g = d/db sum_i log(1 + exp(-y_i f_i)), h = d2/db2.
void intercept_derivatives(const State& s, double& g, double& h) {
  g = 0;
  h = 0;
  for (size_t i = 0; i < s.f.size(); ++i) {
    double p = sigmoid(-s.y[i] * s.f[i]);
    g -= s.y[i] * p;
    h += p * (1 - p);
  }
}

// The optimal intercept given the rest of f: the root of g(b), which increases with b (the loss
// is convex in b). The root is bracketed first (steps t, 2t, 4t, ... away from the current b in
// the direction -g, t the Newton step), then found by Newton steps kept inside the bracket, bisection otherwise.
// Unsafeguarded Newton steps from an intercept far from its optimum, where every sigmoid saturates
// and h is tiny, overshoot and can diverge: issue 13's runaway gap.
void fit_intercept(State& s) {
  double b0 = s.b, g, h;
  auto move_to = [&](double b) {
    for (auto& v : s.f) v += b - s.b;
    s.b = b;
    intercept_derivatives(s, g, h);
  };
  intercept_derivatives(s, g, h);
  const double gtol = 1e-13 * static_cast<double>(s.f.size());
  if (std::abs(g) <= gtol) return;
  double lo = b0, hi = b0;  // g(lo) <= 0 <= g(hi)
  bool bracketed = false;
  const double first = h > 1e-300 ? std::min(std::abs(g / h), 1e6) : 1.0;  // the Newton step, if usable
  for (double step = first; step < 1e300 && !bracketed; step *= 2) {
    const bool below = g > 0;  // the root lies below: search downwards
    if (below) {
      hi = s.b;
      move_to(b0 - step);
      bracketed = g <= 0;
      if (bracketed) lo = s.b;
    } else {
      lo = s.b;
      move_to(b0 + step);
      bracketed = g >= 0;
      if (bracketed) hi = s.b;
    }
  }
  if (!bracketed) return;
  for (int it = 0; it < 200 && std::abs(g) > gtol && hi - lo > 1e-15 * std::max(1.0, std::abs(s.b)); ++it) {
    if (g < 0) lo = s.b;
    else hi = s.b;
    double next = h > 0 ? s.b - g / h : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    move_to(next);
  }
}

// Dual point (balanced, not yet scaled) u_i = y_i sigmoid(-y_i f_i).
std::vector<double> dual_raw(const State& s) {
  std::vector<double> u(s.f.size());
  double pos = 0, neg = 0;
  for (size_t i = 0; i < u.size(); ++i) {
    u[i] = s.y[i] * sigmoid(-s.y[i] * s.f[i]);
    (u[i] > 0 ? pos : neg) += std::abs(u[i]);
  }
  double fp = pos > neg ? neg / pos : 1.0, fn = neg > pos ? pos / neg : 1.0;
  for (auto& v : u) v *= v > 0 ? fp : fn;
  return u;
}

struct Cert {
  double primal = 0, dual = 0, gap = 0, scale = 1, max_viol = 0;
  std::vector<double> corr, u;
};

Cert certify(const State& s, double beta) {
  Cert c;
  c.u = dual_raw(s);
  const size_t P = s.H.cols();
  c.corr.assign(P, 0.0);
  s.H.correlate(c.u.data(), 1, c.corr.data(), nullptr);
  for (size_t j = 0; j < P; ++j) {
    c.corr[j] = std::abs(c.corr[j]);
    c.scale = std::max(c.scale, c.corr[j] / (beta * s.H.cost(j)));
    if (!s.w.count(j)) c.max_viol = std::max(c.max_viol, c.corr[j] - beta * s.H.cost(j));
  }
  for (size_t i = 0; i < s.f.size(); ++i) {
    c.primal += log1pexp(-s.y[i] * s.f[i]);
    double a = s.y[i] * c.u[i] / c.scale;
    c.dual -= xlogx(a) + xlogx(1 - a);
  }
  for (const auto& [j, w] : s.w) c.primal += beta * s.H.cost(j) * std::abs(w);
  c.gap = std::max(0.0, c.primal - c.dual);
  for (auto& v : c.u) v /= c.scale;
  return c;
}

// Proximal CD sweeps over the working set; columns materialized once per call.
void inner(State& s, const std::vector<size_t>& ws, double beta, int sweeps) {
  const size_t words = s.H.words();
  std::vector<uint64_t> bits(ws.size() * words);
  for (size_t a = 0; a < ws.size(); ++a) s.H.column(ws[a], &bits[a * words]);
  for (int sweep = 0; sweep < sweeps; ++sweep) {
    double max_move = 0;
    for (size_t a = 0; a < ws.size(); ++a) {
      const uint64_t* col = &bits[a * words];
      double g = 0;
      for (size_t wd = 0; wd < words; ++wd)
        for (uint64_t x = col[wd]; x; x &= x - 1) {
          size_t i = wd * 64 + static_cast<size_t>(std::countr_zero(x));
          g -= s.y[i] * sigmoid(-s.y[i] * s.f[i]);
        }
      double L = 0.25 * static_cast<double>(s.H.count(ws[a]));
      if (L <= 0) continue;
      double old = s.w.count(ws[a]) ? s.w[ws[a]] : 0.0, t = old - g / L, thr = beta * s.H.cost(ws[a]) / L;
      double nw = t > thr ? t - thr : (t < -thr ? t + thr : 0.0), d = nw - old;
      if (d == 0) continue;
      max_move = std::max(max_move, std::abs(d));
      for (size_t wd = 0; wd < words; ++wd)
        for (uint64_t x = col[wd]; x; x &= x - 1) s.f[wd * 64 + static_cast<size_t>(std::countr_zero(x))] += d;
      if (nw == 0) s.w.erase(ws[a]);
      else s.w[ws[a]] = nw;
    }
    fit_intercept(s);
    if (max_move < 1e-12) break;
  }
}

}  // namespace

double logistic_beta_max(const Dictionary& H, const std::vector<double>& y) {
  State s{H, y, {}, 0.0, std::vector<double>(y.size(), 0.0)};
  fit_intercept(s);
  std::vector<double> u = dual_raw(s), g(H.cols(), 0.0);
  H.correlate(u.data(), 1, g.data(), nullptr);
  double best = 0;
  for (size_t j = 0; j < H.cols(); ++j) best = std::max(best, std::abs(g[j]) / H.cost(j));
  return best;
}

LassoResult solve_logistic(const Dictionary& H, const std::vector<double>& y, const LassoOptions& opt,
                           const LassoResult* warm) {
  const size_t n = H.rows();
  State s{H, y, {}, 0.0, std::vector<double>(n, 0.0)};
  fit_intercept(s);
  LassoResult res;
  res.beta = opt.beta;
  for (size_t i = 0; i < n; ++i) res.p0 += log1pexp(-y[i] * s.f[i]);
  if (warm) {
    std::vector<size_t> cols(warm->support);
    for (size_t k = 0; k < cols.size(); ++k) s.w[cols[k]] = warm->W[k][0];
    if (warm->intercept.size() == 1) {  // start from the warm intercept, not from the empty model's
      for (auto& v : s.f) v += warm->intercept[0] - s.b;
      s.b = warm->intercept[0];
    }
    std::vector<uint64_t> bits(H.words());
    for (const auto& [j, w] : s.w) {
      H.column(j, bits.data());
      for (size_t wd = 0; wd < bits.size(); ++wd)
        for (uint64_t x = bits[wd]; x; x &= x - 1) s.f[wd * 64 + static_cast<size_t>(std::countr_zero(x))] += w;
    }
    fit_intercept(s);
  }
  auto t0 = std::chrono::steady_clock::now();
  Cert c;
  bool current = false;  // c certifies the final iterate (not the one before the last inner solve)
  for (int outer = 0; outer < opt.max_outer; ++outer) {
    c = certify(s, opt.beta);
    res.outer_iterations = outer + 1;
    double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (opt.verbose || el > 2.0)  // long runs report progress even when not asked
      fmt::print(stderr, "  solve: iter {:3d}  gap {:.3e} (rel {:.2e})  neurons {:4d}  {:.2f}s\n", outer, c.gap, c.gap / res.p0,
                   s.w.size(), el);
    if (c.gap <= opt.tol * res.p0) {
      current = true;
      break;
    }
    std::vector<std::pair<double, size_t>> prio;
    for (size_t j = 0; j < H.cols(); ++j)
      if (!s.w.count(j)) prio.push_back({opt.beta * H.cost(j) - c.corr[j] / c.scale, j});
    size_t want = std::min(prio.size(), std::max(opt.ws_min, 2 * s.w.size()));
    std::partial_sort(prio.begin(), prio.begin() + static_cast<long>(want), prio.end());
    std::vector<size_t> ws;
    for (const auto& [j, _] : s.w) ws.push_back(j);
    for (size_t t = 0; t < want; ++t) ws.push_back(prio[t].second);
    std::sort(ws.begin(), ws.end());
    inner(s, ws, opt.beta, 200);
  }
  if (!current) c = certify(s, opt.beta);  // stopped by max_outer: certify what is returned
  res.primal = c.primal;
  res.dual = c.dual;
  res.gap = c.gap;
  res.converged = c.gap <= opt.tol * res.p0;
  res.max_kkt_violation = std::max(0.0, c.max_viol);
  res.dual_point = c.u;
  res.intercept = {s.b};
  for (const auto& [j, w] : s.w) {
    res.support.push_back(j);
    res.W.push_back({w});
  }
  return res;
}

}  // namespace hv

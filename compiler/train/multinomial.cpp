// Working-set block proximal coordinate descent for the group-penalized multinomial logistic
// regression (see multinomial.hpp).
#include "multinomial.hpp"

#include <fmt/format.h>
#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>

namespace hv {

namespace {

std::vector<uint32_t> classes_of(const std::vector<double>& Y, size_t K) {
  const size_t n = Y.size() / K;
  std::vector<uint32_t> c(n);
  for (size_t i = 0; i < n; ++i)
    c[i] = static_cast<uint32_t>(std::max_element(Y.begin() + static_cast<long>(i * K), Y.begin() + static_cast<long>((i + 1) * K)) -
                                 (Y.begin() + static_cast<long>(i * K)));
  return c;
}

// p = softmax(f); returns lse(f).
double softmax(const double* f, double* p, size_t K) {
  double mx = f[0];
  for (size_t k = 1; k < K; ++k) mx = std::max(mx, f[k]);
  double s = 0;
  for (size_t k = 0; k < K; ++k) s += (p[k] = std::exp(f[k] - mx));
  for (size_t k = 0; k < K; ++k) p[k] /= s;
  return mx + std::log(s);
}

double xlogx(double a) { return a > 0 ? a * std::log(a) : 0.0; }

double norm(const double* v, size_t K) {
  double s = 0;
  for (size_t k = 0; k < K; ++k) s += v[k] * v[k];
  return std::sqrt(s);
}

struct State {
  const Dictionary& H;
  size_t n, K;
  std::vector<uint32_t> cls;
  std::vector<double> count;  // rows per class
  std::map<size_t, std::vector<double>> W;
  std::vector<double> b, F, P;  // intercepts (K), scores and probabilities (n x K)

  double loss() {
    double L = 0;
    for (size_t i = 0; i < n; ++i) L += softmax(&F[i * K], &P[i * K], K) - F[i * K + cls[i]];
    return L;
  }
};

// Newton's method on the intercepts alone (the softmax is invariant along 1, fixed by a rank-one
// term), with backtracking so that the loss never increases.
void fit_intercept(State& s) {
  const size_t K = s.K, n = s.n;
  double L = s.loss();
  for (int it = 0; it < 50; ++it) {
    Eigen::VectorXd g = Eigen::VectorXd::Zero(static_cast<long>(K));
    Eigen::MatrixXd Hb = Eigen::MatrixXd::Zero(static_cast<long>(K), static_cast<long>(K));
    for (size_t i = 0; i < n; ++i) {
      const double* p = &s.P[i * K];
      for (size_t k = 0; k < K; ++k) {
        g(static_cast<long>(k)) += p[k];
        Hb(static_cast<long>(k), static_cast<long>(k)) += p[k];
        for (size_t l = 0; l < K; ++l) Hb(static_cast<long>(k), static_cast<long>(l)) -= p[k] * p[l];
      }
    }
    for (size_t k = 0; k < K; ++k) g(static_cast<long>(k)) -= s.count[k];
    if (g.lpNorm<Eigen::Infinity>() <= 1e-14 * static_cast<double>(n)) break;
    const double tr = std::max(Hb.trace(), 1e-300);
    Hb.array() += tr / static_cast<double>(K * K);
    Hb.diagonal().array() += 1e-12 * tr;
    Eigen::VectorXd step = Hb.ldlt().solve(g);
    if (!step.allFinite()) break;
    const double slope = -g.dot(step);
    bool accepted = false;
    for (double t = 1.0; t > 1e-12; t *= 0.5) {
      for (size_t i = 0; i < n; ++i)
        for (size_t k = 0; k < K; ++k) s.F[i * K + k] -= t * step(static_cast<long>(k));
      const double Ln = s.loss();
      if (Ln <= L + 1e-4 * t * slope) {
        for (size_t k = 0; k < K; ++k) s.b[k] -= t * step(static_cast<long>(k));
        L = Ln;
        accepted = true;
        break;
      }
      for (size_t i = 0; i < n; ++i)
        for (size_t k = 0; k < K; ++k) s.F[i * K + k] += t * step(static_cast<long>(k));
    }
    if (!accepted) {
      s.loss();  // P of the unchanged F
      break;
    }
  }
}

struct Cert {
  double primal = 0, dual = 0, gap = 0, scale = 1, max_viol = 0;
  std::vector<double> corr, U;  // ||h_j^T U|| per column (before scaling); the scaled dual point
};

Cert certify(State& s, double beta) {
  const size_t n = s.n, K = s.K, P = s.H.cols();
  Cert c;
  c.primal = s.loss();
  for (const auto& [j, w] : s.W) c.primal += beta * s.H.cost(j) * norm(w.data(), K);
  // P' = (1 - t) P + t pi + (1 - t) e / n, e = class counts - column sums of P: column sums equal
  // the class counts, rows stay on the simplex for t >= max_k |e_k| / count_k.
  std::vector<double> e(s.count), pi(K);
  for (size_t i = 0; i < n; ++i)
    for (size_t k = 0; k < K; ++k) e[k] -= s.P[i * K + k];
  double t = 0;
  for (size_t k = 0; k < K; ++k) {
    t = std::max(t, std::abs(e[k]) / s.count[k]);
    pi[k] = s.count[k] / static_cast<double>(n);
  }
  t = std::min(1.0, t);
  c.U.resize(n * K);
  for (size_t i = 0; i < n; ++i)
    for (size_t k = 0; k < K; ++k) {
      const double p = std::max(0.0, (1 - t) * s.P[i * K + k] + t * pi[k] + (1 - t) * e[k] / static_cast<double>(n));
      c.U[i * K + k] = (s.cls[i] == k ? 1.0 : 0.0) - p;
    }
  std::vector<double> g(P * K, 0.0);
  s.H.correlate(c.U.data(), K, g.data(), nullptr);
  c.corr.resize(P);
  for (size_t j = 0; j < P; ++j) {
    c.corr[j] = norm(&g[j * K], K);
    c.scale = std::max(c.scale, c.corr[j] / (beta * s.H.cost(j)));
    if (!s.W.count(j)) c.max_viol = std::max(c.max_viol, c.corr[j] - beta * s.H.cost(j));
  }
  for (size_t i = 0; i < n; ++i)
    for (size_t k = 0; k < K; ++k) {
      c.U[i * K + k] /= c.scale;
      c.dual -= xlogx((s.cls[i] == k ? 1.0 : 0.0) - c.U[i * K + k]);
    }
  c.gap = std::max(0.0, c.primal - c.dual);
  return c;
}

// Block proximal CD sweeps over the working set (columns materialized once per call).
void inner(State& s, const std::vector<size_t>& ws, double beta, int sweeps, std::chrono::steady_clock::time_point stop_at) {
  const size_t words = s.H.words(), K = s.K;
  std::vector<uint64_t> bits(ws.size() * words);
  for (size_t a = 0; a < ws.size(); ++a) s.H.column(ws[a], &bits[a * words]);
  std::vector<double> g(K), z(K), d(K);
  for (int sweep = 0; sweep < sweeps; ++sweep) {
    double max_move = 0, max_w = 0;
    for (size_t a = 0; a < ws.size(); ++a) {
      const uint64_t* col = &bits[a * words];
      std::fill(g.begin(), g.end(), 0.0);
      for (size_t wd = 0; wd < words; ++wd)
        for (uint64_t x = col[wd]; x; x &= x - 1) {
          const size_t i = wd * 64 + static_cast<size_t>(std::countr_zero(x));
          for (size_t k = 0; k < K; ++k) g[k] += s.P[i * K + k];
          g[s.cls[i]] -= 1.0;
        }
      const double L = 0.5 * static_cast<double>(s.H.count(ws[a]));
      if (L <= 0) continue;
      auto it = s.W.find(ws[a]);
      std::vector<double> old = it != s.W.end() ? it->second : std::vector<double>(K, 0.0);
      for (size_t k = 0; k < K; ++k) z[k] = old[k] - g[k] / L;
      const double zn = norm(z.data(), K), thr = beta * s.H.cost(ws[a]) / L;
      const double shrink = zn > thr ? 1.0 - thr / zn : 0.0;
      bool any = false;
      for (size_t k = 0; k < K; ++k) {
        d[k] = z[k] * shrink - old[k];
        any = any || d[k] != 0;
        max_move = std::max(max_move, std::abs(d[k]));
        max_w = std::max(max_w, std::abs(z[k] * shrink));
      }
      if (!any) continue;
      for (size_t wd = 0; wd < words; ++wd)
        for (uint64_t x = col[wd]; x; x &= x - 1) {
          const size_t i = wd * 64 + static_cast<size_t>(std::countr_zero(x));
          for (size_t k = 0; k < K; ++k) s.F[i * K + k] += d[k];
          softmax(&s.F[i * K], &s.P[i * K], K);
        }
      if (shrink == 0) {
        s.W.erase(ws[a]);
      } else {
        std::vector<double> nw(K);
        for (size_t k = 0; k < K; ++k) nw[k] = z[k] * shrink;
        s.W[ws[a]] = std::move(nw);
      }
    }
    fit_intercept(s);
    if (max_move <= 1e-12 * std::max(1.0, max_w)) break;
    if (stop_at != std::chrono::steady_clock::time_point::max() && std::chrono::steady_clock::now() >= stop_at) break;
  }
}

State make_state(const Dictionary& H, const std::vector<double>& Y, size_t K) {
  if (K < 2) throw std::invalid_argument("multinomial logistic regression needs at least 2 classes");
  const size_t n = H.rows();
  State s{H, n, K, classes_of(Y, K), std::vector<double>(K, 0.0), {}, std::vector<double>(K, 0.0),
          std::vector<double>(n * K, 0.0), std::vector<double>(n * K, 0.0)};
  for (uint32_t c : s.cls) s.count[c] += 1;
  for (size_t k = 0; k < K; ++k)
    if (s.count[k] == 0)
      throw std::invalid_argument("multinomial logistic regression: class " + std::to_string(k) + " has no training rows");
  // The optimal intercepts of the empty model: log class frequencies.
  for (size_t k = 0; k < K; ++k) s.b[k] = std::log(s.count[k] / static_cast<double>(n));
  for (size_t i = 0; i < n; ++i)
    for (size_t k = 0; k < K; ++k) s.F[i * K + k] = s.b[k];
  s.loss();
  return s;
}

}  // namespace

double multinomial_loss(const std::vector<double>& f, const std::vector<double>& Y, size_t K) {
  std::vector<uint32_t> cls = classes_of(Y, K);
  std::vector<double> p(K);
  double L = 0;
  for (size_t i = 0; i < cls.size(); ++i) L += softmax(&f[i * K], p.data(), K) - f[i * K + cls[i]];
  return L;
}

double multinomial_beta_max(const Dictionary& H, const std::vector<double>& Y, size_t K) {
  State s = make_state(H, Y, K);
  std::vector<double> U(s.n * K), g(H.cols() * K, 0.0);
  for (size_t i = 0; i < s.n; ++i)
    for (size_t k = 0; k < K; ++k) U[i * K + k] = (s.cls[i] == k ? 1.0 : 0.0) - s.count[k] / static_cast<double>(s.n);
  H.correlate(U.data(), K, g.data(), nullptr);
  double best = 0;
  for (size_t j = 0; j < H.cols(); ++j) best = std::max(best, norm(&g[j * K], K) / H.cost(j));
  return best;
}

LassoResult solve_multinomial(const Dictionary& H, const std::vector<double>& Y, size_t K, const LassoOptions& opt,
                              const LassoResult* warm) {
  State s = make_state(H, Y, K);
  LassoResult res;
  res.beta = opt.beta;
  for (size_t k = 0; k < K; ++k) res.p0 -= s.count[k] * std::log(s.count[k] / static_cast<double>(s.n));
  if (warm) {
    for (size_t t = 0; t < warm->support.size(); ++t) s.W[warm->support[t]] = warm->W[t];
    std::vector<uint64_t> bits(H.words());
    for (const auto& [j, w] : s.W) {
      H.column(j, bits.data());
      for (size_t wd = 0; wd < bits.size(); ++wd)
        for (uint64_t x = bits[wd]; x; x &= x - 1) {
          const size_t i = wd * 64 + static_cast<size_t>(std::countr_zero(x));
          for (size_t k = 0; k < K; ++k) s.F[i * K + k] += w[k];
        }
    }
    s.loss();
  }
  fit_intercept(s);
  auto t0 = std::chrono::steady_clock::now();
  Cert c;
  bool current = false;
  for (int outer = 0; outer < opt.max_outer; ++outer) {
    c = certify(s, opt.beta);
    res.outer_iterations = outer + 1;
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (opt.verbose || el > 2.0)
      fmt::print(stderr, "  solve: iter {:3d}  gap {:.3e} (rel {:.2e})  neurons {:4d}  {:.2f}s\n", outer, c.gap, c.gap / res.p0,
                   s.W.size(), el);
    if (c.gap <= opt.tol * res.p0) {
      current = true;
      break;
    }
    std::vector<std::pair<double, size_t>> prio;
    for (size_t j = 0; j < H.cols(); ++j)
      if (!s.W.count(j)) prio.push_back({opt.beta * H.cost(j) - c.corr[j] / c.scale, j});
    const size_t want = std::min(prio.size(), std::max(opt.ws_min, 2 * s.W.size()));
    std::partial_sort(prio.begin(), prio.begin() + static_cast<long>(want), prio.end());
    std::vector<size_t> ws;
    for (const auto& [j, _] : s.W) ws.push_back(j);
    for (size_t t = 0; t < want; ++t) ws.push_back(prio[t].second);
    std::sort(ws.begin(), ws.end());
    inner(s, ws, opt.beta, 200, opt.inner_stop_at);
  }
  if (!current) c = certify(s, opt.beta);
  res.primal = c.primal;
  res.dual = c.dual;
  res.gap = c.gap;
  res.converged = c.gap <= opt.tol * res.p0;
  res.max_kkt_violation = std::max(0.0, c.max_viol);
  res.dual_point = c.U;
  res.intercept = s.b;
  for (const auto& [j, w] : s.W) {
    res.support.push_back(j);
    res.W.push_back(w);
  }
  return res;
}

}  // namespace hv

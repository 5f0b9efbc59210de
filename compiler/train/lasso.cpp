// Working-set block coordinate descent for the group Lasso (see lasso.hpp).
// Outer iteration: exact residual (O(n K + sum of support counts)), a full correlation pass
// (O(sum_j count_j K)), dual point and gap; then the working set = support + the most violating
// columns, its Gram by popcounts (O(|WS|^2 n/64), cached across iterations), and block CD on the
// Gram alone (O(|WS| K) per moving coordinate) until the working-set gap is a fraction of the
// outer gap.
#include "lasso.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <unordered_map>

namespace hv {

namespace {

struct Problem {
  const BitMatrix& H;
  size_t n, K;
  std::vector<double> Yc;    // centred targets, n x K
  std::vector<double> ymean;
  double yy = 0;             // ||Y_c||^2
};

Problem make_problem(const BitMatrix& H, const std::vector<double>& Y, size_t K) {
  Problem p{H, H.rows(), K, Y, std::vector<double>(K, 0.0), 0.0};
  for (size_t i = 0; i < p.n; ++i)
    for (size_t k = 0; k < K; ++k) p.ymean[k] += Y[i * K + k];
  for (auto& m : p.ymean) m /= static_cast<double>(p.n);
  for (size_t i = 0; i < p.n; ++i)
    for (size_t k = 0; k < K; ++k) {
      p.Yc[i * K + k] -= p.ymean[k];
      p.yy += p.Yc[i * K + k] * p.Yc[i * K + k];
    }
  return p;
}

double norm(const double* v, size_t K) {
  double s = 0;
  for (size_t k = 0; k < K; ++k) s += v[k] * v[k];
  return std::sqrt(s);
}

// Exact centred residual R = Y_c - H~ W, with H~ = H - 1 c^T / n.
std::vector<double> residual(const Problem& p, const std::unordered_map<size_t, std::vector<double>>& W) {
  std::vector<double> R = p.Yc;
  std::vector<double> shift(p.K, 0.0);
  for (const auto& [j, w] : W) {
    const uint64_t* c = p.H.col(j);
    for (size_t wd = 0; wd < p.H.words(); ++wd) {
      uint64_t bits = c[wd];
      while (bits) {
        double* row = &R[(wd * 64 + std::countr_zero(bits)) * p.K];
        for (size_t k = 0; k < p.K; ++k) row[k] -= w[k];
        bits &= bits - 1;
      }
    }
    for (size_t k = 0; k < p.K; ++k) shift[k] += w[k] * static_cast<double>(p.H.count(j)) / static_cast<double>(p.n);
  }
  for (size_t i = 0; i < p.n; ++i)
    for (size_t k = 0; k < p.K; ++k) R[i * p.K + k] += shift[k];
  return R;
}

struct Certificate {
  double primal, dual, gap, scale, max_viol;
  std::vector<double> corr_norm;  // ||h~_j^T R|| for every column
};

Certificate certify(const Problem& p, const std::unordered_map<size_t, std::vector<double>>& W,
                    const std::vector<double>& R, double beta) {
  Certificate c{};
  const size_t P = p.H.cols();
  c.corr_norm.assign(P, 0.0);
  std::vector<double> g(p.K);
  double gmax = 0;
  for (size_t j = 0; j < P; ++j) {
    std::fill(g.begin(), g.end(), 0.0);
    p.H.column_sum(j, R.data(), p.K, p.K, g.data());  // h~^T R = h^T R since 1^T R = 0
    c.corr_norm[j] = norm(g.data(), p.K);
    gmax = std::max(gmax, c.corr_norm[j]);
    if (!W.count(j)) c.max_viol = std::max(c.max_viol, c.corr_norm[j] - beta);
  }
  double rr = 0, yr = 0, pen = 0;
  for (size_t i = 0; i < R.size(); ++i) {
    rr += R[i] * R[i];
    yr += p.Yc[i] * R[i];
  }
  for (const auto& [j, w] : W) pen += norm(w.data(), p.K);
  c.scale = std::max(1.0, gmax / beta);
  c.primal = 0.5 * rr + beta * pen;
  c.dual = yr / c.scale - rr / (2 * c.scale * c.scale);
  c.gap = std::max(0.0, c.primal - c.dual);
  c.max_viol = std::max(0.0, c.max_viol);
  return c;
}

// Block CD on the working set using only its Gram matrix G and q = H~_WS^T R.
struct WorkingSet {
  std::vector<size_t> cols;
  std::vector<double> G;  // |WS| x |WS| centred Gram
  std::vector<double> bv; // H~_WS^T Y_c, |WS| x K
};

void build_gram(const Problem& p, WorkingSet& ws) {
  const size_t m = ws.cols.size();
  ws.G.assign(m * m, 0.0);
  const double n = static_cast<double>(p.n);
  for (size_t a = 0; a < m; ++a)
    for (size_t b = a; b < m; ++b) {
      double ca = static_cast<double>(p.H.count(ws.cols[a])), cb = static_cast<double>(p.H.count(ws.cols[b]));
      double v = static_cast<double>(p.H.and_count(ws.cols[a], ws.cols[b])) - ca * cb / n;
      ws.G[a * m + b] = ws.G[b * m + a] = v;
    }
  ws.bv.assign(m * p.K, 0.0);
  for (size_t a = 0; a < m; ++a) p.H.column_sum(ws.cols[a], p.Yc.data(), p.K, p.K, &ws.bv[a * p.K]);
}

void inner_cd(const Problem& p, const WorkingSet& ws, std::vector<double>& w, double beta, double tol_abs) {
  const size_t m = ws.cols.size(), K = p.K;
  std::vector<double> q(ws.bv);  // q = bv - G w
  for (size_t a = 0; a < m; ++a)
    for (size_t b = 0; b < m; ++b)
      if (ws.G[a * m + b] != 0)
        for (size_t k = 0; k < K; ++k) q[a * K + k] -= ws.G[a * m + b] * w[b * K + k];
  std::vector<double> z(K), d(K);
  for (int epoch = 1; epoch <= 10000; ++epoch) {
    for (size_t a = 0; a < m; ++a) {
      double gjj = ws.G[a * m + a];
      if (gjj <= 1e-12) continue;
      for (size_t k = 0; k < K; ++k) z[k] = q[a * K + k] + gjj * w[a * K + k];
      double zn = norm(z.data(), K);
      double shrink = zn > beta ? (1.0 - beta / zn) / gjj : 0.0;
      bool moved = false;
      for (size_t k = 0; k < K; ++k) {
        double nw = z[k] * shrink;
        d[k] = nw - w[a * K + k];
        if (d[k] != 0) moved = true;
        w[a * K + k] = nw;
      }
      if (!moved) continue;
      for (size_t b = 0; b < m; ++b) {
        double g = ws.G[b * m + a];
        if (g != 0)
          for (size_t k = 0; k < K; ++k) q[b * K + k] -= g * d[k];
      }
    }
    if (epoch % 5 != 0) continue;
    // Working-set duality gap from Gram quantities only.
    double bw = 0, wq = 0, pen = 0, qmax = 0;
    for (size_t a = 0; a < m; ++a) {
      for (size_t k = 0; k < K; ++k) {
        bw += ws.bv[a * K + k] * w[a * K + k];
        wq += w[a * K + k] * q[a * K + k];
      }
      pen += norm(&w[a * K], K);
      qmax = std::max(qmax, norm(&q[a * K], K));
    }
    double rr = p.yy - bw - wq, yr = p.yy - bw;
    double s = std::max(1.0, qmax / beta);
    double gap = (0.5 * rr + beta * pen) - (yr / s - rr / (2 * s * s));
    if (gap <= tol_abs) break;
  }
}

}  // namespace

double beta_max(const BitMatrix& H, const std::vector<double>& Y, size_t K) {
  Problem p = make_problem(H, Y, K);
  std::vector<double> g(K);
  double best = 0;
  for (size_t j = 0; j < H.cols(); ++j) {
    std::fill(g.begin(), g.end(), 0.0);
    H.column_sum(j, p.Yc.data(), K, K, g.data());
    best = std::max(best, norm(g.data(), K));
  }
  return best;
}

LassoResult solve_group_lasso(const BitMatrix& H, const std::vector<double>& Y, size_t K, const LassoOptions& opt) {
  Problem p = make_problem(H, Y, K);
  const double beta = opt.beta;
  std::unordered_map<size_t, std::vector<double>> W;  // support only
  LassoResult res;
  res.p0 = 0.5 * p.yy;
  auto t0 = std::chrono::steady_clock::now();
  Certificate cert{};
  for (int outer = 0; outer < opt.max_outer; ++outer) {
    std::vector<double> R = residual(p, W);
    cert = certify(p, W, R, beta);
    res.outer_iterations = outer + 1;
    if (opt.verbose) {
      double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "  solve: iter %3d  gap %.3e (rel %.2e)  neurons %zu  %.2fs\n", outer, cert.gap,
                   res.p0 > 0 ? cert.gap / res.p0 : 0.0, W.size(), el);
    }
    if (cert.gap <= opt.tol * res.p0) {
      res.converged = true;
      break;
    }
    // Working set: the support plus the columns whose dual constraint is most violated.
    std::vector<size_t> order(H.cols());
    std::iota(order.begin(), order.end(), 0);
    size_t want = std::max<size_t>(opt.ws_min, 2 * W.size());
    want = std::min(want, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<long>(want), order.end(),
                      [&](size_t a, size_t b) { return cert.corr_norm[a] > cert.corr_norm[b]; });
    WorkingSet ws;
    for (const auto& [j, _] : W) ws.cols.push_back(j);
    for (size_t t = 0; t < want && ws.cols.size() < want + W.size(); ++t)
      if (!W.count(order[t])) ws.cols.push_back(order[t]);
    std::sort(ws.cols.begin(), ws.cols.end());
    build_gram(p, ws);
    std::vector<double> w(ws.cols.size() * K, 0.0);
    for (size_t a = 0; a < ws.cols.size(); ++a)
      if (auto it = W.find(ws.cols[a]); it != W.end())
        std::copy(it->second.begin(), it->second.end(), w.begin() + static_cast<long>(a * K));
    inner_cd(p, ws, w, beta, 0.3 * cert.gap);
    W.clear();
    for (size_t a = 0; a < ws.cols.size(); ++a)
      if (norm(&w[a * K], K) > 0) W[ws.cols[a]] = std::vector<double>(w.begin() + static_cast<long>(a * K),
                                                                     w.begin() + static_cast<long>((a + 1) * K));
  }
  res.primal = cert.primal;
  res.dual = cert.dual;
  res.gap = cert.gap;
  res.max_kkt_violation = cert.max_viol;
  for (const auto& [j, _] : W) res.support.push_back(j);
  std::sort(res.support.begin(), res.support.end());
  res.intercept = p.ymean;
  for (size_t j : res.support) {
    res.W.push_back(W[j]);
    for (size_t k = 0; k < K; ++k)
      res.intercept[k] -= W[j][k] * static_cast<double>(H.count(j)) / static_cast<double>(p.n);
  }
  return res;
}

}  // namespace hv

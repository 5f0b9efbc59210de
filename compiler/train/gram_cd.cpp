// Gram-only block coordinate descent with active-set rounds and Anderson acceleration (see
// gram_cd.hpp). Every quantity comes from q = bv - G w:
//     <w, G w> = <bv, w> - <w, q>,   ||Y_c - H~ w||^2 = yy - <bv, w> - <w, q>,
//     F = 1/2 yy - 1/2 (<bv, w> + <w, q>) + pen,
//     dual point U = R / s, s = max(1, max_a ||q_a|| / cost_a),  D = <Y_c, R>/s - ||R||^2/(2 s^2),
// so a gap costs O(m K) and a sweep O(K * m * moving coordinates).
#include "gram_cd.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

namespace hv {

namespace {

// A (sub)problem over `m` coordinates with its own compact Gram rows.
struct Block {
  size_t m = 0, K = 1;
  const double* G = nullptr;  // m x m
  const double* bv = nullptr;
  const double* cost = nullptr;
  double yy = 0;
};

double norm(const double* v, size_t K) {
  double s = 0;
  for (size_t k = 0; k < K; ++k) s += v[k] * v[k];
  return std::sqrt(s);
}

struct Value {
  double F = 0, gap = 0;
};

Value value(const Block& b, const double* w, const double* q) {
  double bw = 0, wq = 0, pen = 0, smax = 1.0;
  for (size_t a = 0; a < b.m; ++a) {
    for (size_t k = 0; k < b.K; ++k) {
      bw += b.bv[a * b.K + k] * w[a * b.K + k];
      wq += w[a * b.K + k] * q[a * b.K + k];
    }
    pen += b.cost[a] * norm(&w[a * b.K], b.K);
    if (b.cost[a] > 0) smax = std::max(smax, norm(&q[a * b.K], b.K) / b.cost[a]);
  }
  double rr = b.yy - bw - wq, yr = b.yy - bw;
  Value v;
  v.F = 0.5 * rr + pen;
  v.gap = std::max(0.0, v.F - (yr / smax - rr / (2 * smax * smax)));
  return v;
}

// q = bv - G w over the block.
void residual_correlations(const Block& b, const double* w, double* q) {
  for (size_t a = 0; a < b.m; ++a)
    for (size_t k = 0; k < b.K; ++k) q[a * b.K + k] = b.bv[a * b.K + k];
  for (size_t c = 0; c < b.m; ++c) {
    const double* Gc = b.G + c * b.m;  // symmetric: column c = row c
    for (size_t k = 0; k < b.K; ++k) {
      const double wc = w[c * b.K + k];
      if (wc == 0) continue;
      for (size_t a = 0; a < b.m; ++a) q[a * b.K + k] -= Gc[a] * wc;
    }
  }
}

// One cyclic sweep; returns the number of coordinates that moved.
size_t sweep(const Block& b, double* w, double* q, std::vector<double>& z, std::vector<double>& d) {
  size_t moved = 0;
  const size_t m = b.m, K = b.K;
  for (size_t a = 0; a < m; ++a) {
    const double gaa = b.G[a * m + a];
    if (gaa <= 1e-12) continue;
    const double* Ga = b.G + a * m;
    if (K == 1) {
      const double za = q[a] + gaa * w[a], c = b.cost[a];
      const double nw = za > c ? (za - c) / gaa : za < -c ? (za + c) / gaa : 0.0;
      const double da = nw - w[a];
      if (da == 0) continue;
      w[a] = nw;
      ++moved;
      for (size_t t = 0; t < m; ++t) q[t] -= Ga[t] * da;
      continue;
    }
    for (size_t k = 0; k < K; ++k) z[k] = q[a * K + k] + gaa * w[a * K + k];
    const double zn = norm(z.data(), K);
    const double shrink = zn > b.cost[a] ? (1.0 - b.cost[a] / zn) / gaa : 0.0;
    bool any = false;
    for (size_t k = 0; k < K; ++k) {
      const double nw = z[k] * shrink;
      d[k] = nw - w[a * K + k];
      any = any || d[k] != 0;
      w[a * K + k] = nw;
    }
    if (!any) continue;
    ++moved;
    for (size_t t = 0; t < m; ++t)
      for (size_t k = 0; k < K; ++k) q[t * K + k] -= Ga[t] * d[k];
  }
  return moved;
}

// Anderson extrapolation of the last depth+1 iterates X[0..depth]: the affine combination
// sum_i c_i X[i+1] with sum c = 1 minimizing ||sum_i c_i (X[i+1] - X[i])||. False when the
// differences are (numerically) degenerate.
bool anderson(const std::vector<std::vector<double>>& X, std::vector<double>& out) {
  const long depth = static_cast<long>(X.size()) - 1;
  const size_t len = X[0].size();
  Eigen::MatrixXd U(static_cast<long>(len), depth);
  for (long i = 0; i < depth; ++i)
    for (size_t t = 0; t < len; ++t) U(static_cast<long>(t), i) = X[static_cast<size_t>(i) + 1][t] - X[static_cast<size_t>(i)][t];
  Eigen::MatrixXd C = U.transpose() * U;
  const double tr = C.trace();
  if (!(tr > 0) || !std::isfinite(tr)) return false;
  C.diagonal().array() += 1e-10 * tr;
  Eigen::VectorXd z = C.ldlt().solve(Eigen::VectorXd::Ones(depth));
  const double s = z.sum();
  if (!std::isfinite(s) || std::abs(s) < 1e-300) return false;
  z /= s;
  out.assign(len, 0.0);
  for (long i = 0; i < depth; ++i)
    for (size_t t = 0; t < len; ++t) out[t] += z(i) * X[static_cast<size_t>(i) + 1][t];
  for (double v : out)
    if (!std::isfinite(v)) return false;
  return true;
}

bool out_of_time(const GramCDOptions& opt, GramCDStats& st) {
  if (opt.stop_at == std::chrono::steady_clock::time_point::max()) return false;
  st.out_of_time = st.out_of_time || std::chrono::steady_clock::now() >= opt.stop_at;
  return st.out_of_time;
}

}  // namespace

double gram_objective(const GramProblem& pb, const std::vector<double>& w) {
  Block b{pb.m, pb.K, pb.G, pb.bv, pb.cost, pb.yy};
  std::vector<double> q(pb.m * pb.K);
  residual_correlations(b, w.data(), q.data());
  return value(b, w.data(), q.data()).F;
}

void gram_cd(const GramProblem& pb, std::vector<double>& w, const GramCDOptions& opt, GramCDStats* stats) {
  GramCDStats local;
  GramCDStats& st = stats ? *stats : local;
  const size_t m = pb.m, K = pb.K;
  const Block full{m, K, pb.G, pb.bv, pb.cost, pb.yy};
  std::vector<double> q(m * K), z(K), d(K);
  residual_correlations(full, w.data(), q.data());
  // Progress is judged by the gap, not by F: near the optimum F stops changing in double precision
  // long before the gap (which moves like the square root of F - F*) reaches a tight tolerance.
  // A phase or a round that does not cut its best gap by 10% over kWindow sweeps has stalled at
  // the rounding floor.
  constexpr long kWindow = 200;
  Value cur = value(full, w.data(), q.data());
  std::vector<double> GA, bA, cA, wA, qA, qacc, wacc;
  std::vector<std::vector<double>> X;
  int flat_rounds = 0;
  while (cur.gap > opt.tol_abs && st.sweeps < opt.max_sweeps) {
    // Full sweep: every coordinate of the working set may enter.
    const double round_gap = cur.gap;
    sweep(full, w.data(), q.data(), z, d);
    ++st.sweeps;
    cur = value(full, w.data(), q.data());
    if (st.trace) st.trace->push_back(cur.F);
    if (cur.gap <= opt.tol_abs || out_of_time(opt, st)) break;
    // Active phase on the non-zero coordinates.
    std::vector<size_t> A;
    for (size_t a = 0; a < m; ++a)
      if (norm(&w[a * K], K) > 0) A.push_back(a);
    const size_t s = A.size();
    if (s > 0) {
      GA.resize(s * s);
      bA.resize(s * K);
      cA.resize(s);
      wA.resize(s * K);
      qA.resize(s * K);
      for (size_t i = 0; i < s; ++i) {
        for (size_t j = 0; j < s; ++j) GA[i * s + j] = pb.G[A[i] * m + A[j]];
        for (size_t k = 0; k < K; ++k) {
          bA[i * K + k] = pb.bv[A[i] * K + k];
          wA[i * K + k] = w[A[i] * K + k];
          qA[i * K + k] = q[A[i] * K + k];
        }
        cA[i] = pb.cost[A[i]];
      }
      const Block act{s, K, GA.data(), bA.data(), cA.data(), pb.yy};
      Value av = value(act, wA.data(), qA.data());
      X.clear();
      double best = av.gap, checkpoint = av.gap;
      long since = 0;
      while (st.sweeps < opt.max_sweeps && av.gap > 0.5 * opt.tol_abs) {
        size_t moved = sweep(act, wA.data(), qA.data(), z, d);
        ++st.sweeps;
        av = value(act, wA.data(), qA.data());
        if (st.trace) st.trace->push_back(av.F);
        if (moved == 0 || out_of_time(opt, st)) break;
        if (opt.anderson && opt.anderson_depth > 0) {
          X.push_back(wA);
          if (X.size() == static_cast<size_t>(opt.anderson_depth) + 1) {
            if (anderson(X, wacc)) {
              qacc.resize(s * K);
              residual_correlations(act, wacc.data(), qacc.data());
              Value ev = value(act, wacc.data(), qacc.data());
              if (ev.F < av.F) {
                wA.swap(wacc);
                qA.swap(qacc);
                av = ev;
                ++st.extrapolations;
                if (st.trace) st.trace->push_back(av.F);
              } else {
                ++st.rejected;
              }
            }
            X.clear();
          }
        }
        best = std::min(best, av.gap);
        if (++since == kWindow) {
          if (best > 0.9 * checkpoint) break;
          checkpoint = best;
          since = 0;
        }
      }
      for (size_t i = 0; i < s; ++i)
        for (size_t k = 0; k < K; ++k) w[A[i] * K + k] = wA[i * K + k];
      residual_correlations(full, w.data(), q.data());
      cur = value(full, w.data(), q.data());
      if (cur.gap <= opt.tol_abs || st.out_of_time) break;
    }
    flat_rounds = cur.gap > 0.9 * round_gap ? flat_rounds + 1 : 0;
    if (flat_rounds >= 3) break;
  }
  st.gap = cur.gap;
}

}  // namespace hv

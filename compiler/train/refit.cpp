// The ridge refit of the output layer and its duality-gap certificate (see refit.hpp).
// Cost: materializing s columns O(s n / 64), the Gram O(s^2 n / 64) popcounts, the solve O(s^3),
// the certificate O(s n K).
#include "refit.hpp"

#include "support/mpi_comm.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <bit>
#include <cmath>

namespace hv {

namespace {

// n: this rank's rows; total: every rank's (support/mpi_comm.hpp); count: global column counts.
struct Columns {
  size_t n = 0, total = 0, words = 0;
  std::vector<uint64_t> bits;  // s x words
  std::vector<double> count;
  const uint64_t* col(size_t j) const { return bits.data() + j * words; }
};

Columns materialize(const Dictionary& dict, const std::vector<size_t>& support) {
  Columns c;
  c.n = dict.rows();
  c.total = dict.total_rows();
  c.words = dict.words();
  c.bits.assign(support.size() * c.words, 0);
  for (size_t s = 0; s < support.size(); ++s) {
    dict.column(support[s], c.bits.data() + s * c.words);
    c.count.push_back(static_cast<double>(dict.count(support[s])));
  }
  return c;
}

// out (s x K) = H^T V for V n x K row-major (this rank's rows), summed over every rank.
Eigen::MatrixXd htv(const Columns& c, const std::vector<double>& V, size_t K) {
  const size_t s = c.count.size();
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(static_cast<long>(s), static_cast<long>(K));
  for (size_t j = 0; j < s; ++j) {
    const uint64_t* b = c.col(j);
    for (size_t w = 0; w < c.words; ++w)
      for (uint64_t x = b[w]; x; x &= x - 1) {
        size_t r = w * 64 + static_cast<size_t>(std::countr_zero(x));
        for (size_t k = 0; k < K; ++k) out(static_cast<long>(j), static_cast<long>(k)) += V[r * K + k];
      }
  }
  comm::sum(std::span<double>(out.data(), static_cast<size_t>(out.size())));
  return out;
}

// H W (n x K) for W s x K.
std::vector<double> hw(const Columns& c, const Eigen::MatrixXd& W, size_t K) {
  std::vector<double> out(c.n * K, 0.0);
  for (size_t j = 0; j < c.count.size(); ++j) {
    const uint64_t* b = c.col(j);
    for (size_t w = 0; w < c.words; ++w)
      for (uint64_t x = b[w]; x; x &= x - 1) {
        size_t r = w * 64 + static_cast<size_t>(std::countr_zero(x));
        for (size_t k = 0; k < K; ++k) out[r * K + k] += W(static_cast<long>(j), static_cast<long>(k));
      }
  }
  return out;
}

// Column means of Y (n x K, this rank's rows) over the `total` rows of every rank.
std::vector<double> column_means(const std::vector<double>& Y, size_t n, size_t total, size_t K) {
  std::vector<double> m(K, 0.0);
  for (size_t r = 0; r < n; ++r)
    for (size_t k = 0; k < K; ++k) m[k] += Y[r * K + k];
  comm::sum(m);
  for (auto& v : m) v /= static_cast<double>(std::max<size_t>(total, 1));
  return m;
}

void certify(const Columns& c, const std::vector<double>& Y, size_t K, RefitResult& r) {
  const size_t n = c.n, s = c.count.size();
  Eigen::MatrixXd W(static_cast<long>(s), static_cast<long>(K));
  for (size_t j = 0; j < s; ++j)
    for (size_t k = 0; k < K; ++k) W(static_cast<long>(j), static_cast<long>(k)) = r.W[j][k];
  // The optimal intercept for W: the mean residual.
  std::vector<double> R = hw(c, W, K);
  for (size_t i = 0; i < n * K; ++i) R[i] = Y[i] - R[i];
  r.intercept = column_means(R, n, c.total, K);
  std::vector<double> ybar = column_means(Y, n, c.total, K);
  double loss = 0, p0 = 0, yu = 0;
  for (size_t i = 0; i < n; ++i)
    for (size_t k = 0; k < K; ++k) {
      double& u = R[i * K + k];
      u -= r.intercept[k];  // R = Y_c - H_c W: mean zero per column
      double yc = Y[i * K + k] - ybar[k];
      loss += 0.5 * u * u;
      p0 += 0.5 * yc * yc;
      yu += yc * u;
    }
  std::vector<double> sums = {loss, p0, yu};  // every rank's rows
  comm::sum(sums);
  loss = sums[0];
  p0 = sums[1];
  yu = sums[2];
  double wn = W.squaredNorm();
  Eigen::MatrixXd G = htv(c, R, K);  // = H_c^T R since R sums to zero per column
  r.primal = loss + 0.5 * r.lambda * wn;
  r.dual = yu - loss - (r.lambda > 0 ? 0.5 / r.lambda * G.squaredNorm() : 0.0);
  // P - D at U = R is, algebraically, ||H_c^T R - lambda W||^2 / (2 lambda): the squared KKT
  // residual. Computed that way it is non-negative and keeps its (tiny) value at the optimum, where
  // the difference primal - dual cancels to round-off (and was clamped to 0).
  if (r.lambda > 0) {
    Eigen::MatrixXd kkt = G - r.lambda * W;
    r.gap = 0.5 / r.lambda * kkt.squaredNorm();
  } else {
    r.gap = std::max(0.0, r.primal - r.dual);
  }
  r.p0 = p0;
}

}  // namespace

RefitResult refit_ridge(const Dictionary& dict, const std::vector<size_t>& support, const std::vector<double>& Y,
                        size_t K, double lambda) {
  RefitResult r;
  r.lambda = lambda;
  const size_t n = dict.rows(), s = support.size();
  Columns c = materialize(dict, support);
  std::vector<double> ybar = column_means(Y, n, c.total, K);
  std::vector<double> Yc(Y.size());
  for (size_t i = 0; i < n; ++i)
    for (size_t k = 0; k < K; ++k) Yc[i * K + k] = Y[i * K + k] - ybar[k];
  const long S = static_cast<long>(s);
  Eigen::MatrixXd W = Eigen::MatrixXd::Zero(S, static_cast<long>(K));
  if (s > 0) {
    // Centered Gram H_c^T H_c = |h_a AND h_b| - c_a c_b / n, plus lambda on the diagonal.
    // The AND counts are summed over every rank's rows (exact integers) before centring.
    std::vector<int64_t> both(s * s, 0);
    for (size_t a = 0; a < s; ++a)
      for (size_t b = a; b < s; ++b) {
        const uint64_t *x = c.col(a), *y = c.col(b);
        for (size_t w = 0; w < c.words; ++w) both[a * s + b] += std::popcount(x[w] & y[w]);
      }
    comm::sum(both);
    Eigen::MatrixXd A(S, S);
    for (size_t a = 0; a < s; ++a)
      for (size_t b = a; b < s; ++b) {
        double v = static_cast<double>(both[a * s + b]) - c.count[a] * c.count[b] / static_cast<double>(c.total);
        A(static_cast<long>(a), static_cast<long>(b)) = v;
        A(static_cast<long>(b), static_cast<long>(a)) = v;
      }
    A.diagonal().array() += lambda;
    Eigen::MatrixXd rhs = htv(c, Yc, K);  // H^T Y_c = H_c^T Y_c
    Eigen::LDLT<Eigen::MatrixXd> ldlt(A);
    W = ldlt.solve(rhs);
    // One step of iterative refinement against the same normal equations.
    Eigen::MatrixXd res = rhs - A * W;
    W += ldlt.solve(res);
  }
  r.W.assign(s, std::vector<double>(K, 0.0));
  for (size_t j = 0; j < s; ++j)
    for (size_t k = 0; k < K; ++k) r.W[j][k] = W(static_cast<long>(j), static_cast<long>(k));
  certify(c, Y, K, r);
  return r;
}

void ridge_certificate(const Dictionary& dict, const std::vector<size_t>& support, const std::vector<double>& Y,
                       size_t K, RefitResult& r) {
  certify(materialize(dict, support), Y, K, r);
}

}  // namespace hv

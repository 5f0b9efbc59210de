// Straight-through-estimator training of threshold networks and their integerization (see
// ste.hpp). One step costs O(n (d m + m^2 + m K)) for n rows, d inputs, width m and K scores.
#include "ste.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "fit_layer.hpp"
#include "quantize_inputs.hpp"
#include "reference.hpp"
#include "support/diagnostics.hpp"

namespace hv {

// float32 for the gradient steps (as PyTorch does); objectives are summed in double.
using Mat = Eigen::MatrixXf;
using Vec = Eigen::VectorXf;

namespace {

struct Params {
  std::vector<Mat> W;  // hidden layer l: m_l x in_l
  std::vector<Vec> b;
  Vec s;               // amplitude of each last-layer neuron
  Mat A;               // m_last x K output weights (effective weight: s_j * A_j)
  Vec c;               // K intercepts (free, as in the convex program)
};

struct Forward {
  std::vector<Mat> Z, H;  // pre-activations and bits (0/1) of every hidden layer, n x m_l
  Mat F;                  // n x K scores
};

// PyTorch's nn.Linear default: weights and bias uniform in +-1/sqrt(fan_in).
Mat uniform(std::mt19937_64& rng, long rows, long cols, double bound) {
  std::uniform_real_distribution<double> u(-bound, bound);
  Mat m(rows, cols);
  for (long j = 0; j < cols; ++j)
    for (long i = 0; i < rows; ++i) m(i, j) = static_cast<float>(u(rng));
  return m;
}

Params init_params(std::mt19937_64& rng, long d, const std::vector<int>& widths, long K) {
  Params p;
  long in = d;
  for (int m : widths) {
    double bound = 1.0 / std::sqrt(static_cast<double>(in));
    p.W.push_back(uniform(rng, m, in, bound));
    p.b.push_back(uniform(rng, m, 1, bound).col(0));
    in = m;
  }
  double bound = 1.0 / std::sqrt(static_cast<double>(in));
  p.s = Vec::Ones(in);
  p.A = uniform(rng, in, K, bound);
  p.c = uniform(rng, K, 1, bound).col(0);
  return p;
}

Mat step_of(const Mat& z) { return (z.array() >= 0).cast<float>().matrix(); }

Forward forward(const Params& p, const Mat& X) {
  Forward f;
  const Mat* in = &X;
  for (size_t l = 0; l < p.W.size(); ++l) {
    f.Z.push_back((*in * p.W[l].transpose()).rowwise() + p.b[l].transpose());
    f.H.push_back(step_of(f.Z.back()));
    in = &f.H.back();
  }
  f.F = ((*in) * p.s.asDiagonal() * p.A).rowwise() + p.c.transpose();
  return f;
}

// The common objective: 1/2 ||F - Y||^2 + beta sum_j ||s_j A_j||_2.
double objective(const Mat& F, const Mat& Y, const Vec& s, const Mat& A, double beta) {
  double pen = 0;
  for (long j = 0; j < A.rows(); ++j) pen += std::abs(double{s(j)}) * A.row(j).cast<double>().norm();
  return 0.5 * (F - Y).cast<double>().squaredNorm() + beta * pen;
}

// What SGD minimizes, divided by n: squared loss plus weight decay on every weight (not biases).
double sgd_loss(const Params& p, const Forward& f, const Mat& Y, double beta) {
  double decay = p.s.cast<double>().squaredNorm() + p.A.cast<double>().squaredNorm();
  for (const auto& w : p.W) decay += w.cast<double>().squaredNorm();
  return (0.5 * (f.F - Y).cast<double>().squaredNorm() + 0.5 * beta * decay) / static_cast<double>(Y.rows());
}

void sgd_step(Params& p, const Forward& f, const Mat& X, const Mat& Y, double beta, double lr_d,
              Surrogate sur) {
  const float n = static_cast<float>(X.rows()), wd = static_cast<float>(beta) / n, lr = static_cast<float>(lr_d);
  const Mat G = (f.F - Y) / n;
  const Mat& H = f.H.back();
  Mat dHs = G * p.A.transpose();  // d loss / d (s_j h_j)
  Vec ds = (dHs.cwiseProduct(H)).colwise().sum().transpose() + wd * p.s;
  Mat dA = (H * p.s.asDiagonal()).transpose() * G + wd * p.A;
  Mat dH = dHs * p.s.asDiagonal();
  p.c -= lr * G.colwise().sum().transpose();
  p.s -= lr * ds;
  p.A -= lr * dA;
  for (size_t l = p.W.size(); l-- > 0;) {
    Mat dZ = dH.binaryExpr(f.Z[l], [sur](float g, float z) { return g * static_cast<float>(surrogate_grad(sur, z)); });
    const Mat& in = l == 0 ? X : f.H[l - 1];
    if (l > 0) dH = dZ * p.W[l];
    p.W[l] -= lr * (dZ.transpose() * in + wd * p.W[l]);
    p.b[l] -= lr * dZ.colwise().sum().transpose();
  }
}

// Integer layer from float weights over inputs x = q * in_scale: the largest |weight| uses `bits`
// signed bits. An all-zero layer row keeps its sign through the bias alone.
Layer integer_layer(const Mat& W, const Vec& b, double in_scale, int bits) {
  Layer L;
  L.n_out = static_cast<int>(W.rows());
  L.n_in = static_cast<int>(W.cols());
  const double top = static_cast<double>((int64_t{1} << (bits - 1)) - 1);
  for (long j = 0; j < W.rows(); ++j) {
    double wmax = double{W.row(j).cwiseAbs().maxCoeff()} * in_scale;
    double t = wmax > 0 ? top / wmax : 1.0;
    for (long i = 0; i < W.cols(); ++i) L.weights.push_back(std::llround(double{W(j, i)} * in_scale * t));
    L.bias.push_back(wmax > 0 ? std::llround(double{b(j)} * t) : (b(j) >= 0 ? 0 : -1));
  }
  return L;
}

// Output layer scaled like the convex trainer's (reconstruct.cpp): largest |w| on output_bits.
void quantize_output(const Mat& E, const Vec& c, int output_bits, Network& net) {
  double wmax = E.size() ? double{E.cwiseAbs().maxCoeff()} : 0.0;
  if (wmax == 0) wmax = double{c.cwiseAbs().maxCoeff()};
  double scale = wmax > 0 ? static_cast<double>((int64_t{1} << (output_bits - 1)) - 1) / wmax : 1.0;
  Layer o;
  o.n_in = static_cast<int>(E.rows());
  o.n_out = static_cast<int>(E.cols());
  for (long k = 0; k < E.cols(); ++k) {
    for (long j = 0; j < E.rows(); ++j) o.weights.push_back(std::llround(double{E(j, k)} * scale));
    o.bias.push_back(std::llround(double{c(k)} * scale));
  }
  net.output = o;
  net.score_scale = scale;
}

std::vector<int> class_index(const Dataset& data, const std::vector<std::string>& classes) {
  std::vector<int> y(data.n_rows);
  for (size_t r = 0; r < data.n_rows; ++r)
    y[r] = static_cast<int>(std::find(classes.begin(), classes.end(), data.labels[r]) - classes.begin());
  return y;
}

// +-1 targets: one column for two classes (class 1 -> +1), else one-hot columns.
Mat targets(const std::vector<int>& y, long K) {
  Mat Y = Mat::Constant(static_cast<long>(y.size()), K, -1.0f);
  for (size_t r = 0; r < y.size(); ++r) {
    if (K == 1) Y(static_cast<long>(r), 0) = y[r] == 1 ? 1.0f : -1.0f;
    else Y(static_cast<long>(r), y[r]) = 1.0f;
  }
  return Y;
}

double accuracy(const Mat& F, const std::vector<int>& y) {
  if (y.empty()) return 0;
  size_t ok = 0;
  for (long r = 0; r < F.rows(); ++r) {
    int cls = 0;
    if (F.cols() == 1) cls = F(r, 0) >= 0 ? 1 : 0;
    else F.row(r).maxCoeff(&cls);
    ok += cls == y[static_cast<size_t>(r)];
  }
  return static_cast<double>(ok) / static_cast<double>(y.size());
}

// Inputs as SGD sees them: q / (2^B - 1), in [0, 1].
Mat scaled_inputs(const Network& net, const Dataset& data) {
  auto q = quantize_rows(net, data);
  const long n = static_cast<long>(data.n_rows), d = static_cast<long>(data.n_features());
  Mat X(n, d);
  const double qmax = static_cast<double>(net.input_max());
  for (long r = 0; r < n; ++r)
    for (long c = 0; c < d; ++c) X(r, c) = static_cast<float>(static_cast<double>(q[static_cast<size_t>(r * d + c)]) / qmax);
  return X;
}

// Gradient descent with the lr halved after `patience` steps without progress; keeps the trace.
void descend(Params& p, const Mat& X, const Mat& Y, double beta, const SteOptions& opt, SteReport& rep,
             std::chrono::steady_clock::time_point t0) {
  double lr = opt.lr, best = INFINITY;
  int stale = 0;
  for (int it = 0;; ++it) {
    Forward f = forward(p, X);
    rep.trace.push_back({it, seconds_since(t0), objective(f.F, Y, p.s, p.A, beta), lr});
    if (it == opt.iterations) break;
    if (opt.time_limit > 0 && rep.trace.back().seconds >= opt.time_limit) {
      rep.stopped_at_time_limit = true;
      break;
    }
    double loss = sgd_loss(p, f, Y, beta);
    if (loss < best * (1 - 1e-4)) {
      best = loss;
      stale = 0;
    } else if (++stale > opt.patience) {
      lr *= 0.5;
      ++rep.halvings;
      stale = 0;
    }
    sgd_step(p, f, X, Y, beta, lr, opt.surrogate);
  }
  rep.final_lr = lr;
}

}  // namespace

Surrogate surrogate_from_method(const std::string& method) {
  if (method == "ste-identity") return Surrogate::identity;
  if (method == "ste-relu") return Surrogate::relu;
  if (method == "ste-lrelu") return Surrogate::lrelu;
  if (method == "ste-crelu") return Surrogate::crelu;
  fail("the training method is " + quote(method) + ", expected ste-identity, ste-relu, ste-lrelu or ste-crelu");
}

std::string surrogate_name(Surrogate s) {
  switch (s) {
    case Surrogate::identity: return "identity";
    case Surrogate::relu: return "relu";
    case Surrogate::lrelu: return "lrelu";
    case Surrogate::crelu: return "crelu";
  }
  return "?";
}

double surrogate_grad(Surrogate s, double z) {
  switch (s) {
    case Surrogate::identity: return 1.0;
    case Surrogate::relu: return z > 0 ? 1.0 : 0.0;
    case Surrogate::lrelu: return z > 0 ? 1.0 : 0.01;
    case Surrogate::crelu: return z > 0 && z < 1 ? 1.0 : 0.0;
  }
  return 0.0;
}

Network train_ste(const Dataset& train, const Dataset& test, const SteOptions& opt, SteReport& rep) {
  auto t0 = std::chrono::steady_clock::now();
  if (opt.depth != 2 && opt.depth != 3) fail("the depth is " + std::to_string(opt.depth) + " layers; the ste-* methods train 2 or 3");
  Network net;
  net.name = opt.name;
  net.label = train.label_name;
  net.classes = class_labels(train, &test);
  if (net.classes.size() < 2)
    fail_at({train.source, 0, 0}, "the label column " + quote(train.label_name) + " has a single class " +
                                      quote(net.classes.empty() ? "" : net.classes[0]) + "; at least 2 are needed");
  net.input_bits = opt.input_bits;
  net.inputs = fit_quantizer(train, opt.input_bits);
  const long K = net.classes.size() == 2 ? 1 : static_cast<long>(net.classes.size());
  const Mat X = scaled_inputs(net, train), Xt = scaled_inputs(net, test);
  const std::vector<int> ytr = class_index(train, net.classes), yte = class_index(test, net.classes);
  const Mat Y = targets(ytr, K);
  rep.n_train = train.n_rows;
  rep.n_test = test.n_rows;
  rep.beta = opt.beta > 0 ? opt.beta : 1e-3 * static_cast<double>(train.n_rows);
  rep.widths.assign(static_cast<size_t>(opt.depth - 1), opt.width);

  std::mt19937_64 rng(opt.seed);
  Params p = init_params(rng, X.cols(), rep.widths, K);
  descend(p, X, Y, rep.beta, opt, rep, t0);

  const Forward f = forward(p, X);
  rep.float_objective = objective(f.F, Y, p.s, p.A, rep.beta);
  rep.float_acc = {accuracy(f.F, ytr), accuracy(forward(p, Xt).F, yte)};
  for (size_t l = 0; l < p.W.size(); ++l)
    net.hidden.push_back(integer_layer(p.W[l], p.b[l], l == 0 ? 1.0 / static_cast<double>(net.input_max()) : 1.0,
                                       opt.weight_bits));
  const Mat E = p.s.asDiagonal() * p.A;
  quantize_output(E, p.c, opt.output_bits, net);

  // Hidden activations of the integer network against the float network's, every layer.
  auto q = quantize_rows(net, train);
  const size_t d = train.n_features();
  Mat Hint(X.rows(), E.rows());
  for (size_t r = 0; r < train.n_rows; ++r) {
    auto acts = ref::activations(net, std::span<const int64_t>(q.data() + r * d, d));
    for (size_t l = 0; l < acts.size(); ++l)
      for (size_t j = 0; j < acts[l].size(); ++j) {
        ++rep.pattern_checks;
        rep.pattern_changes += acts[l][j] != (f.H[l](static_cast<long>(r), static_cast<long>(j)) > 0.5);
        if (l + 1 == acts.size()) Hint(static_cast<long>(r), static_cast<long>(j)) = acts[l][j];
      }
  }
  rep.integer_objective = objective((Hint * E).rowwise() + p.c.transpose(), Y, p.s, p.A, rep.beta);
  rep.int_acc = {integer_accuracy(net, train), integer_accuracy(net, test)};
  rep.seconds = seconds_since(t0);
  return net;
}

}  // namespace hv

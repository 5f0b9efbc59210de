// Boundary ("tie") vectors: inputs q that put a threshold neuron's pre-activation, a binary score,
// or the difference of two scores exactly at 0 (see add_tie_vectors in vectors.hpp). The value of
// a target is computed from the reference's activations, so a found vector is exact by definition.
// Cost per target: O(attempts x steps x weights); bounded, so large models stay fast.
#include <algorithm>
#include <numeric>
#include <random>

#include "reference.hpp"
#include "vectors.hpp"

namespace hv {

namespace {

struct Target {
  int layer;   // hidden layer index, or -1 for the output layer
  int a, b;    // neuron (or score) a; output: b >= 0 means score a - score b
  std::string what;
};

int64_t affine_row(const Layer& layer, int j, std::span<const int64_t> in) {
  int64_t s = layer.bias[j];
  for (int i = 0; i < layer.n_in; ++i) s += layer.w(j, i) * in[i];
  return s;
}

// The target's value at q: z of a neuron, a score, or a difference of scores.
int64_t value(const Network& net, const Target& t, const std::vector<int64_t>& q) {
  if (t.layer == 0) return affine_row(net.hidden[0], t.a, q);
  auto acts = ref::activations(net, q);
  const auto& bits = acts[t.layer < 0 ? acts.size() - 1 : static_cast<size_t>(t.layer) - 1];
  std::vector<int64_t> in(bits.begin(), bits.end());
  if (t.layer > 0) return affine_row(net.hidden[t.layer], t.a, in);
  int64_t s = affine_row(net.output, t.a, in);
  return t.b < 0 ? s : s - affine_row(net.output, t.b, in);
}

// x, y with a x + b y = g = gcd(a, b) (a, b != 0).
int64_t ext_gcd(int64_t a, int64_t b, int64_t& x, int64_t& y) {
  if (b == 0) {
    x = a < 0 ? -1 : 1;
    y = 0;
    return a < 0 ? -a : a;
  }
  int64_t x1, y1;
  int64_t g = ext_gcd(b, a % b, x1, y1);
  x = y1;
  y = x1 - (a / b) * y1;
  return g;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Layer 0: makes w.q + b = 0 exactly, or returns false. Greedy one-input steps shrink |z|; then
// pairs (i, k) solve w_i d_i + w_k d_k = -z with q_i + d_i, q_k + d_k kept in range.
bool solve_first_layer(const Network& net, int j, std::vector<int64_t>& q, std::mt19937_64& rng) {
  const Layer& L = net.hidden[0];
  const int64_t qmax = net.input_max();
  std::vector<int> nz;
  for (int i = 0; i < L.n_in; ++i)
    if (L.w(j, i) != 0) nz.push_back(i);
  if (nz.empty()) return L.bias[j] == 0;
  for (int pass = 0; pass < 3; ++pass) {
    std::shuffle(nz.begin(), nz.end(), rng);
    for (int i : nz) {
      int64_t z = affine_row(L, j, q), w = L.w(j, i);
      if (z == 0) return true;
      int64_t d = -(z + (z > 0 ? 1 : -1) * (std::abs(w) / 2)) / w;  // rounded -z / w
      q[i] = std::clamp<int64_t>(q[i] + d, 0, qmax);
    }
  }
  std::uniform_int_distribution<size_t> pick(0, nz.size() - 1);
  for (int attempt = 0; attempt < 64; ++attempt) {
    int64_t z = affine_row(L, j, q);
    if (z == 0) return true;
    int i = nz[pick(rng)], k = nz[pick(rng)];
    if (i == k) continue;
    int64_t wi = L.w(j, i), wk = L.w(j, k), x, y;
    int64_t g = ext_gcd(wi, wk, x, y);
    if (z % g != 0) continue;
    // d_i = x0 + t * wk / g, d_k = y0 - t * wi / g with x0 = -z/g * x, y0 = -z/g * y.
    int64_t m = -z / g, x0 = m * x, y0 = m * y, si = wk / g, sk = -wi / g;
    // t with q_i + x0 + t si in [0, qmax]: centre it, then check q_k.
    int64_t t = floor_div(qmax / 2 - q[i] - x0, si);
    for (int64_t dt : {int64_t{0}, int64_t{1}, int64_t{-1}}) {
      int64_t ni = q[i] + x0 + (t + dt) * si, nk = q[k] + y0 + (t + dt) * sk;
      if (ni >= 0 && ni <= qmax && nk >= 0 && nk <= qmax) {
        q[i] = ni;
        q[k] = nk;
        break;
      }
    }
  }
  return affine_row(L, j, q) == 0;
}

// Any target: local search on |value|, one input changed per step (sideways moves allowed).
bool search(const Network& net, const Target& t, std::vector<int64_t>& q, std::mt19937_64& rng) {
  std::uniform_int_distribution<int64_t> any(0, net.input_max());
  std::uniform_int_distribution<size_t> which(0, q.size() - 1);
  int64_t best = std::abs(value(net, t, q));
  for (int step = 0; step < 300 && best != 0; ++step) {
    size_t i = which(rng);
    int64_t old = q[i];
    q[i] = step % 2 ? any(rng) : std::clamp<int64_t>(old + (any(rng) % 9) - 4, 0, net.input_max());
    int64_t v = std::abs(value(net, t, q));
    if (v <= best) best = v;
    else q[i] = old;
  }
  return best == 0;
}

std::vector<Target> targets(const Network& net) {
  std::vector<Target> ts;
  for (size_t l = 0; l < net.hidden.size(); ++l)
    for (int j = 0; j < net.hidden[l].n_out; ++j)
      ts.push_back({static_cast<int>(l), j, -1,
                    "tie: hidden layer " + std::to_string(l + 1) + " neuron " + std::to_string(j) + " z = 0"});
  if (net.binary()) ts.push_back({-1, 0, -1, "tie: score 0 = 0"});
  for (int c = 0; !net.binary() && c < net.output.n_out; ++c)
    for (int d = c + 1; d < net.output.n_out; ++d)
      ts.push_back({-1, c, d, "tie: score " + std::to_string(c) + " = score " + std::to_string(d)});
  return ts;
}

}  // namespace

size_t add_tie_vectors(const Network& net, VectorSet& vs, size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x7469657374696573ull);
  std::uniform_int_distribution<int64_t> any(0, net.input_max());
  std::vector<Target> ts = targets(net);
  std::vector<int> failures(ts.size(), 0);
  size_t added = 0;
  for (size_t round = 0; added < count && round < 8; ++round) {
    for (size_t k = 0; k < ts.size() && added < count; ++k) {
      if (failures[k] >= 2) continue;  // two failed attempts: likely impossible, stop spending on it
      std::vector<int64_t> q(vs.n_in);
      for (auto& v : q) v = any(rng);
      bool ok = ts[k].layer == 0 ? solve_first_layer(net, ts[k].a, q, rng) : search(net, ts[k], q, rng);
      if (!ok || value(net, ts[k], q) != 0) {
        ++failures[k];
        continue;
      }
      vs.inputs.push_back(std::move(q));
      vs.origin.push_back(ts[k].what);
      ++added;
    }
  }
  return added;
}

}  // namespace hv

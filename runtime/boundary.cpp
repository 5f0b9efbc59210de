// find_boundaries (see boundary.hpp). Targets are visited layer by layer, so the witnesses of a
// layer seed the searches of the layers above. Every decision is checked against the reference
// (forward below is the same arithmetic as reference.cpp, kept here to expose every z).
#include "boundary.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <set>
#include <span>

#include "ir/bounds.hpp"
#include "reference.hpp"

namespace hv {

namespace {

constexpr int kExhaustiveBits = 18;           // input spaces up to 2^18 points are enumerated
constexpr double kExhaustiveWork = 4e8;       // ... when points x (weights + targets) stays below this
constexpr size_t kDpBytes = size_t{64} << 20;  // tables of one layer-0 DP
constexpr double kDpWork = 2e8;               // word operations of one DP
constexpr double kSearchWork = 2e8;
constexpr size_t kCheapModel = 100000;        // weights above which the searches stay O(n_in) and the
                                              // flip preference is skipped (one forward pass is costly)
constexpr size_t kInputTargets = 32;          // per-input layer-0 targets up to this many inputs
constexpr size_t kInputTargetsTotal = 4096;   // ... and this many inputs x layer-0 neurons           // weight operations of all local searches together

struct Target {
  int layer;   // hidden layer index, or L = net.hidden.size() for the scores
  int a, b;    // neuron, or score a (and b >= 0: score a - score b)
  int64_t t;   // the value sought
  size_t item; // index into the report
  int input = -1;  // layer 0: >= 0 asks for z in the band where weight `input` +-1 flips it
};

struct Eval {
  std::vector<int64_t> q;
  std::vector<std::vector<int64_t>> z;  // per hidden layer
  std::vector<int64_t> scores;
};

// The forward pass; with flip_layer >= 0, neuron flip_neuron of that hidden layer has its
// activation inverted (what a mutant that moves its threshold does on the boundary).
Eval forward(const Network& net, const std::vector<int64_t>& q, int flip_layer = -1, int flip_neuron = -1) {
  Eval e;
  e.q = q;
  std::vector<int64_t> in(q.begin(), q.end());
  auto affine = [](const Layer& L, const std::vector<int64_t>& x) {
    std::vector<int64_t> z(L.n_out);
    for (int j = 0; j < L.n_out; ++j) {
      int64_t s = L.bias[j];
      for (int i = 0; i < L.n_in; ++i) s += L.w(j, i) * x[i];
      z[j] = s;
    }
    return z;
  };
  for (const Layer& L : net.hidden) {
    e.z.push_back(affine(L, in));
    in.assign(e.z.back().size(), 0);
    for (size_t j = 0; j < in.size(); ++j) in[j] = e.z.back()[j] >= 0 ? 1 : 0;
    if (static_cast<int>(e.z.size()) - 1 == flip_layer) in[flip_neuron] ^= 1;
  }
  e.scores = affine(net.output, in);
  return e;
}

// How far an input is from the target: 0 exactly on it.
int64_t miss(const Network& net, const Target& t, const Eval& e) {
  if (t.layer < static_cast<int>(net.hidden.size())) {
    const int64_t z = e.z[t.layer][t.a];
    if (t.input < 0) return std::abs(z - t.t);
    // The band where weight `input` moved by +1 (t = -1: -q <= z <= -1) or by -1 (t = 0:
    // 0 <= z <= q - 1) flips the neuron; empty when q = 0.
    const int64_t q = e.q[t.input];
    if (q == 0) return std::abs(z - t.t) + 1;
    const int64_t lo = t.t < 0 ? -q : 0, hi = t.t < 0 ? -1 : q - 1;
    return z < lo ? lo - z : z > hi ? z - hi : 0;
  }
  if (t.b < 0) return std::abs(e.scores[t.a] - t.t);
  const int64_t sa = e.scores[t.a], sb = e.scores[t.b];
  int64_t others = INT64_MIN;
  for (size_t c = 0; c < e.scores.size(); ++c)
    if (static_cast<int>(c) != t.a && static_cast<int>(c) != t.b) others = std::max(others, e.scores[c]);
  int64_t low = std::min(sa, sb);
  return std::abs(sa - sb - t.t) + (others > low ? others - low : 0);
}

std::string neuron_name(size_t l, int j) {
  return "hidden layer " + std::to_string(l + 1) + " neuron " + std::to_string(j);
}

// A bitset over [0, bits) with in-place "this |= this shifted by s" (s may be negative).
struct Bits {
  std::vector<uint64_t> w;
  size_t n = 0;
  explicit Bits(size_t bits) : w((bits + 63) / 64, 0), n(bits) {}
  bool get(int64_t p) const { return p >= 0 && static_cast<size_t>(p) < n && ((w[p >> 6] >> (p & 63)) & 1); }
  void set(int64_t p) { w[p >> 6] |= uint64_t{1} << (p & 63); }
  void or_shifted(int64_t s) {
    const size_t W = w.size();
    if (s > 0) {
      const size_t ws = static_cast<size_t>(s) >> 6, bs = static_cast<size_t>(s) & 63;
      for (size_t k = W; k-- > ws;) {
        uint64_t v = w[k - ws] << bs;
        if (bs && k > ws) v |= w[k - ws - 1] >> (64 - bs);
        w[k] |= v;
      }
    } else if (s < 0) {
      const size_t ws = static_cast<size_t>(-s) >> 6, bs = static_cast<size_t>(-s) & 63;
      for (size_t k = 0; k + ws < W; ++k) {
        uint64_t v = w[k + ws] >> bs;
        if (bs && k + ws + 1 < W) v |= w[k + ws + 1] << (64 - bs);
        w[k] |= v;
      }
    }
    if (n % 64) w.back() &= (uint64_t{1} << (n % 64)) - 1;
  }
};

int64_t affine_row(const Layer& layer, int j, std::span<const int64_t> in) {
  int64_t s = layer.bias[j];
  for (int i = 0; i < layer.n_in; ++i) s += layer.w(j, i) * in[i];
  return s;
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

// Layer 0 without the DP (large models): makes w.q + b = target exactly, or returns false, in
// O(n_in) per step. Greedy one-input steps shrink |z - target|; then pairs (i, k) solve
// w_i d_i + w_k d_k = target - z with q_i + d_i, q_k + d_k kept in range.
bool solve_first_layer(const Network& net, int j, int64_t target, std::vector<int64_t>& q, std::mt19937_64& rng) {
  const Layer& L = net.hidden[0];
  const int64_t qmax = net.input_max();
  std::vector<int> nz;
  for (int i = 0; i < L.n_in; ++i)
    if (L.w(j, i) != 0) nz.push_back(i);
  if (nz.empty()) return L.bias[j] == target;
  for (int pass = 0; pass < 3; ++pass) {
    std::shuffle(nz.begin(), nz.end(), rng);
    for (int i : nz) {
      int64_t z = affine_row(L, j, q) - target, w = L.w(j, i);
      if (z == 0) return true;
      int64_t d = -(z + (z > 0 ? 1 : -1) * (std::abs(w) / 2)) / w;  // rounded -z / w
      q[i] = std::clamp<int64_t>(q[i] + d, 0, qmax);
    }
  }
  std::uniform_int_distribution<size_t> pick(0, nz.size() - 1);
  for (int attempt = 0; attempt < 64; ++attempt) {
    int64_t z = affine_row(L, j, q) - target;
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
  return affine_row(L, j, q) == target;
}

int64_t gcd_all(const std::vector<int64_t>& v) {
  int64_t g = 0;
  for (int64_t x : v) g = std::gcd(g, std::abs(x));
  return g;
}

class Finder {
 public:
  Finder(const Network& net, uint64_t seed, const std::vector<std::vector<int64_t>>& pool)
      : net_(net), rng_(seed ^ 0x626f756e64617279ull), pool_(pool), bounds_(layer_bounds(net)) {
    for (const Layer& L : net.hidden) weights_ += L.weights.size();
    weights_ += net.output.weights.size();
  }

  BoundaryReport run() {
    make_targets();
    if (!exhaustive()) {
      size_t searched = 0;
      for (const Target& t : targets_) searched += t.layer > 0;
      searched = std::max<size_t>(searched, 1);
      search_steps_ = static_cast<size_t>(std::clamp(
          kSearchWork / (static_cast<double>(std::max<size_t>(weights_, 1)) * static_cast<double>(searched)),
          weights_ > kCheapModel ? 16.0 : 64.0,
          40000.0));
      const int L = static_cast<int>(net_.hidden.size());
      for (int l = 0; l <= L; ++l)
        for (const Target& t : targets_)
          if (t.layer == l && report_.items[t.item].status == BoundaryStatus::not_found) decide(t);
    }
    for (const Boundary& b : report_.items) {
      if (b.status == BoundaryStatus::covered) ++report_.covered;
      else if (b.status == BoundaryStatus::unreachable) ++report_.unreachable;
      else ++report_.not_found;
    }
    return std::move(report_);
  }

 private:
  void add(int layer, int a, int b, int64_t t, std::string what, int input = -1) {
    targets_.push_back({layer, a, b, t, report_.items.size(), input});
    rank_.push_back(-1);
    Boundary item;
    item.what = std::move(what);
    report_.items.push_back(std::move(item));
  }

  void make_targets() {
    // Layer 0 also gets, per input i, the bands -q_i <= z <= -1 and 0 <= z < q_i: where weight
    // i's +1 (or -1) moves z across the threshold (bounded by kInputTargets and kInputTargetsTotal: these grow
    // with n_in x width).
    const bool per_input = net_.inputs.size() <= kInputTargets &&
                           net_.inputs.size() * static_cast<size_t>(net_.hidden[0].n_out) <= kInputTargetsTotal;
    for (size_t l = 0; l < net_.hidden.size(); ++l)
      for (int j = 0; j < net_.hidden[l].n_out; ++j) {
        for (int64_t t : {-1, 0, 1})
          add(static_cast<int>(l), j, -1, t, neuron_name(l, j) + ": z = " + std::to_string(t));
        for (int64_t t : {-1, 0})
          for (int i = 0; l == 0 && per_input && i < net_.hidden[0].n_in; ++i)
            add(0, j, -1, t,
                neuron_name(0, j) + (t < 0 ? ": -q" + std::to_string(i) + " <= z <= -1"
                                           : ": 0 <= z < q" + std::to_string(i)),
                i);
      }
    const int L = static_cast<int>(net_.hidden.size());
    if (net_.binary()) {
      for (int64_t t : {-1, 0}) add(L, 0, -1, t, "score 0 = " + std::to_string(t));
      return;
    }
    for (int a = 0; a < net_.output.n_out; ++a)
      for (int b = a + 1; b < net_.output.n_out; ++b)
        for (int64_t t : {-1, 0, 1})
          add(L, a, b, t, "score " + std::to_string(a) + " - score " + std::to_string(b) + " = " +
                              std::to_string(t) + ", both on top");
  }

  // How much a flip of the target's neuron at q shows at the outputs: 2 when it changes the
  // class, 1 when it changes a score only, 0 when nothing (masked by the layers above). Score
  // targets are decisions themselves: 2.
  int observable(const Target& t, const std::vector<int64_t>& q) const {
    if (t.layer >= static_cast<int>(net_.hidden.size()) || weights_ > kCheapModel) return 2;
    const Eval e = forward(net_, q);
    const Eval f = forward(net_, q, t.layer, t.a);
    if (hv::ref::decide(net_, e.scores) != hv::ref::decide(net_, f.scores)) return 2;
    return e.scores != f.scores ? 1 : 0;
  }

  // Keeps q as the target's witness when it is on the target (checked) and shows a flip better
  // than the witness so far: a boundary vector whose neuron flip is masked catches no mutant.
  void found(const Target& t, std::vector<int64_t> q, const char* how) {
    Boundary& b = report_.items[t.item];
    if (miss(net_, t, forward(net_, q)) != 0) return;  // never keep an unchecked witness
    const int rank = observable(t, q);
    if (b.status == BoundaryStatus::covered && rank <= rank_[t.item]) return;
    if (b.status != BoundaryStatus::covered) witnesses_.push_back(q);
    rank_[t.item] = rank;
    b.status = BoundaryStatus::covered;
    b.how = how;
    b.q = std::move(q);
  }

  bool observed(const Target& t) const {
    return report_.items[t.item].status == BoundaryStatus::covered && rank_[t.item] == 2;
  }

  void unreachable(const Target& t, const char* how) {
    report_.items[t.item].status = BoundaryStatus::unreachable;
    report_.items[t.item].how = how;
  }

  // Every input, when the space is small: decides every target exactly.
  bool exhaustive() {
    const int n = static_cast<int>(net_.inputs.size());
    const int bits = n * net_.input_bits;
    if (bits > kExhaustiveBits) return false;
    const double points = std::ldexp(1.0, bits);
    if (points * static_cast<double>(weights_ + targets_.size()) > kExhaustiveWork) return false;
    std::vector<int64_t> q(static_cast<size_t>(n));
    std::vector<bool> done(targets_.size(), false);  // covered, by a witness whose flip changes the class
    std::vector<bool> hit(targets_.size(), false);
    size_t left = targets_.size();
    for (uint64_t idx = 0; idx < (uint64_t{1} << bits) && left > 0; ++idx) {
      for (int i = 0; i < n; ++i) q[i] = static_cast<int64_t>((idx >> (i * net_.input_bits)) & net_.input_max());
      Eval e = forward(net_, q);
      for (size_t k = 0; k < targets_.size(); ++k)
        if (!done[k] && miss(net_, targets_[k], e) == 0) {
          hit[k] = true;
          found(targets_[k], q, "exhaustive");
          if (observed(targets_[k])) {
            done[k] = true;
            --left;
          }
        }
    }
    for (size_t k = 0; k < targets_.size(); ++k) done[k] = hit[k];
    for (size_t k = 0; k < targets_.size(); ++k)
      if (!done[k]) unreachable(targets_[k], "exhaustive");
    return true;
  }

  void decide(const Target& t) {
    if (t.layer == 0) return first_layer(t);
    if (!reachable_over_activations(t)) return unreachable(t, "DP over the activations below");
    search(t);
  }

  // Layer 0: z = b + sum_i w_i q_i with q_i's bits as items of a 0/1 knapsack.
  void first_layer(const Target& t) {
    const Layer& L = net_.hidden[0];
    std::vector<int64_t> row(L.n_in);
    for (int i = 0; i < L.n_in; ++i) row[i] = L.w(t.a, i);
    const int64_t need = t.t - L.bias[t.a];  // sum_i w_i q_i must equal this
    if (t.input >= 0) {
      // A band: the exact z = t witnesses are tried first, then the local search; the proofs
      // below are for z = t only, so a band is never claimed unreachable here.
      if (!dp_first_layer(t, row, need)) weights_ > kCheapModel ? solve_large(t) : search(t);
      return;
    }
    const Range& r = bounds_[0][t.a];
    if (t.t < r.lo || t.t > r.hi) return unreachable(t, "bounds");
    const int64_t g = gcd_all(row);
    if (g == 0) return need == 0 ? found(t, std::vector<int64_t>(L.n_in, 0), "DP") : unreachable(t, "bounds");
    if (need % g != 0) return unreachable(t, "gcd of the weights");
    if (dp_first_layer(t, row, need)) return;
    if (weights_ > kCheapModel) return solve_large(t);
    search(t);
  }

  // Layer 0 of a large model: a few seeded starts of the O(n_in) greedy / Diophantine solver.
  void solve_large(const Target& t) {
    std::uniform_int_distribution<int64_t> any(0, net_.input_max());
    for (int attempt = 0; attempt < 4; ++attempt) {
      std::vector<int64_t> q(net_.inputs.size());
      for (auto& v : q) v = any(rng_);
      if (t.input >= 0 && q[t.input] == 0) q[t.input] = 1;
      if (solve_first_layer(net_, t.a, t.t, q, rng_)) return found(t, std::move(q), "search");
    }
  }

  // Exact DP when affordable; returns whether it decided the target. The tables of the last
  // neuron are kept: its three targets (z = -1, 0, +1) share them.
  bool dp_first_layer(const Target& t, const std::vector<int64_t>& row, int64_t need) {
    if (dp_neuron_ != t.a) {
      dp_neuron_ = t.a;
      dp_snap_.clear();
      dp_items_.clear();
      const int B = net_.input_bits;
      int64_t lo = 0, hi = 0;
      for (size_t i = 0; i < row.size(); ++i)
        for (int k = 0; k < B && row[i] != 0; ++k) {
          const int64_t v = row[i] * (int64_t{1} << k);
          dp_items_.push_back({static_cast<int>(i), v});
          (v > 0 ? hi : lo) += v;
        }
      dp_lo_ = lo;
      const double span = static_cast<double>(hi) - static_cast<double>(lo) + 1;
      const double words = span / 64 + 1;
      dp_ok_ = words * 8 * static_cast<double>(dp_items_.size() + 1) <= static_cast<double>(kDpBytes) &&
               words * static_cast<double>(dp_items_.size()) <= kDpWork;
      if (dp_ok_) {
        dp_snap_.reserve(dp_items_.size() + 1);
        dp_snap_.emplace_back(static_cast<size_t>(span));
        dp_snap_.back().set(-lo);
        for (const auto& it : dp_items_) {
          dp_snap_.push_back(dp_snap_.back());
          dp_snap_.back().or_shifted(it.second);
        }
      }
    }
    if (!dp_ok_) return false;
    int64_t p = need - dp_lo_;
    if (!dp_snap_.back().get(p)) {
      if (t.input >= 0) return false;
      unreachable(t, "DP");
      return true;
    }
    // Randomized backtracking, a few times: keep the witness whose flip shows best (found()).
    const int64_t target = p;
    std::uniform_int_distribution<int64_t> nonzero(1, net_.input_max());
    for (int attempt = 0; attempt < (t.input >= 0 ? 2 : 4) && !observed(t); ++attempt) {
      std::vector<int64_t> q(row.size(), 0);
      for (size_t i = 0; i < row.size(); ++i)
        if (row[i] == 0) q[i] = nonzero(rng_);  // free: z does not read it
      p = target;
      for (size_t k = dp_items_.size(); k-- > 0;) {
        const bool skip = dp_snap_[k].get(p), take = dp_snap_[k].get(p - dp_items_[k].second);
        if (take && (!skip || dp_items_[k].first == t.input || (rng_() & 1))) {
          p -= dp_items_[k].second;
          q[dp_items_[k].first] += int64_t{1} << (k - first_item_of(dp_items_, k));
        }
      }
      found(t, std::move(q), "DP");
    }
    return report_.items[t.item].status == BoundaryStatus::covered;  // else: the local search tries
  }

  // Bit position of item k within its input (items of one input are consecutive, low bit first).
  static size_t first_item_of(const std::vector<std::pair<int, int64_t>>& items, size_t k) {
    size_t f = k;
    while (f > 0 && items[f - 1].first == items[k].first) --f;
    return f;
  }

  // Necessary condition for deeper targets: the value is a sum of coefficients over some set of
  // activations of the layer below (neurons the bounds prove constant are fixed). False: proven
  // unreachable. True also when the DP is too large to run.
  bool reachable_over_activations(const Target& t) {
    const int L = static_cast<int>(net_.hidden.size());
    const Layer& layer = t.layer < L ? net_.hidden[t.layer] : net_.output;
    const auto& below = bounds_[t.layer - 1];
    int64_t base = layer.bias[t.a] - (t.b >= 0 ? layer.bias[t.b] : 0);
    std::vector<int64_t> coef;
    for (int j = 0; j < layer.n_in; ++j) {
      const int64_t v = layer.w(t.a, j) - (t.b >= 0 ? layer.w(t.b, j) : 0);
      if (below[j].lo >= 0) base += v;  // always fires
      else if (below[j].hi < 0) continue;  // never fires
      else if (v != 0) coef.push_back(v);
    }
    int64_t lo = 0, hi = 0;
    for (int64_t v : coef) (v > 0 ? hi : lo) += v;
    const int64_t need = t.t - base;
    if (need < lo || need > hi) return false;
    const double span = static_cast<double>(hi - lo + 1);
    if (span / 64 * coef.size() > kDpWork) return true;
    Bits reach(static_cast<size_t>(hi - lo + 1));
    reach.set(-lo);
    for (int64_t v : coef) reach.or_shifted(v);
    return reach.get(need - lo);
  }

  // The target's value at an input (z, a score, or a difference of scores).
  int64_t value(const Target& t, const Eval& e) const {
    if (t.layer < static_cast<int>(net_.hidden.size())) return e.z[t.layer][t.a];
    return e.scores[t.a] - (t.b >= 0 ? e.scores[t.b] : 0);
  }

  // How far the hidden layer m is from the activation pattern p at e (0: realized).
  static int64_t violation(const Eval& e, int m, const std::vector<uint8_t>& p) {
    int64_t v = 0;
    for (size_t j = 0; j < p.size(); ++j) {
      const int64_t z = e.z[m][j];
      v += p[j] ? (z < 0 ? -z : 0) : (z >= 0 ? z + 1 : 0);
    }
    return v;
  }

  // Local search over q on `cost` (0: done); returns whether it reached 0 within `steps`.
  template <typename Cost>
  bool descend(std::vector<int64_t>& q, Cost cost, size_t steps) {
    std::uniform_int_distribution<int64_t> any(0, net_.input_max());
    std::uniform_int_distribution<size_t> which(0, q.size() - 1);
    int64_t best = cost(forward(net_, q));
    for (size_t step = 0; step < steps && best != 0; ++step) {
      const size_t i = which(rng_);
      const int64_t old = q[i];
      const int64_t span = step % 4 == 0 ? net_.input_max() : step % 4 == 1 ? 16 : 3;
      q[i] = std::clamp<int64_t>(old + static_cast<int64_t>(rng_() % static_cast<uint64_t>(2 * span + 1)) - span, 0,
                                 net_.input_max());
      const int64_t c = cost(forward(net_, q));
      if (c <= best) best = c;
      else q[i] = old;
    }
    return best == 0;
  }

  // Search for targets the DPs could not decide: from the best starts (a sample of the pool and
  // of the witnesses so far, and random inputs), (1) local search on miss(); (2) for targets above
  // a hidden layer, flip one or two neurons of the layer below whose flip moves the value exactly
  // onto the target, and realize that activation pattern by local search on its violation.
  void search(const Target& t) {
    std::uniform_int_distribution<int64_t> any(0, net_.input_max());
    const size_t n = net_.inputs.size();
    const bool big = weights_ > kCheapModel;  // every forward pass counts: fewer starts
    const size_t sample = big ? 8 : 48;
    std::vector<std::vector<int64_t>> starts;
    for (const auto* from : {&pool_, &witnesses_})
      for (size_t k = 0; k < std::min(sample, from->size()); ++k)
        starts.push_back((*from)[from->size() <= sample ? k : rng_() % from->size()]);
    for (int k = 0; k < (big ? 4 : 16); ++k) {
      std::vector<int64_t> q(n);
      for (auto& v : q) v = any(rng_);
      starts.push_back(std::move(q));
    }
    std::vector<std::pair<int64_t, size_t>> ranked;
    for (size_t s = 0; s < starts.size(); ++s) {
      int64_t m = miss(net_, t, forward(net_, starts[s]));
      if (m == 0) return found(t, starts[s], "search");
      ranked.push_back({m, s});
    }
    std::sort(ranked.begin(), ranked.end());
    size_t budget = search_steps_;
    auto on_target = [&](const Eval& e) { return miss(net_, t, e); };
    for (size_t r = 0; r < std::min<size_t>(2, ranked.size()); ++r) {
      std::vector<int64_t> q = starts[ranked[r].second];
      if (descend(q, on_target, budget / 8)) return found(t, q, "search");
    }
    if (t.layer == 0) return;
    const int m = t.layer - 1;
    const int L = static_cast<int>(net_.hidden.size());
    const Layer& layer = t.layer < L ? net_.hidden[t.layer] : net_.output;
    std::vector<int64_t> coef(layer.n_in);
    for (int j = 0; j < layer.n_in; ++j) coef[j] = layer.w(t.a, j) - (t.b >= 0 ? layer.w(t.b, j) : 0);
    size_t tries = 0;
    budget -= std::min(budget, 2 * (search_steps_ / 8));
    for (size_t s = 0; s < starts.size() && budget > 0 && tries < 24; ++s) {
      const Eval e = forward(net_, starts[s]);
      const int64_t delta = t.t - value(t, e);
      std::vector<uint8_t> p(e.z[m].size());
      std::vector<int64_t> change(p.size());
      for (size_t j = 0; j < p.size(); ++j) {
        p[j] = e.z[m][j] >= 0;
        change[j] = p[j] ? -coef[j] : coef[j];
      }
      // Flip sets of one or two neurons that put the value on the target, cheapest |z| first.
      // Pairs among the 48 neurons nearest their threshold (the cheap ones to flip).
      std::vector<std::pair<int64_t, std::pair<int, int>>> flips;
      std::vector<int> near(p.size());
      std::iota(near.begin(), near.end(), 0);
      auto dist = [&](int j) { return std::abs(e.z[m][j]); };
      if (near.size() > 48) {
        std::nth_element(near.begin(), near.begin() + 48, near.end(), [&](int x, int y) { return dist(x) < dist(y); });
        near.resize(48);
      }
      for (size_t j = 0; j < p.size(); ++j)
        if (change[j] == delta && delta != 0) flips.push_back({dist(static_cast<int>(j)), {static_cast<int>(j), -1}});
      for (size_t x = 0; x < near.size(); ++x)
        for (size_t y = x + 1; y < near.size(); ++y) {
          const int j = near[x], k = near[y];
          if (change[j] + change[k] == delta && change[j] != 0 && change[k] != 0)
            flips.push_back({dist(j) + dist(k), {std::min(j, k), std::max(j, k)}});
        }
      std::sort(flips.begin(), flips.end());
      for (size_t f = 0; f < std::min<size_t>(2, flips.size()) && budget > 0; ++f, ++tries) {
        std::vector<uint8_t> want = p;
        want[flips[f].second.first] ^= 1;
        if (flips[f].second.second >= 0) want[flips[f].second.second] ^= 1;
        std::vector<int64_t> q = starts[s];
        const size_t steps = std::min(budget, std::max<size_t>(search_steps_ / 8, 8));
        budget -= steps;
        if (!descend(q, [&](const Eval& ev) { return violation(ev, m, want) + (miss(net_, t, ev) != 0); }, steps))
          continue;
        return found(t, q, "search");
      }
    }
  }

  const Network& net_;
  std::mt19937_64 rng_;
  std::vector<std::vector<int64_t>> pool_, witnesses_;
  std::vector<std::vector<Range>> bounds_;
  size_t weights_ = 0;
  size_t search_steps_ = 0;  // local-search steps per searched target
  int dp_neuron_ = -1;       // the layer-0 neuron whose DP tables are below
  bool dp_ok_ = false;
  int64_t dp_lo_ = 0;
  std::vector<std::pair<int, int64_t>> dp_items_;  // (input, weight << bit)
  std::vector<Bits> dp_snap_;
  std::vector<Target> targets_;
  std::vector<int> rank_;  // per item: observable() of its witness
  BoundaryReport report_;
};

}  // namespace

std::string BoundaryReport::summary() const {
  return std::to_string(items.size()) + " boundaries: " + std::to_string(covered) + " covered, " +
         std::to_string(unreachable) + " proven unreachable, " + std::to_string(not_found) + " not found";
}

BoundaryReport find_boundaries(const Network& net, uint64_t seed, const std::vector<std::vector<int64_t>>& pool) {
  return Finder(net, seed, pool).run();
}

size_t add_boundary_vectors(const BoundaryReport& report, VectorSet& vs, size_t max_count) {
  std::set<std::vector<int64_t>> seen;
  size_t added = 0;
  for (const Boundary& b : report.items) {
    if (added >= max_count) break;
    if (b.status != BoundaryStatus::covered || !seen.insert(b.q).second) continue;
    vs.inputs.push_back(b.q);
    vs.origin.push_back("boundary: " + b.what);
    ++added;
  }
  return added;
}

}  // namespace hv

namespace hv {

size_t add_tie_vectors(const Network& net, VectorSet& vs, size_t count, uint64_t seed) {
  return add_boundary_vectors(find_boundaries(net, seed), vs, count);
}

}  // namespace hv

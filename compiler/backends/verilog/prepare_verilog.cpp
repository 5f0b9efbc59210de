// Building the VerilogPlan (see prepare_verilog.hpp). Decisions made here, and why:
//  - Dead neurons (read by no live neuron of the next layer) are not built: their register bits
//    would be unused logic and a lint warning. A layer keeps at least one bit so every stage exists.
//  - Leaves: layer 0 splits every weight into its CSD digits, each a shifted input (wiring only);
//    later layers gate the magnitude of a weight by an activation bit. The bias is one constant
//    leaf. Every leaf is a non-negative magnitude that is either added or subtracted.
//  - Two balanced trees per neuron, one summing the added leaves and one the subtracted ones
//    (an odd element passes up a level), then one subtraction: z = P - N. Every node but that
//    root is non-negative, so it is unsigned, zero-extended and needs no sign bit; the root holds
//    +z (a constant 0 is added when nothing else is), and the threshold z >= 0 is its inverted
//    sign bit: no comparator. Depth: max(ceil(log2 |P|), ceil(log2 |N|)) + 1.
//  - Each node's range is exact: the partial sum's coefficient per input is tracked, so digits of
//    one weight (in either tree) are not over-counted as independent.
//  - Tree sharing (opt-in): hidden neurons with equal weights (different biases) keep one adder
//    tree; the others compare its z with a constant (share_trees). Off by default: Yosys merges
//    the equal sub-trees itself, and bench/rtl/share.sh measures -0.8% xc7 LUT, +5.3% iCE40 LUT4.
//  - Cuts: with pipeline_levels k > 0, every non-constant element standing after tree level k, 2k,
//    ... (below the layer's deepest level) is registered; all neurons of a layer share the cuts.
#include "backends/verilog/prepare_verilog.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <stdexcept>

#include "ir/hash.hpp"
#include "support/diagnostics.hpp"

namespace hv {

namespace {

using Kind = VerilogNode::Kind;
using Coefs = std::map<int, __int128>;  // input position -> coefficient of the partial sum

// live[l][j]: neuron j of hidden layer l is read (transitively) by some output score.
std::vector<std::vector<bool>> live_neurons(const Network& net) {
  size_t h = net.hidden.size();
  std::vector<std::vector<bool>> live(h);
  for (size_t l = h; l-- > 0;) {
    const Layer& next = l + 1 == h ? net.output : net.hidden[l + 1];
    live[l].assign(net.hidden[l].n_out, false);
    for (int k = 0; k < next.n_out; ++k) {
      if (l + 1 < h && !live[l + 1][k]) continue;
      for (int j = 0; j < next.n_in; ++j)
        if (next.w(k, j) != 0) live[l][j] = true;
    }
    if (std::find(live[l].begin(), live[l].end(), true) == live[l].end()) live[l][0] = true;
  }
  return live;
}

// Builds one neuron's tree. `in_max`: largest input value (2^B - 1 for layer 0, 1 for bits).
// `slots` > 1 (a folded unit): each node's partial sum is tracked per slot, and its range is the
// union of the exact per-slot ranges.
class TreeBuilder {
 public:
  TreeBuilder(VerilogNeuron& n, int64_t in_max, int slots = 1) : n_(n), in_max_(in_max), slots_(slots) {}

  void leaf(VerilogNode node, int src, __int128 coef, __int128 constant) {
    leaf(node, src, std::vector<__int128>(static_cast<size_t>(slots_), coef),
         std::vector<__int128>(static_cast<size_t>(slots_), constant));
  }
  // A leaf whose coefficient (of input `src`) and constant differ per slot.
  void leaf(VerilogNode node, int src, const std::vector<__int128>& coef, const std::vector<__int128>& constant) {
    std::vector<Coefs> c(static_cast<size_t>(slots_));
    for (size_t s = 0; s < c.size(); ++s)
      if (coef[s] != 0) c[s][src] = coef[s];
    push(node, std::move(c), constant);
  }

  // The exact range of node e's partial sum in slot s.
  Range slot_range(int e, int s) const { return range_of(coefs_[e][static_cast<size_t>(s)], consts_[e][static_cast<size_t>(s)]); }

  // Pairs the added (positive) and the subtracted leaves in two balanced trees, level by level,
  // and subtracts their roots once both are single; cuts after every k-th of `depth` levels.
  void build(int depth, int k, int first_stage) {
    std::vector<int> pos, neg;
    for (int e = 0; e < static_cast<int>(n_.nodes.size()); ++e) (n_.nodes[e].neg ? neg : pos).push_back(e);
    for (int lv = 1; lv <= depth; ++lv) {
      if (pos.size() > 1 || neg.size() > 1) {
        pair_up(pos);
        pair_up(neg);
      } else if (pos.size() == 1 && neg.size() == 1) {
        pos = {combine(pos[0], neg[0])};
        neg.clear();
      }
      if (k > 0 && lv % k == 0 && lv < depth)
        for (auto* level : {&pos, &neg})
          for (int& e : *level)
            if (n_.nodes[e].kind != Kind::Const) e = reg(e, first_stage + lv / k - 1);
    }
    if (pos.size() != 1 || !neg.empty()) throw std::logic_error("prepare_verilog: adder tree did not reduce to one root");
    n_.root = pos[0];
  }

 private:
  void pair_up(std::vector<int>& level) {
    std::vector<int> next;
    for (size_t i = 0; i + 1 < level.size(); i += 2) next.push_back(combine(level[i], level[i + 1]));
    if (level.size() % 2) next.push_back(level.back());
    level = std::move(next);
  }

  Range range_of(const Coefs& c, __int128 constant) const {
    __int128 lo = constant, hi = constant;
    for (const auto& [src, coef] : c) (coef > 0 ? hi : lo) += coef * in_max_;
    return {lo, hi};
  }

  int push(VerilogNode node, std::vector<Coefs> c, std::vector<__int128> constant) {
    Range r = range_of(c[0], constant[0]);
    for (size_t s = 1; s < c.size(); ++s) {
      Range x = range_of(c[s], constant[s]);
      r.lo = std::min(r.lo, x.lo);
      r.hi = std::max(r.hi, x.hi);
    }
    node.range = node.neg ? Range{-r.hi, -r.lo} : r;
    node.width = storage_bits(node.range);
    n_.nodes.push_back(node);
    coefs_.push_back(std::move(c));
    consts_.push_back(std::move(constant));
    return static_cast<int>(n_.nodes.size()) - 1;
  }

  // a and b (stored values with their polarity) into one node; negative only if both are.
  int combine(int a, int b) {
    bool na = n_.nodes[a].neg, nb = n_.nodes[b].neg;
    VerilogNode node;
    node.kind = na == nb ? Kind::Add : Kind::Sub;
    node.a = na && !nb ? b : a;
    node.b = na && !nb ? a : b;
    node.neg = na && nb;
    std::vector<Coefs> c = coefs_[a];
    std::vector<__int128> constant = consts_[a];
    for (size_t s = 0; s < c.size(); ++s) {
      for (const auto& [src, coef] : coefs_[b][s]) c[s][src] += coef;
      std::erase_if(c[s], [](const auto& kv) { return kv.second == 0; });
      constant[s] += consts_[b][s];
    }
    return push(node, std::move(c), std::move(constant));
  }

  int reg(int e, int stage) {
    VerilogNode node = n_.nodes[e];
    node.kind = Kind::Reg;
    node.a = e;
    node.stage = stage;
    return push(node, coefs_[e], consts_[e]);
  }

  VerilogNeuron& n_;
  int64_t in_max_;
  int slots_;
  std::vector<std::vector<Coefs>> coefs_;     // per node, per slot: coefficients of the partial sum (not stored)
  std::vector<std::vector<__int128>> consts_; // per node, per slot: constant part of the partial sum
};

int tree_depth(size_t leaves) {
  int d = 0;
  while ((size_t{1} << d) < leaves) ++d;
  return d;
}

// Levels of a neuron's tree: the deeper of the two sign trees, plus the final subtraction.
int neuron_depth(const VerilogNeuron& n) {
  size_t p = 0, m = 0;
  for (const auto& x : n.nodes) (x.neg ? m : p)++;
  return std::max(tree_depth(p), tree_depth(m)) + (p > 0 && m > 0 ? 1 : 0);
}

// The leaves of neuron j of `layer` (reading inputs through `pos`, -1: not built).
void add_leaves(TreeBuilder& tb, VerilogNeuron& n, const Layer& layer, int j, bool first_layer,
                const std::vector<int>& pos) {
  bool any_positive = false;
  n.bias = layer.bias[j];
  for (int i = 0; i < layer.n_in; ++i) {
    int64_t w = layer.w(j, i);
    if (w == 0) continue;
    n.weights.emplace_back(pos[i], w);
    if (first_layer) {
      for (const CsdDigit& d : csd_digits(w)) {
        VerilogNode leaf;
        leaf.kind = Kind::Input;
        leaf.src = pos[i];
        leaf.shift = d.shift;
        leaf.neg = d.neg;
        any_positive = any_positive || !d.neg;
        __int128 mag = static_cast<__int128>(1) << d.shift;
        tb.leaf(leaf, pos[i], d.neg ? -mag : mag, 0);
      }
    } else {
      VerilogNode leaf;
      leaf.kind = Kind::Bit;
      leaf.src = pos[i];
      leaf.value = w < 0 ? -w : w;
      leaf.neg = w < 0;
      any_positive = any_positive || w > 0;
      tb.leaf(leaf, pos[i], w, 0);
    }
  }
  if (layer.bias[j] != 0) {
    VerilogNode c;
    c.value = layer.bias[j] < 0 ? -layer.bias[j] : layer.bias[j];
    c.neg = layer.bias[j] < 0;
    any_positive = any_positive || !c.neg;
    tb.leaf(c, 0, 0, layer.bias[j]);
  }
  if (!any_positive) tb.leaf(VerilogNode{}, 0, 0, 0);  // 0 - (...): the root holds +z
}

// Trees for the neurons of `layer` selected by `keep`; sets depth and the stage range.
// Neurons of a hidden layer with the same weights (any bias) compute one sum s: z_j = s + b_j.
// The first of each group keeps its tree; each later one compares that tree's z with a constant,
// a_j = (z_first >= b_first - b_j), and its own tree is dropped (the layer's depth, hence the
// stages, are those of the trees kept, which are the same trees).
void share_trees(VerilogLayer& out) {
  std::map<std::vector<std::pair<int, int64_t>>, int> first;
  for (size_t m = 0; m < out.neurons.size(); ++m) {
    VerilogNeuron& n = out.neurons[m];
    if (n.weights.empty()) continue;  // a constant neuron: nothing to share
    auto [it, fresh] = first.emplace(n.weights, static_cast<int>(m));
    if (fresh) continue;
    n.shared = it->second;
    n.threshold = out.neurons[static_cast<size_t>(it->second)].bias - n.bias;
    n.nodes.clear();
    n.root = -1;
  }
}

void plan_layer(VerilogLayer& out, const Layer& layer, const std::vector<Range>& bounds, const std::vector<bool>& keep,
                const std::vector<int>& pos, bool first_layer, int64_t in_max, int k, int first_stage,
                bool share = false) {
  std::vector<VerilogNeuron> neurons;
  neurons.reserve(static_cast<size_t>(std::count(keep.begin(), keep.end(), true)));
  std::vector<TreeBuilder> builders;  // builder m refers to neurons[m] (no reallocation: reserved)
  for (int j = 0; j < layer.n_out; ++j) {
    if (!keep[j]) continue;
    neurons.push_back({});
    neurons.back().index = j;
    neurons.back().bound_bits = signed_bits(bounds[j]);
    builders.emplace_back(neurons.back(), in_max);
    add_leaves(builders.back(), neurons.back(), layer, j, first_layer, pos);
  }
  out.depth = 0;
  for (const auto& n : neurons) out.depth = std::max(out.depth, neuron_depth(n));
  for (size_t m = 0; m < neurons.size(); ++m) {
    VerilogNeuron& n = neurons[m];
    builders[m].build(out.depth, k, first_stage);
    const Range& r = n.nodes[n.root].range;
    if (n.nodes[n.root].neg || r.lo != bounds[n.index].lo || r.hi != bounds[n.index].hi)
      throw std::logic_error("prepare_verilog: tree range differs from the layer bound of neuron " +
                             std::to_string(n.index));
  }
  out.neurons = std::move(neurons);
  if (share) share_trees(out);
  out.first_stage = first_stage;
  out.last_stage = first_stage + (k > 0 && out.depth > 0 ? (out.depth - 1) / k : 0);
}

// A folded hidden layer: the kept neurons, ordered by the inputs (and CSD digits) they read so
// that neurons reading the same inputs share a unit, are dealt k to a unit, neuron m of the order
// to unit m / k, slot m % k (register bit slot * units + unit). A unit's leaves are the union of
// its neurons' leaves, each gated per slot by its ROM entry; its tree is built like a neuron's,
// with every node's range the union of the exact per-slot ranges. Checked: in every slot the
// root's range is exactly the scheduled neuron's layer bound. `pos_out`: register position of
// each IR neuron (-1: not built).
void plan_folded_hidden(VerilogLayer& out, const Layer& layer, const std::vector<Range>& bounds,
                        const std::vector<bool>& keep, const std::vector<int>& pos, bool first_layer,
                        int64_t in_max, int fold, int stage, std::vector<int>& pos_out) {
  using Key = std::tuple<int, int, bool>;  // (input position, shift, subtracted)
  auto keys_of = [&](int j) {
    std::vector<std::pair<Key, int64_t>> keys;  // key -> magnitude (layer 0: 1, a digit)
    for (int i = 0; i < layer.n_in; ++i) {
      int64_t w = layer.w(j, i);
      if (w == 0) continue;
      if (first_layer)
        for (const CsdDigit& d : csd_digits(w)) keys.push_back({{pos[i], d.shift, d.neg}, 1});
      else
        keys.push_back({{pos[i], 0, w < 0}, w < 0 ? -w : w});
    }
    return keys;
  };
  // Layer 0, per unit: shift-add leaves (one per distinct CSD digit of its neurons, each gated by
  // a ROM bit) or products (one multiplier per feature, its factor the slot's weight magnitude
  // from the ROM, feeding an added and a subtracted leaf), whichever has fewer estimated adder
  // bits: sum of leaf widths for shift-add; B x W per multiplier plus its leaves for products.
  auto use_products = [&](const std::vector<int>& js) {
    if (!first_layer) return false;
    const int b = static_cast<int>(unsigned_bits(in_max));
    std::set<Key> digits;
    std::map<int, int64_t> max_w;
    std::set<std::pair<int, bool>> signs;
    for (int j : js)
      for (int i = 0; i < layer.n_in; ++i) {
        int64_t w = layer.w(j, i);
        if (w == 0) continue;
        for (const CsdDigit& d : csd_digits(w)) digits.insert({pos[i], d.shift, d.neg});
        max_w[pos[i]] = std::max(max_w[pos[i]], w < 0 ? -w : w);
        signs.insert({pos[i], w < 0});
      }
    int64_t shift_add = 0, products = 0;
    for (const auto& [src, shift, neg] : digits) shift_add += b + shift;
    for (const auto& [src, w] : max_w) products += static_cast<int64_t>(b) * unsigned_bits(w);
    for (const auto& [src, neg] : signs) products += b + unsigned_bits(max_w[src]);
    return products < shift_add;
  };
  std::vector<std::pair<std::vector<Key>, int>> order;
  for (int j = 0; j < layer.n_out; ++j) {
    if (!keep[j]) continue;
    std::vector<Key> sig;
    for (const auto& kv : keys_of(j)) sig.push_back(kv.first);
    order.push_back({std::move(sig), j});
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const int n = static_cast<int>(order.size()), units = (n + fold - 1) / fold;
  const size_t k = static_cast<size_t>(fold);
  pos_out.assign(static_cast<size_t>(layer.n_out), -1);
  std::vector<VerilogNeuron> neurons(static_cast<size_t>(units));
  std::vector<TreeBuilder> builders;
  builders.reserve(neurons.size());
  for (int u = 0; u < units; ++u) {
    VerilogNeuron& unit = neurons[static_cast<size_t>(u)];
    unit.index = u;
    unit.schedule.resize(k);
    std::map<Key, std::vector<int64_t>> leaves;
    std::vector<int64_t> bias_pos(k, 0), bias_neg(k, 0);
    std::vector<int> members;
    for (size_t s = 0; s < k; ++s)
      if (static_cast<size_t>(u) * k + s < order.size()) members.push_back(order[static_cast<size_t>(u) * k + s].second);
    const bool products = use_products(members);
    for (size_t s = 0; s < k; ++s) {
      size_t m = static_cast<size_t>(u) * k + s;
      if (m >= order.size()) continue;
      int j = order[m].second;
      pos_out[static_cast<size_t>(j)] = static_cast<int>(s) * units + u;
      VerilogSlot& slot = unit.schedule[s];
      slot.neuron = j;
      slot.bias = layer.bias[j];
      for (int i = 0; i < layer.n_in; ++i)
        if (layer.w(j, i) != 0) slot.weights.emplace_back(pos[i], layer.w(j, i));
      if (products) {
        for (int i = 0; i < layer.n_in; ++i) {
          int64_t w = layer.w(j, i);
          if (w == 0) continue;
          auto& t = leaves[{pos[i], 0, w < 0}];
          t.resize(k, 0);
          t[s] = w < 0 ? -w : w;
        }
      } else {
        for (const auto& [key, mag] : keys_of(j)) {
          auto& t = leaves[key];
          t.resize(k, 0);
          t[s] = mag;
        }
      }
      (slot.bias < 0 ? bias_neg : bias_pos)[s] = slot.bias < 0 ? -slot.bias : slot.bias;
    }
    builders.emplace_back(unit, in_max, fold);
    TreeBuilder& tb = builders.back();
    bool any_positive = false;
    for (const auto& [key, table] : leaves) {
      auto [src, shift, neg] = key;
      VerilogNode leaf;
      leaf.kind = products ? Kind::Mul : first_layer ? Kind::Input : Kind::Bit;
      leaf.src = src;
      leaf.shift = shift;
      leaf.neg = neg;
      leaf.slots = table;
      any_positive = any_positive || !neg;
      std::vector<__int128> coef(k), zero(k, 0);
      for (size_t s = 0; s < k; ++s) {
        __int128 mag = first_layer && !products ? (table[s] ? static_cast<__int128>(1) << shift : 0) : table[s];
        coef[s] = neg ? -mag : mag;
      }
      for (int64_t v : table) leaf.value = std::max(leaf.value, v);
      tb.leaf(leaf, src, coef, zero);
    }
    for (bool neg : {false, true}) {
      const auto& table = neg ? bias_neg : bias_pos;
      if (std::all_of(table.begin(), table.end(), [](int64_t v) { return v == 0; })) continue;
      VerilogNode c;
      c.neg = neg;
      c.slots = table;
      for (int64_t v : table) c.value = std::max(c.value, v);
      any_positive = any_positive || !neg;
      std::vector<__int128> constant(k), zero(k, 0);
      for (size_t s = 0; s < k; ++s) constant[s] = neg ? -static_cast<__int128>(table[s]) : table[s];
      tb.leaf(c, 0, zero, constant);
    }
    if (!any_positive) tb.leaf(VerilogNode{}, 0, 0, 0);
  }
  out.depth = 0;
  for (const auto& u : neurons) out.depth = std::max(out.depth, neuron_depth(u));
  for (size_t u = 0; u < neurons.size(); ++u) {
    builders[u].build(out.depth, 0, stage);
    for (size_t s = 0; s < k; ++s) {
      int j = neurons[u].schedule[s].neuron;
      Range r = builders[u].slot_range(neurons[u].root, static_cast<int>(s));
      if (j >= 0 && (r.lo != bounds[j].lo || r.hi != bounds[j].hi))
        throw std::logic_error("prepare_verilog: folded tree range differs from the layer bound of neuron " +
                               std::to_string(j));
    }
  }
  out.neurons = std::move(neurons);
  out.folded = true;
  out.first_stage = out.last_stage = stage;
}

// The folded output layer: score c accumulates over the k slots; in slot s its tree adds, for each
// unit u of the last hidden layer, the weight of the neuron that u computed in slot s when that
// neuron's register bit is set (the bit reaches the tree through a k:1 selection by slot), plus the
// bias in slot 0. Checked: the per-slot ranges add up exactly to the score's bound.
void plan_folded_output(VerilogLayer& out, const Layer& layer, const std::vector<Range>& bounds,
                        const VerilogLayer& prev, const std::vector<int>& pos, int fold, int stage) {
  const size_t k = static_cast<size_t>(fold);
  const int units = static_cast<int>(prev.neurons.size());
  std::vector<VerilogNeuron> neurons(static_cast<size_t>(layer.n_out));
  std::vector<TreeBuilder> builders;
  builders.reserve(neurons.size());
  for (int c = 0; c < layer.n_out; ++c) {
    VerilogNeuron& n = neurons[static_cast<size_t>(c)];
    n.index = c;
    n.bias = layer.bias[c];
    for (int i = 0; i < layer.n_in; ++i)
      if (layer.w(c, i) != 0) n.weights.emplace_back(pos[i], layer.w(c, i));
    builders.emplace_back(n, 1, fold);
    TreeBuilder& tb = builders.back();
    bool any_positive = false;
    // One leaf per unit: its weight in each slot, an added magnitude when no slot's weight is
    // negative, a subtracted one when none is positive, else a signed (two's complement) value
    // in the added tree: one ROM field and one adder input per unit instead of two.
    for (int u = 0; u < units; ++u) {
      std::vector<int64_t> table(k, 0);
      for (size_t s = 0; s < k; ++s) {
        int j = prev.neurons[static_cast<size_t>(u)].schedule[s].neuron;
        table[s] = j >= 0 ? layer.w(c, j) : 0;
      }
      bool any_pos = std::any_of(table.begin(), table.end(), [](int64_t v) { return v > 0; });
      bool any_neg = std::any_of(table.begin(), table.end(), [](int64_t v) { return v < 0; });
      if (!any_pos && !any_neg) continue;
      VerilogNode leaf;
      leaf.kind = Kind::Bit;
      leaf.src = u;
      leaf.neg = any_neg && !any_pos;
      std::vector<__int128> coef(k), zero(k, 0);
      for (size_t s = 0; s < k; ++s) coef[s] = table[s];
      if (leaf.neg)
        for (int64_t& v : table) v = -v;
      leaf.slots = table;
      for (int64_t v : table) leaf.value = std::max(leaf.value, v < 0 ? -v : v);
      any_positive = any_positive || !leaf.neg;
      tb.leaf(leaf, u, coef, zero);
    }
    if (n.bias != 0) {
      VerilogNode b;
      b.neg = n.bias < 0;
      b.value = n.bias < 0 ? -n.bias : n.bias;
      b.slots.assign(k, 0);
      b.slots[0] = b.value;
      any_positive = any_positive || !b.neg;
      std::vector<__int128> constant(k, 0), zero(k, 0);
      constant[0] = n.bias;
      tb.leaf(b, 0, zero, constant);
    }
    if (!any_positive) tb.leaf(VerilogNode{}, 0, 0, 0);
  }
  out.depth = 0;
  for (const auto& x : neurons) out.depth = std::max(out.depth, neuron_depth(x));
  for (size_t c = 0; c < neurons.size(); ++c) {
    builders[c].build(out.depth, 0, stage);
    __int128 lo = 0, hi = 0;
    for (size_t s = 0; s < k; ++s) {
      Range r = builders[c].slot_range(neurons[c].root, static_cast<int>(s));
      lo += r.lo;
      hi += r.hi;
    }
    if (lo != bounds[c].lo || hi != bounds[c].hi)
      throw std::logic_error("prepare_verilog: folded partial sums do not add up to the bound of score " +
                             std::to_string(c));
  }
  out.neurons = std::move(neurons);
  out.folded = true;
  out.first_stage = out.last_stage = stage;
}

// Positions no neuron of `readers` reads, among n_inputs.
std::vector<int> unread_of(const std::vector<VerilogNeuron>& readers, int n_inputs) {
  std::vector<bool> read(n_inputs, false);
  for (const auto& n : readers)
    for (const auto& node : n.nodes)
      if (node.kind == Kind::Input || node.kind == Kind::Bit || node.kind == Kind::Mul) read[node.src] = true;
  std::vector<int> unread;
  for (int i = 0; i < n_inputs; ++i)
    if (!read[i]) unread.push_back(i);
  return unread;
}

std::string plural(size_t n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

// Header lines for the stages of one layer.
void describe_layer(VerilogPlan& p, const VerilogLayer& layer, const std::string& what, const std::string& last) {
  int k = p.options.pipeline_levels;
  for (int s = layer.first_stage; s < layer.last_stage; ++s)
    p.stages.push_back("stage " + std::to_string(s) + ": " + what + ", adder level" +
                       (k == 1 ? " " : "s " + std::to_string((s - layer.first_stage) * k + 1) + "..") +
                       std::to_string((s - layer.first_stage + 1) * k) + " of " + std::to_string(layer.depth));
  p.stages.push_back("stage " + std::to_string(layer.last_stage) + ": " + last);
}

// The argmax tournament over the C scores, with cuts every k levels, and its stage lines.
void plan_argmax(VerilogPlan& p, int first_stage) {
  int k = p.options.pipeline_levels, depth = tree_depth(p.n_classes);
  std::vector<int> level;
  for (int c = 0; c < p.n_classes; ++c) {
    p.argmax.push_back({});
    level.push_back(c);
  }
  for (int lv = 1; lv <= depth; ++lv) {
    std::vector<int> next;
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      p.argmax.push_back({level[i], level[i + 1], false, 0});
      next.push_back(static_cast<int>(p.argmax.size()) - 1);
    }
    if (level.size() % 2) next.push_back(level.back());
    level = std::move(next);
    if (k > 0 && lv % k == 0 && lv < depth) {
      int stage = first_stage + lv / k - 1;
      p.stages.push_back("stage " + std::to_string(stage) + ": argmax levels " + std::to_string(lv - k + 1) + ".." +
                         std::to_string(lv) + " of " + std::to_string(depth));
      for (int& e : level) {
        p.argmax.push_back({e, -1, true, stage});
        e = static_cast<int>(p.argmax.size()) - 1;
      }
    }
  }
  if (level.back() != static_cast<int>(p.argmax.size()) - 1)
    throw std::logic_error("prepare_verilog: argmax root is not the last candidate");
  int last = first_stage + (k > 0 && depth > 0 ? (depth - 1) / k : 0);
  p.stages.push_back("stage " + std::to_string(last) + ": class = argmax of the scores, ties to the lowest index" +
                     (p.options.scores ? " (scores delayed alongside)" : ""));
  p.latency = last;
}

// The folded design (options.fold = k > 1): stage 1 holds the input vector; each hidden layer is
// one stage of units (plan_folded_hidden), the output one stage of accumulated scores
// (plan_folded_output), then the argmax. Every stage takes k clocks: the slot counter runs 0..k-1
// and the pipeline advances only in slot k-1.
VerilogPlan prepare_folded(const Network& net, VerilogPlan p) {
  const int fold = p.options.fold;
  p.fold = fold;
  p.slot_bits = unsigned_bits(fold - 1);
  auto bounds = layer_bounds(net);
  auto live = live_neurons(net);
  std::vector<int> pos(p.n_in);
  for (int i = 0; i < p.n_in; ++i) pos[i] = i;
  std::string k = std::to_string(fold);
  p.stages.push_back("stage 1: the input vector, held for the " + k + " slots of hidden layer 1");
  int stage = 2;
  for (size_t l = 0; l < net.hidden.size(); ++l) {
    VerilogLayer layer;
    layer.name = "h" + std::to_string(l + 1);
    std::vector<int> next;
    plan_folded_hidden(layer, net.hidden[l], bounds[l], live[l], pos, l == 0, l == 0 ? net.input_max() : 1, fold,
                       stage, next);
    if (l == 0) p.unread_inputs = unread_of(layer.neurons, p.n_in);
    size_t built = static_cast<size_t>(std::count(live[l].begin(), live[l].end(), true));
    p.stages.push_back("stage " + std::to_string(stage) + ": hidden layer " + std::to_string(l + 1) + " activations, " +
                       plural(built, "threshold neuron") + " on " + plural(layer.neurons.size(), "unit") + " over " + k +
                       " slots (" + plural(net.hidden[l].n_out - built, "unread neuron") + " not built)");
    pos = std::move(next);
    ++stage;
    p.hidden.push_back(std::move(layer));
  }
  p.output.name = "o";
  plan_folded_output(p.output, net.output, bounds.back(), p.hidden.back(), pos, fold, stage);
  p.n_scores = net.output.n_out;
  p.score_width = signed_bits(bounds.back());
  std::string kept = p.options.scores ? " (scores kept for out_scores)" : "";
  if (p.binary) {
    p.stages.push_back("stage " + std::to_string(stage) + ": output score accumulated over " + k +
                       " slots, class = (score >= 0)" + kept);
    p.latency = stage;
  } else {
    p.stages.push_back("stage " + std::to_string(stage) + ": " + plural(p.n_classes, "output score") + " of " +
                       std::to_string(p.score_width) + " bits, accumulated over " + k + " slots");
    plan_argmax(p, stage + 1);
  }
  p.out_width = p.class_width + (p.options.scores ? p.n_scores * p.score_width : 0);
  p.latency_cycles = p.latency * fold;
  return p;
}

}  // namespace

std::vector<CsdDigit> csd_digits(int64_t c) {
  std::vector<CsdDigit> out;
  __int128 v = c;
  for (int s = 0; v != 0; ++s, v >>= 1) {
    if ((v & 1) == 0) continue;
    int d = (v & 3) == 1 ? 1 : -1;  // ...01 -> +1, ...11 -> -1 (then a carry)
    out.push_back({s, d < 0});
    v -= d;
  }
  return out;
}

int storage_bits(const Range& r) {
  if (r.lo < 0) return signed_bits(r);
  int b = 1;
  while (b < 126 && (static_cast<__int128>(1) << b) <= r.hi) ++b;
  return b;
}

VerilogPlan prepare_verilog(const Network& net, const VerilogOptions& opt) {
  if (opt.pipeline_levels < 0) throw std::logic_error("prepare_verilog: negative pipeline_levels");
  if (opt.axis_packet < 0) throw std::logic_error("prepare_verilog: negative axis_packet");
  if (opt.axis_packet > 0 && !opt.axis) fail("an AXI4-Stream packet length needs the AXI4-Stream wrapper");
  if (opt.kit_vectors < 1 || !(opt.kit_mhz > 0)) throw std::logic_error("prepare_verilog: kit_vectors or kit_mhz not positive");
  VerilogPlan p;
  p.options = opt;
  if (net.regression()) p.options.scores = true;  // a regressor's prediction is its scores (out_scores)
  p.model = net.name;
  p.module = is_verilog_keyword(net.name) ? "hv_" + net.name : net.name;
  p.hash_hex = network_hash_hex(net);
  p.n_in = static_cast<int>(net.inputs.size());
  p.in_bits = net.input_bits;
  p.in_width = p.n_in * p.in_bits;
  p.n_classes = static_cast<int>(net.regression() ? net.targets.size() : net.classes.size());
  p.binary = net.binary();
  p.class_width = p.binary ? 1 : unsigned_bits(p.n_classes - 1);
  int k = opt.pipeline_levels;
  if (opt.fold < 1) throw std::logic_error("prepare_verilog: fold below 1");
  if (opt.fold > 1 && k != 0) fail("folding needs one register stage per layer (pipeline levels 0)");
  if (opt.fold > 1) return prepare_folded(net, std::move(p));

  auto bounds = layer_bounds(net);
  auto live = live_neurons(net);
  std::vector<int> pos(p.n_in);
  for (int i = 0; i < p.n_in; ++i) pos[i] = i;
  int stage = 1;
  for (size_t l = 0; l < net.hidden.size(); ++l) {
    VerilogLayer layer;
    layer.name = "h" + std::to_string(l + 1);
    plan_layer(layer, net.hidden[l], bounds[l], live[l], pos, l == 0, l == 0 ? net.input_max() : 1, k, stage,
               opt.share_trees);
    if (l == 0) p.unread_inputs = unread_of(layer.neurons, p.n_in);
    else p.hidden.back().unread_bits = unread_of(layer.neurons, static_cast<int>(p.hidden.back().neurons.size()));
    pos.assign(net.hidden[l].n_out, -1);
    for (size_t m = 0; m < layer.neurons.size(); ++m) pos[layer.neurons[m].index] = static_cast<int>(m);
    describe_layer(p, layer, "hidden layer " + std::to_string(l + 1),
                   "hidden layer " + std::to_string(l + 1) + " activations, a = (z >= 0) (" +
                       plural(layer.neurons.size(), "threshold neuron") + " registered, " +
                       plural(net.hidden[l].n_out - layer.neurons.size(), "unread neuron") + " not built)");
    stage = layer.last_stage + 1;
    p.hidden.push_back(std::move(layer));
  }

  p.output.name = "o";
  plan_layer(p.output, net.output, bounds.back(), std::vector<bool>(net.output.n_out, true), pos, false, 1, k, stage);
  p.hidden.back().unread_bits = unread_of(p.output.neurons, static_cast<int>(p.hidden.back().neurons.size()));
  p.n_scores = net.output.n_out;
  p.score_width = signed_bits(bounds.back());
  std::string kept = p.options.scores ? " (scores kept for out_scores)" : "";
  if (p.binary) {
    describe_layer(p, p.output, "output score", "output score, class = (score >= 0)" + kept);
    p.latency = p.output.last_stage;
  } else {
    describe_layer(p, p.output, "output scores",
                   plural(p.n_classes, "output score") + " of " + std::to_string(p.score_width) + " bits");
    plan_argmax(p, p.output.last_stage + 1);
  }
  p.out_width = p.class_width + (p.options.scores ? p.n_scores * p.score_width : 0);
  p.latency_cycles = p.latency;
  return p;
}

}  // namespace hv

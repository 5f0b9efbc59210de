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
class TreeBuilder {
 public:
  TreeBuilder(VerilogNeuron& n, int64_t in_max) : n_(n), in_max_(in_max) {}

  void leaf(VerilogNode node, int src, __int128 coef, __int128 constant) {
    Coefs c;
    if (coef != 0) c[src] = coef;
    push(node, std::move(c), constant);
  }

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

  int push(VerilogNode node, Coefs c, __int128 constant) {
    __int128 lo = constant, hi = constant;
    for (const auto& [src, coef] : c) (coef > 0 ? hi : lo) += coef * in_max_;
    node.range = node.neg ? Range{-hi, -lo} : Range{lo, hi};
    node.width = storage_bits(node.range);
    n_.nodes.push_back(node);
    coefs_.push_back(std::move(c));
    consts_.push_back(constant);
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
    Coefs c = coefs_[a];
    for (const auto& [src, coef] : coefs_[b]) c[src] += coef;
    std::erase_if(c, [](const auto& kv) { return kv.second == 0; });
    return push(node, std::move(c), consts_[a] + consts_[b]);
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
  std::vector<Coefs> coefs_;     // per node: coefficients of the partial sum (not stored)
  std::vector<__int128> consts_; // per node: constant part of the partial sum
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

// Positions no neuron of `readers` reads, among n_inputs.
std::vector<int> unread_of(const std::vector<VerilogNeuron>& readers, int n_inputs) {
  std::vector<bool> read(n_inputs, false);
  for (const auto& n : readers)
    for (const auto& node : n.nodes)
      if (node.kind == Kind::Input || node.kind == Kind::Bit) read[node.src] = true;
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
  return p;
}

}  // namespace hv

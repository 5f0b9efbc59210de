// Printing the datapath of a VerilogPlan (see emit_datapath.hpp). Every signal it declares is
// tracked bit by bit; bits read by nothing (unused features, the low bits of a sum whose sign alone
// is the activation, a bit cut off where a sum's exact range is narrower than an operand's) end up
// in one wire named `unused_bits`, which Verilator's default --unused-regexp recognizes. Every
// operand is extended or cut to its sum's width explicitly, so -Wall finds no width to complain
// about. Linear in the number of plan nodes; deterministic.
#include "backends/verilog/emit_datapath.hpp"

#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <vector>

namespace hv {

namespace {

using Kind = VerilogNode::Kind;

std::string slice(int msb, int lsb) { return "[" + std::to_string(msb) + ":" + std::to_string(lsb) + "]"; }

constexpr size_t kWidth = 100;  // the longest line the datapath prints (leaves cannot be cut)

class Datapath {
 public:
  Datapath(const VerilogPlan& p, std::string max2) : p_(p), max2_(std::move(max2)) {}

  std::string text() {
    if (p_.fold > 1) return folded_text();
    track("in_data", p_.in_width);
    for (size_t l = 0; l < p_.hidden.size(); ++l) hidden_layer(l);
    output_layer();
    if (!p_.binary) argmax();
    if (p_.options.axis) last_chain();
    out_ += "\n  assign pipe_data = " + pipe_bundle_ + ";\n";
    out_ += sink();
    return "\n  // Features read by the network, unsigned.\n" + features_text_ + out_;
  }

 private:
  void track(const std::string& name, int width) {
    order_.push_back(name);
    used_[name].assign(width, false);
  }
  std::string use(const std::string& name, int msb, int lsb) {
    auto& bits = used_.at(name);
    for (int b = lsb; b <= msb; ++b) bits[b] = true;
    if (lsb == 0 && msb + 1 == static_cast<int>(bits.size())) return name;
    return name + (msb == lsb ? "[" + std::to_string(msb) + "]" : slice(msb, lsb));
  }
  std::string use_all(const std::string& name) { return use(name, static_cast<int>(used_.at(name).size()) - 1, 0); }

  // q<i>: feature i, named once (every leaf of every neuron reading it shares the wire).
  std::string feature(int i) {
    std::string name = "q" + std::to_string(i);
    if (features_.insert(i).second) {
      int lsb = i * p_.in_bits;
      features_text_ += "  wire " + slice(p_.in_bits - 1, 0) + " " + name + " = " +
                        use(input_, lsb + p_.in_bits - 1, lsb) + ";\n";
    }
    return name;
  }

  // <layer>_<neuron>_z for the neuron's z (its root), <layer>_<neuron>_<node> for other sums.
  // Units of a folded hidden layer are <layer>_u<unit>_...
  std::string node_name(const VerilogLayer& layer, const VerilogNeuron& n, int e) const {
    return layer.name + (n.schedule.empty() ? "_" : "_u") + std::to_string(n.index) + "_" +
           (e == n.root ? std::string("z") : std::to_string(e));
  }

  // `head` followed by expr and `tail`; an expression too long for one line starts on the next
  // and is cut at its operators (wrap_expression).
  static std::string statement(const std::string& head, const std::string& expr, const std::string& tail,
                               size_t indent) {
    if (head.size() + expr.size() + tail.size() <= kWidth) return head + expr + tail;
    std::string h = head;
    while (!h.empty() && h.back() == ' ') h.pop_back();
    return h + "\n" + std::string(indent, ' ') + wrap_expression(expr, indent, kWidth) + tail;
  }

  // The comment naming a neuron and its weights: z = bias + w * input ..., wrapped.
  std::string neuron_comment(const VerilogLayer& layer, size_t l, const VerilogNeuron& n) const {
    bool output = l == p_.hidden.size();
    std::string what = output ? (p_.binary ? "the output score" : "score of class " + std::to_string(n.index))
                              : "neuron " + std::to_string(n.index) + " of hidden layer " + std::to_string(l + 1);
    std::string text = "  // " + node_name(layer, n, n.root) + ": " + what + ", z = " + std::to_string(n.bias);
    size_t col = text.size();
    for (const auto& [src, w] : n.weights) {
      std::string in = l == 0 ? "q" + std::to_string(src) : p_.hidden[l - 1].name + "[" + std::to_string(src) + "]";
      std::string term = std::string(w < 0 ? " - " : " + ") + std::to_string(w < 0 ? -w : w) + "*" + in;
      if (col + term.size() > kWidth) {
        text += "\n  //  ";
        col = 6;
      }
      text += term;
      col += term.size();
    }
    std::string tail = output ? "" : "; a = (z >= 0)";
    if (col + tail.size() > kWidth) text += "\n  //";
    return text + tail + "\n";
  }

  // "z = bias + w*input ..." after `head`, wrapped at kWidth with `cont` starting each new line.
  std::string weight_text(size_t l, std::string head, int64_t bias, const std::vector<std::pair<int, int64_t>>& weights,
                          const std::string& cont) const {
    std::string text = head + "z = " + std::to_string(bias);
    size_t col = text.size() - (text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
    for (const auto& [src, w] : weights) {
      std::string in = l == 0 ? "q" + std::to_string(src) : p_.hidden[l - 1].name + "[" + std::to_string(src) + "]";
      std::string term = std::string(w < 0 ? " - " : " + ") + std::to_string(w < 0 ? -w : w) + "*" + in;
      if (col + term.size() > kWidth) {
        text += "\n" + cont;
        col = cont.size();
      }
      text += term;
      col += term.size();
    }
    return text + "\n";
  }

  // The comment of a folded unit: what it computes in each slot.
  std::string unit_comment(const VerilogLayer& layer, size_t l, const VerilogNeuron& n) const {
    std::string text = "  // " + node_name(layer, n, n.root) + ": unit " + std::to_string(n.index) + " of hidden layer " +
                       std::to_string(l + 1) + ", one neuron a slot (register bit slot*" +
                       std::to_string(layer.neurons.size()) + " + " + std::to_string(n.index) + "); a = (z >= 0)\n";
    for (size_t s = 0; s < n.schedule.size(); ++s) {
      const VerilogSlot& x = n.schedule[s];
      std::string head = "  //   slot " + std::to_string(s) + ": ";
      if (x.neuron < 0) text += head + "idle, z = 0\n";
      else text += weight_text(l, head + "neuron " + std::to_string(x.neuron) + ", ", x.bias, x.weights, "  //     ");
    }
    return text;
  }

  // The ROM of a folded unit or score: per slot, one word holding every slot-dependent leaf's
  // value (Input: its enable bit; Bit, Const: its magnitude), leaf by leaf from bit 0; the Mul
  // leaves of one feature share a field: the weight magnitude, then a bit set when it is negative.
  void rom(const VerilogLayer& layer, const VerilogNeuron& n) {
    rom_lsb_.assign(n.nodes.size(), -1);
    std::map<int, int> mul_lsb, mul_width;  // feature -> magnitude field of its Mul leaves
    for (const auto& x : n.nodes)
      if (x.kind == Kind::Mul)
        for (int64_t v : x.slots) mul_width[x.src] = std::max(mul_width[x.src], storage_bits({0, v}));
    int r = 0;
    for (size_t e = 0; e < n.nodes.size(); ++e) {
      const VerilogNode& x = n.nodes[e];
      if (x.slots.empty()) continue;
      if (x.kind == Kind::Mul) {
        auto [it, fresh] = mul_lsb.emplace(x.src, r);
        rom_lsb_[e] = it->second;
        if (fresh) r += mul_width[x.src] + 1;
        continue;
      }
      rom_lsb_[e] = r;
      r += x.kind == Kind::Input ? 1 : x.width;
    }
    mul_width_ = mul_width;
    rom_name_ = layer.name + (n.schedule.empty() ? "_" : "_u") + std::to_string(n.index) + "_rom";
    if (r == 0) return;
    track(rom_name_, r);
    std::string sb = std::to_string(p_.slot_bits);
    out_ += "  reg  " + slice(r - 1, 0) + " " + rom_name_ + ";\n  always @(*) begin\n    case (slot)\n";
    for (int s = 0; s < p_.fold; ++s) {
      std::vector<bool> bits(static_cast<size_t>(r), false);
      for (size_t e = 0; e < n.nodes.size(); ++e) {
        const VerilogNode& x = n.nodes[e];
        if (x.slots.empty()) continue;
        uint64_t v = static_cast<uint64_t>(x.slots[static_cast<size_t>(s)]);
        int w = x.kind == Kind::Input ? 1 : x.kind == Kind::Mul ? mul_width[x.src] : x.width;
        if (x.kind == Kind::Mul && v == 0) continue;  // the feature's other sign owns the slot
        for (int b = 0; b < w && b < 64; ++b) bits[static_cast<size_t>(rom_lsb_[e] + b)] = ((v >> b) & 1) != 0;
        if (x.kind == Kind::Mul) bits[static_cast<size_t>(rom_lsb_[e] + w)] = x.neg;
      }
      out_ += "      " + sb + "'d" + std::to_string(s) + ": " + rom_name_ + " = " + hex_literal(bits) + ";\n";
    }
    out_ += "      default: " + rom_name_ + " = " + std::to_string(r) + "'h0;\n    endcase\n  end\n";
    // One multiplier per feature of the Mul leaves: q times the magnitude field, exact width.
    for (const auto& [src, lsb] : mul_lsb) {
      int w = mul_width[src], b = p_.in_bits;
      std::string name = product_name(n, src);
      track(name, b + w);
      out_ += "  wire " + slice(b + w - 1, 0) + " " + name + " = {" + std::to_string(w) + "'d0, " + feature(src) +
              "} * {" + std::to_string(b) + "'d0, " + use(rom_name_, lsb + w - 1, lsb) + "};\n";
    }
  }

  std::string product_name(const VerilogNeuron& n, int src) const {
    return rom_name_.substr(0, rom_name_.size() - 3) + "p" + std::to_string(src);
  }

  static std::string hex_literal(const std::vector<bool>& bits) {
    std::string out;
    for (size_t d = (bits.size() + 3) / 4; d-- > 0;) {
      int v = 0;
      for (int b = 3; b >= 0; --b) {
        size_t i = d * 4 + static_cast<size_t>(b);
        v = v * 2 + (i < bits.size() && bits[i] ? 1 : 0);
      }
      out += "0123456789abcdef"[v];
    }
    return std::to_string(bits.size()) + "'h" + out;
  }

  // A slot-dependent leaf at its own width: its ROM bits gate the input (Input, Bit) or are the
  // value (Const).
  std::string folded_leaf(const VerilogLayer& layer, size_t l, const VerilogNeuron& n, int e) {
    (void)layer;
    const VerilogNode& x = n.nodes[e];
    int lsb = rom_lsb_.at(static_cast<size_t>(e));
    if (x.kind == Kind::Input) {
      std::string q = feature(x.src);
      std::string v = x.shift == 0 ? q : "{" + q + ", " + std::to_string(x.shift) + "'d0}";
      return "({" + std::to_string(x.width) + "{" + use(rom_name_, lsb, lsb) + "}} & " + v + ")";
    }
    if (x.kind == Kind::Mul) {
      int w = mul_width_.at(x.src);
      std::string product = use(product_name(n, x.src), x.width - 1, 0), neg = use(rom_name_, lsb + w, lsb + w);
      std::string zero = verilog_literal(0, x.width);
      return "(" + neg + " ? " + (x.neg ? product + " : " + zero : zero + " : " + product) + ")";
    }
    std::string value = use(rom_name_, lsb + x.width - 1, lsb);
    if (x.kind == Kind::Const) return value;
    const VerilogLayer& prev = p_.hidden[l - 1];
    std::string bit = l == p_.hidden.size() ? use(prev.name + "_sel", x.src, x.src) : use(prev.name, x.src, x.src);
    return "(" + bit + " ? " + value + " : " + verilog_literal(0, x.width) + ")";
  }

  // The folded design: the input register (stage 1), the folded layers, the argmax.
  std::string folded_text() {
    track("in_data", p_.in_width);
    track("x_q", p_.in_width);
    input_ = "x_q";
    std::string head = "\n  // Stage 1: the input vector, held while hidden layer 1 computes its " + std::to_string(p_.fold) +
                       " slots.\n  reg  " + slice(p_.in_width - 1, 0) + " x_q;\n  always @(posedge clk) begin  // stage 1\n" +
                       "    if (advance) begin\n      x_q <= " + use_all("in_data") + ";\n    end\n  end\n";
    for (size_t l = 0; l < p_.hidden.size(); ++l) folded_hidden(l);
    folded_output();
    if (!p_.binary) argmax();
    if (p_.options.axis) last_chain();
    out_ += "\n  assign pipe_data = " + pipe_bundle_ + ";\n";
    out_ += sink();
    return head + "\n  // Features read by the network, unsigned.\n" + features_text_ + out_;
  }

  // A case on the slot: `item(s)` for s = 0 .. count-1, then `fallback` (empty: none).
  std::string slot_case(int count, const std::function<std::string(int)>& item, const std::string& fallback,
                        const std::string& indent) const {
    std::string t = indent + "case (slot)\n";
    for (int s = 0; s < count; ++s)
      t += indent + "  " + std::to_string(p_.slot_bits) + "'d" + std::to_string(s) + ": " + item(s) + ";\n";
    t += indent + "  default: " + fallback + ";\n" + indent + "endcase\n";
    return t;
  }

  void folded_hidden(size_t l) {
    const VerilogLayer& layer = p_.hidden[l];
    const int units = static_cast<int>(layer.neurons.size()), k = p_.fold;
    const std::string& h = layer.name;
    out_ += "\n  // Hidden layer " + std::to_string(l + 1) + ", folded by " + std::to_string(k) + ": " +
            std::to_string(units) + " unit" + (units == 1 ? "" : "s") + "; in slot s unit u computes the neuron of " +
            "register bit\n  // " + h + "[s*" + std::to_string(units) + " + u] (its schedule below). " + h +
            "_a: this slot's activations; " + h + "_c: earlier slots'.\n";
    for (const auto& n : layer.neurons) neuron(layer, l, n);
    out_ += "  wire " + slice(units - 1, 0) + " " + h + "_a;\n";
    for (int u = 0; u < units; ++u)
      out_ += "  assign " + h + "_a[" + std::to_string(u) + "] = " + activation(layer, layer.neurons[u]) + ";\n";
    out_ += "  reg  " + slice(units * (k - 1) - 1, 0) + " " + h + "_c;\n  always @(posedge clk) begin\n";
    out_ += slot_case(k - 1, [&](int s) { return h + "_c" + slice((s + 1) * units - 1, s * units) + " <= " + h + "_a"; },
                      "", "    ");
    out_ += "  end\n  reg  " + slice(units * k - 1, 0) + " " + h + ";\n";
    track(h, units * k);
    regs_[layer.last_stage] += "      " + h + " <= {" + h + "_a, " + h + "_c};\n";
    flush_stages(layer.last_stage);
  }

  void folded_output() {
    const VerilogLayer& o = p_.output;
    const VerilogLayer& prev = p_.hidden.back();
    const size_t l = p_.hidden.size();
    const int units = static_cast<int>(prev.neurons.size()), sw = p_.score_width;
    const std::string sel = prev.name + "_sel";
    out_ += "\n  // Output layer, folded by " + std::to_string(p_.fold) + ": " + sel + " is the slice of " + prev.name +
            " computed in the current slot; o_<c>_z\n  // adds its weights (and the bias in slot 0), o_<c>_sum " +
            "accumulates over the slots (o_<c>_acc).\n";
    out_ += "  reg  " + slice(units - 1, 0) + " " + sel + ";\n  always @(*) begin\n";
    out_ += slot_case(p_.fold, [&](int s) { return sel + " = " + use(prev.name, (s + 1) * units - 1, s * units); },
                      sel + " = " + std::to_string(units) + "'d0", "    ");
    out_ += "  end\n";
    track(sel, units);
    std::string zero_slot = std::to_string(p_.slot_bits) + "'d0";
    std::vector<std::string> sums;
    for (const auto& n : o.neurons) {
      neuron(o, l, n);
      std::string c = "o_" + std::to_string(n.index);
      out_ += "  reg  " + slice(sw - 1, 0) + " " + c + "_acc;\n";
      out_ += statement("  wire " + slice(sw - 1, 0) + " " + c + "_sum = ",
                        "(slot == " + zero_slot + " ? " + verilog_literal(0, sw) + " : " + c + "_acc) + " +
                            operand(o, l, n, n.root, sw),
                        ";\n", 6);
      out_ += "  always @(posedge clk) " + c + "_acc <= " + c + "_sum;\n";
      track(c + "_sum", sw);
      sums.push_back(c + "_sum");
    }
    if (p_.binary) {
      out_ += "  reg  cls_q;\n";
      regs_[p_.latency] += "      cls_q <= ~" + use("o_0_sum", sw - 1, sw - 1) + ";\n";
      pipe_bundle_ = "cls_q";
      if (p_.options.scores) {
        out_ += "  reg  " + slice(sw - 1, 0) + " score_q;\n";
        regs_[p_.latency] += "      score_q <= " + use_all("o_0_sum") + ";\n";
        pipe_bundle_ = "{score_q, cls_q}";
      }
    } else {
      track("o_s", p_.n_scores * sw);
      out_ += "  reg  " + slice(p_.n_scores * sw - 1, 0) + " o_s;\n";
      std::string all;
      for (int c = p_.n_scores - 1; c >= 0; --c) all += use_all(sums[static_cast<size_t>(c)]) + (c ? ", " : "");
      regs_[o.last_stage] += statement("      o_s <= ", p_.n_scores > 1 ? "{" + all + "}" : all, ";\n", 10);
    }
    flush_stages(o.last_stage);
  }

  // Node e at its own width: leaves inline, everything else by name.
  std::string own(const VerilogLayer& layer, size_t l, const VerilogNeuron& n, int e) {
    const VerilogNode& x = n.nodes[e];
    if (!x.slots.empty()) return folded_leaf(layer, l, n, e);
    switch (x.kind) {
      case Kind::Input: {
        std::string q = feature(x.src);
        return x.shift == 0 ? q : "{" + q + ", " + std::to_string(x.shift) + "'d0}";
      }
      case Kind::Bit:
        return "(" + use(p_.hidden[l - 1].name, x.src, x.src) + " ? " + verilog_literal(x.value, x.width) + " : " +
               verilog_literal(0, x.width) + ")";
      case Kind::Const: return verilog_literal(x.value, x.width);
      default: return use_all(node_name(layer, n, e));
    }
  }

  // Node e as a w-bit operand: zero- or sign-extended (by its range), or cut to its low w bits.
  std::string operand(const VerilogLayer& layer, size_t l, const VerilogNeuron& n, int e, int w) {
    const VerilogNode& x = n.nodes[e];
    if (x.kind == Kind::Const && x.slots.empty()) return verilog_literal(x.value, w);
    bool leaf = x.kind == Kind::Input || x.kind == Kind::Bit || x.kind == Kind::Const || x.kind == Kind::Mul;
    if (w == x.width) return own(layer, l, n, e);
    if (w > x.width) {
      if (x.range.lo >= 0) return "{" + std::to_string(w - x.width) + "'d0, " + own(layer, l, n, e) + "}";
      std::string name = node_name(layer, n, e);
      std::string sign = use(name, x.width - 1, x.width - 1);
      return "{{" + std::to_string(w - x.width) + "{" + sign + "}}, " + use_all(name) + "}";
    }
    // A folded leaf can be wider than its sum (the union of its per-slot ranges exceeds the sum's,
    // where another leaf cancels it in those slots): it is named, and cut like a sum.
    if (leaf && (!named_[e] || x.slots.empty())) throw std::logic_error("emit_verilog: a leaf wider than its sum");
    return use(node_name(layer, n, e), w - 1, 0);
  }

  // Which nodes of n get a name: registers, the root, the final subtraction z = P - N (signed;
  // sign extension reads its top bit) and a sum whose parent is narrower (it is
  // cut by a bit-select, which Verilog allows on names only). Other sums nest in their parent's
  // expression, each at its own exact width: the same adders, and Verilator keeps them inline.
  std::vector<bool> named_nodes(const VerilogNeuron& n) const {
    std::vector<bool> named(n.nodes.size(), false);
    for (size_t e = 0; e < n.nodes.size(); ++e) {
      const VerilogNode& x = n.nodes[e];
      if (x.kind == Kind::Reg || x.range.lo < 0) named[e] = true;
      if (x.kind == Kind::Add || x.kind == Kind::Sub)
        for (int c : {x.a, x.b})
          if (n.nodes[c].width > x.width) named[c] = true;
    }
    named[n.root] = true;
    return named;
  }

  // Node e as a w-bit operand of a named node: a nested sum, or operand() for anything named.
  std::string sub_expr(const VerilogLayer& layer, size_t l, const VerilogNeuron& n, int e, int w) {
    const VerilogNode& x = n.nodes[e];
    if ((x.kind != Kind::Add && x.kind != Kind::Sub) || named_[e]) return operand(layer, l, n, e, w);
    std::string body = "(" + sub_expr(layer, l, n, x.a, x.width) + (x.kind == Kind::Add ? " + " : " - ") +
                       sub_expr(layer, l, n, x.b, x.width) + ")";
    if (w < x.width || x.range.lo < 0) throw std::logic_error("emit_verilog: an unnamed sum that is cut or signed");
    return w == x.width ? body : "{" + std::to_string(w - x.width) + "'d0, " + body + "}";
  }

  void neuron(const VerilogLayer& layer, size_t l, const VerilogNeuron& n) {
    if (n.shared >= 0) {
      const VerilogNeuron& s = layer.neurons[static_cast<size_t>(n.shared)];
      out_ += "  // " + layer.name + "_" + std::to_string(n.index) + ": neuron " + std::to_string(n.index) +
              " of hidden layer " + std::to_string(l + 1) + ", the weights of " + node_name(layer, s, s.root) +
              " with bias " + std::to_string(n.bias) + ": a = (" + node_name(layer, s, s.root) +
              " >= " + std::to_string(n.threshold) + ")\n";
      return;
    }
    named_ = named_nodes(n);
    out_ += n.schedule.empty() ? neuron_comment(layer, l, n) : unit_comment(layer, l, n);
    if (layer.folded) rom(layer, n);
    for (int e = 0; e < static_cast<int>(n.nodes.size()); ++e) {
      const VerilogNode& x = n.nodes[e];
      if (!named_[e]) continue;
      std::string name = node_name(layer, n, e), w = slice(x.width - 1, 0);
      if (x.kind == Kind::Add || x.kind == Kind::Sub) {
        track(name, x.width);
        out_ += statement("  wire " + w + " " + name + " = ",
                          sub_expr(layer, l, n, x.a, x.width) + (x.kind == Kind::Add ? " + " : " - ") +
                              sub_expr(layer, l, n, x.b, x.width),
                          ";\n", 6);
      } else if (!x.slots.empty()) {  // a slot-dependent leaf named for its sign extension or a cut
        track(name, x.width);
        out_ += statement("  wire " + w + " " + name + " = ", own(layer, l, n, e), ";\n", 6);
      } else if (x.kind == Kind::Reg) {
        track(name, x.width);
        out_ += "  reg  " + w + " " + name + ";\n";
        regs_[x.stage] += statement("      " + name + " <= ", sub_expr(layer, l, n, x.a, x.width), ";\n", 10);
      }
    }
  }

  // a = (z >= 0) for the root of n: the inverted sign bit, or a constant when the range decides;
  // for a neuron sharing another's tree, that tree's z compared with its threshold.
  std::string activation(const VerilogLayer& layer, const VerilogNeuron& n) {
    if (n.shared >= 0) {
      const VerilogNeuron& s = layer.neurons[static_cast<size_t>(n.shared)];
      const VerilogNode& r = s.nodes[s.root];
      if (n.threshold <= r.range.lo) return "1'b1";
      if (n.threshold > r.range.hi) return "1'b0";
      std::string z = use_all(node_name(layer, s, s.root));
      if (r.range.lo >= 0) return "(" + z + " >= " + verilog_literal(n.threshold, r.width) + ")";
      int64_t t = n.threshold < 0 ? -n.threshold : n.threshold;
      return "($signed(" + z + ") >= " + (n.threshold < 0 ? "-" : "") + std::to_string(r.width) + "'sd" +
             std::to_string(t) + ")";
    }
    const VerilogNode& r = n.nodes[n.root];
    if (r.range.lo >= 0) return "1'b1";
    if (r.range.hi < 0) return "1'b0";
    if (r.kind != Kind::Add && r.kind != Kind::Sub && r.kind != Kind::Reg)
      throw std::logic_error("emit_verilog: a leaf root whose sign is not constant");
    return "~" + use(node_name(layer, n, n.root), r.width - 1, r.width - 1);
  }

  void flush_stages(int upto) {
    for (auto it = regs_.begin(); it != regs_.end() && it->first <= upto;) {
      out_ += "  always @(posedge clk) begin  // stage " + std::to_string(it->first) + "\n    if (advance) begin\n" +
              it->second + "    end\n  end\n";
      it = regs_.erase(it);
    }
  }

  void hidden_layer(size_t l) {
    const VerilogLayer& layer = p_.hidden[l];
    int k = static_cast<int>(layer.neurons.size());
    out_ += "\n  // Hidden layer " + std::to_string(l + 1) + ": register " + layer.name + ", bit m = (z >= 0) of neuron " +
            layer.name + "_<IR index of bit m>.\n";
    for (const auto& n : layer.neurons) neuron(layer, l, n);
    out_ += "  wire " + slice(k - 1, 0) + " " + layer.name + "_d;\n";
    out_ += "  reg  " + slice(k - 1, 0) + " " + layer.name + ";\n";
    for (int m = 0; m < k; ++m)
      out_ += "  assign " + layer.name + "_d[" + std::to_string(m) + "] = " + activation(layer, layer.neurons[m]) + ";\n";
    track(layer.name, k);
    regs_[layer.last_stage] += "      " + layer.name + " <= " + layer.name + "_d;\n";
    flush_stages(layer.last_stage);
  }

  void output_layer() {
    const VerilogLayer& o = p_.output;
    size_t l = p_.hidden.size();
    int sw = p_.score_width;
    out_ += "\n  // Output layer: score c is " + o.name + "_<c>_<root node>.\n";
    for (const auto& n : o.neurons) neuron(o, l, n);
    auto scores = [&] {
      std::string s;
      for (int c = p_.n_scores - 1; c >= 0; --c) s += operand(o, l, o.neurons[c], o.neurons[c].root, sw) + (c ? ", " : "");
      return p_.n_scores > 1 ? "{" + s + "}" : s;
    };
    if (p_.binary) {
      out_ += "  reg  cls_q;\n";
      regs_[p_.latency] += "      cls_q <= " + activation(o, o.neurons[0]) + ";\n";
      pipe_bundle_ = "cls_q";
      if (p_.options.scores) {
        out_ += "  reg  " + slice(sw - 1, 0) + " score_q;\n";
        regs_[p_.latency] += statement("      score_q <= ", scores(), ";\n", 10);
        pipe_bundle_ = "{score_q, cls_q}";
      }
    } else {
      track("o_s", p_.n_scores * sw);
      out_ += "  reg  " + slice(p_.n_scores * sw - 1, 0) + " o_s;\n";
      regs_[o.last_stage] += statement("      o_s <= ", scores(), ";\n", 10);
    }
    flush_stages(o.last_stage);
  }

  // Candidate e of the tournament: its score and index expressions.
  std::pair<std::string, std::string> candidate(int e) {
    int sw = p_.score_width;
    if (e < p_.n_classes) return {use("o_s", (e + 1) * sw - 1, e * sw), verilog_literal(e, p_.class_width)};
    std::string s = "am" + std::to_string(e);
    return {use_all(s + "_s"), s + "_i"};
  }

  void argmax() {
    int sw = p_.score_width, cw = p_.class_width;
    out_ += "\n  // Argmax tournament; candidate am<e> = (score am<e>_s, class am<e>_i).\n";
    for (int e = p_.n_classes; e < static_cast<int>(p_.argmax.size()); ++e) {
      const VerilogMax& m = p_.argmax[e];
      std::string s = "am" + std::to_string(e);
      track(s + "_s", sw);
      auto [as, ai] = candidate(m.a);
      if (m.reg) {
        out_ += "  reg  " + slice(sw - 1, 0) + " " + s + "_s;\n  reg  " + slice(cw - 1, 0) + " " + s + "_i;\n";
        regs_[m.stage] += "      " + s + "_s <= " + as + ";\n      " + s + "_i <= " + ai + ";\n";
        continue;
      }
      auto [bs, bi] = candidate(m.b);
      out_ += "  wire " + slice(sw - 1, 0) + " " + s + "_s;\n  wire " + slice(cw - 1, 0) + " " + s + "_i;\n";
      out_ += "  " + max2_ + " #(\n      .W(" + std::to_string(sw) + "),\n      .CW(" + std::to_string(cw) + ")\n  ) u_" +
              s + " (\n      .a_score(" + as + "),\n      .a_index(" + ai + "),\n      .b_score(" + bs +
              "),\n      .b_index(" + bi + "),\n      .score(" + s + "_s),\n      .index(" + s + "_i)\n  );\n";
    }
    std::string root = "am" + std::to_string(p_.argmax.size() - 1);
    out_ += "  reg  " + slice(cw - 1, 0) + " cls_q;\n";
    regs_[p_.latency] += "      cls_q <= " + root + "_i;\n";
    pipe_bundle_ = "cls_q";
    if (p_.options.scores) {
      std::string prev = use_all("o_s");
      for (int s = p_.output.last_stage + 1; s <= p_.latency; ++s) {
        std::string d = "o_s_d" + std::to_string(s);
        out_ += "  reg  " + slice(p_.n_scores * sw - 1, 0) + " " + d + ";\n";
        regs_[s] += "      " + d + " <= " + prev + ";\n";
        prev = d;
      }
      pipe_bundle_ = "{" + prev + ", cls_q}";
    }
    flush_stages(p_.latency);
  }

  // TLAST of the AXI4-Stream wrapper: one bit carried beside the vector through the LATENCY stages
  // (a shift register on `advance`, like the valid bits), on top of the pipe bundle.
  void last_chain() {
    int L = p_.latency;
    out_ += "\n  // TLAST, carried beside each vector through the " + std::to_string(L) + " stages.\n";
    if (L == 1) {
      out_ += "  reg  last_q;\n  always @(posedge clk) begin\n    if (advance) last_q <= in_last;\n  end\n";
      pipe_bundle_ = "{last_q, " + pipe_bundle_ + "}";
      return;
    }
    out_ += "  reg  " + slice(L - 1, 0) + " last_q;\n  always @(posedge clk) begin\n    if (advance) last_q <= {last_q" +
            slice(L - 2, 0) + ", in_last};\n  end\n";
    pipe_bundle_ = "{last_q[" + std::to_string(L - 1) + "], " + pipe_bundle_ + "}";
  }

  std::string sink() {
    std::vector<std::string> bits;
    for (const auto& name : order_) {
      const auto& u = used_.at(name);
      for (int b = 0; b < static_cast<int>(u.size());) {
        if (u[b]) {
          ++b;
          continue;
        }
        int e = b;
        while (e + 1 < static_cast<int>(u.size()) && !u[e + 1]) ++e;
        bits.push_back(u.size() == 1 ? name : name + (e == b ? "[" + std::to_string(b) + "]" : slice(e, b)));
        b = e + 1;
      }
    }
    if (bits.empty()) return "";
    std::string s = "\n  // Bits that nothing reads: unused features, the low bits of sums whose sign alone\n"
                    "  // is needed, bits cut off by exact widths. The name matches Verilator's --unused-regexp.\n"
                    "  wire unused_bits = ^{";
    size_t col = s.size() - s.rfind('\n');
    for (size_t i = 0; i < bits.size(); ++i) {
      std::string item = bits[i] + (i + 1 < bits.size() ? ", " : "};\n");
      if (col + item.size() > 100) {
        s += "\n      ";
        col = 6;
      }
      s += item;
      col += item.size();
    }
    return s;
  }

  const VerilogPlan& p_;
  std::string max2_;
  std::string out_;
  std::string pipe_bundle_;
  std::set<int> features_;
  std::vector<bool> named_;  // of the neuron being printed
  std::vector<int> rom_lsb_; // of the (folded) neuron being printed: each leaf's first ROM bit
  std::string rom_name_;     // and its ROM
  std::map<int, int> mul_width_;  // and the magnitude width of each feature's Mul leaves
  std::string input_ = "in_data";  // the register the features are read from
  std::string features_text_;
  std::map<int, std::string> regs_;  // stage -> its register assignments
  std::vector<std::string> order_;   // tracked signals in declaration order
  std::map<std::string, std::vector<bool>> used_;
};

}  // namespace

std::string verilog_literal(__int128 v, int w) {
  unsigned __int128 u = static_cast<unsigned __int128>(v);
  if (w < 128) u &= (static_cast<unsigned __int128>(1) << w) - 1;
  std::string dec;
  do {
    dec.insert(dec.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u != 0);
  return std::to_string(w) + "'d" + dec;
}

std::string wrap_expression(const std::string& expr, size_t indent, size_t width) {
  if (indent + expr.size() <= width) return expr;
  // Top-level " + " / " - " (outside (), {} and []): one operand a line, the operator leading.
  std::vector<size_t> cuts;
  int depth = 0;
  for (size_t i = 0; i < expr.size(); ++i) {
    char c = expr[i];
    if (c == '(' || c == '{' || c == '[') ++depth;
    else if (c == ')' || c == '}' || c == ']') --depth;
    else if (depth == 0 && i + 2 < expr.size() && c == ' ' && (expr[i + 1] == '+' || expr[i + 1] == '-') &&
             expr[i + 2] == ' ')
      cuts.push_back(i);
  }
  std::string pad(indent, ' ');
  if (!cuts.empty()) {
    std::string out = wrap_expression(expr.substr(0, cuts[0]), indent, width);
    for (size_t k = 0; k < cuts.size(); ++k) {
      size_t from = cuts[k] + 3, to = k + 1 < cuts.size() ? cuts[k + 1] : expr.size();
      out += "\n" + pad + expr[cuts[k] + 1] + " " + wrap_expression(expr.substr(from, to - from), indent + 2, width);
    }
    return out;
  }
  // One group: a parenthesized sum, or a zero extension {N'd0, (...)}; open it one level.
  auto closes_at_end = [&](size_t open) {
    int d = 0;
    for (size_t i = open; i < expr.size(); ++i) {
      if (expr[i] == '(' || expr[i] == '{') ++d;
      else if (expr[i] == ')' || expr[i] == '}') --d;
      if (d == 0) return i + 1 == expr.size();
    }
    return false;
  };
  if (expr.front() == '(' && closes_at_end(0))
    return "(\n" + pad + "  " + wrap_expression(expr.substr(1, expr.size() - 2), indent + 2, width) + "\n" + pad + ")";
  if (expr.front() == '{' && closes_at_end(0)) {  // a concatenation: one element a line
    std::vector<size_t> commas;
    int d = 0;
    for (size_t i = 0; i < expr.size(); ++i) {
      char c = expr[i];
      if (c == '(' || c == '{' || c == '[') ++d;
      else if (c == ')' || c == '}' || c == ']') --d;
      else if (d == 1 && c == ',') commas.push_back(i);
    }
    if (!commas.empty()) {
      std::string out = "{";
      size_t from = 1;
      commas.push_back(expr.size() - 1);
      for (size_t k = 0; k < commas.size(); ++k) {
        std::string item = expr.substr(from, commas[k] - from);
        if (!item.empty() && item.front() == ' ') item.erase(0, 1);
        out += (k ? ",\n" + pad + " " : "") + wrap_expression(item, indent + 1, width);
        from = commas[k] + 1;
      }
      return out + "}";
    }
  }
  return expr;  // a leaf: cannot be cut
}

std::string datapath_text(const VerilogPlan& p, const std::string& max2_module) {
  return Datapath(p, max2_module).text();
}

}  // namespace hv

// Building the VerilogPlan (see prepare_verilog.hpp). Decisions made here, and why:
//  - Dead neurons (read by no live neuron of the next layer) are not built: their register bits
//    would be unused logic and a lint warning. A layer keeps at least one bit so every stage exists.
//  - Adder width = the exact bound width of z; layer 0 needs one bit more than B when the bound is
//    narrower, because its inputs enter as zero-extended signed values. Sums wrap modulo 2^width,
//    which is exact because the true value is known to fit.
//  - Stages: one register per hidden layer, then the class (binary) or the scores and the class.
#include "backends/verilog/prepare_verilog.hpp"

#include <algorithm>
#include <set>

#include "ir/bounds.hpp"
#include "ir/hash.hpp"

namespace hv {

namespace {

const std::set<std::string>& keywords() {
  static const std::set<std::string> k = {
      "accept_on", "alias", "always", "always_comb", "always_ff", "always_latch", "and", "assert",
      "assign", "assume", "automatic", "before", "begin", "bind", "bins", "binsof", "bit", "break",
      "buf", "bufif0", "bufif1", "byte", "case", "casex", "casez", "cell", "chandle", "checker",
      "class", "clocking", "cmos", "config", "const", "constraint", "context", "continue", "cover",
      "covergroup", "coverpoint", "cross", "deassign", "default", "defparam", "design", "disable",
      "dist", "do", "edge", "else", "end", "endcase", "endchecker", "endclass", "endclocking",
      "endconfig", "endfunction", "endgenerate", "endgroup", "endinterface", "endmodule",
      "endpackage", "endprimitive", "endprogram", "endproperty", "endspecify", "endsequence",
      "endtable", "endtask", "enum", "event", "eventually", "expect", "export", "extends", "extern",
      "final", "first_match", "for", "force", "foreach", "forever", "fork", "forkjoin", "function",
      "generate", "genvar", "global", "highz0", "highz1", "if", "iff", "ifnone", "ignore_bins",
      "illegal_bins", "implements", "implies", "import", "incdir", "include", "initial", "inout",
      "input", "inside", "instance", "int", "integer", "interconnect", "interface", "intersect",
      "join", "join_any", "join_none", "large", "let", "liblist", "library", "local", "localparam",
      "logic", "longint", "macromodule", "matches", "medium", "modport", "module", "nand",
      "negedge", "nettype", "new", "nexttime", "nmos", "nor", "noshowcancelled", "not", "notif0",
      "notif1", "null", "or", "output", "package", "packed", "parameter", "pmos", "posedge",
      "primitive", "priority", "program", "property", "protected", "pull0", "pull1", "pulldown",
      "pullup", "pulsestyle_ondetect", "pulsestyle_onevent", "pure", "rand", "randc", "randcase",
      "randsequence", "rcmos", "real", "realtime", "ref", "reg", "reject_on", "release", "repeat",
      "restrict", "return", "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "s_always",
      "s_eventually", "s_nexttime", "s_until", "s_until_with", "scalared", "sequence", "shortint",
      "shortreal", "showcancelled", "signed", "small", "soft", "solve", "specify", "specparam",
      "static", "string", "strong", "strong0", "strong1", "struct", "super", "supply0", "supply1",
      "sync_accept_on", "sync_reject_on", "table", "tagged", "task", "this", "throughout", "time",
      "timeprecision", "timeunit", "tran", "tranif0", "tranif1", "tri", "tri0", "tri1", "triand",
      "trior", "trireg", "type", "typedef", "union", "unique", "unique0", "unsigned", "until",
      "until_with", "untyped", "use", "uwire", "var", "vectored", "virtual", "void", "wait",
      "wait_order", "wand", "weak", "weak0", "weak1", "while", "wildcard", "wire", "with", "within",
      "wor", "xnor", "xor"};
  return k;
}

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

// The neurons of `layer` selected by `keep`, reading inputs through `pos` (-1: not present).
std::vector<VerilogNeuron> plan_neurons(const Layer& layer, const std::vector<Range>& bounds,
                                        const std::vector<bool>& keep, const std::vector<int>& pos) {
  std::vector<VerilogNeuron> out;
  for (int j = 0; j < layer.n_out; ++j) {
    if (!keep[j]) continue;
    VerilogNeuron n;
    n.index = j;
    n.bias = layer.bias[j];
    for (int i = 0; i < layer.n_in; ++i)
      if (layer.w(j, i) != 0) n.terms.push_back({pos[i], layer.w(j, i)});
    n.bound_bits = signed_bits(bounds[j]);
    n.width = n.bound_bits;
    out.push_back(std::move(n));
  }
  return out;
}

// Positions of read inputs; fills `unread` with the positions no neuron reads.
std::vector<int> unread_of(const std::vector<VerilogNeuron>& readers, int n_inputs) {
  std::vector<bool> read(n_inputs, false);
  for (const auto& n : readers)
    for (const auto& t : n.terms) read[t.src] = true;
  std::vector<int> unread;
  for (int i = 0; i < n_inputs; ++i)
    if (!read[i]) unread.push_back(i);
  return unread;
}

std::string plural(size_t n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

}  // namespace

bool is_verilog_keyword(const std::string& s) { return keywords().count(s) != 0; }

VerilogPlan prepare_verilog(const Network& net) {
  VerilogPlan p;
  p.model = net.name;
  p.module = is_verilog_keyword(net.name) ? "hv_" + net.name : net.name;
  p.hash_hex = network_hash_hex(net);
  p.n_in = static_cast<int>(net.inputs.size());
  p.in_bits = net.input_bits;
  p.in_width = p.n_in * p.in_bits;
  p.n_classes = static_cast<int>(net.classes.size());
  p.binary = net.binary();
  p.class_width = p.binary ? 1 : unsigned_bits(p.n_classes - 1);

  auto bounds = layer_bounds(net);
  auto live = live_neurons(net);
  std::vector<int> pos(p.n_in);
  for (int i = 0; i < p.n_in; ++i) pos[i] = i;
  for (size_t l = 0; l < net.hidden.size(); ++l) {
    VerilogLayer layer;
    layer.name = "h" + std::to_string(l + 1);
    layer.neurons = plan_neurons(net.hidden[l], bounds[l], live[l], pos);
    if (l == 0)
      for (auto& n : layer.neurons)
        if (!n.terms.empty()) n.width = std::max(n.bound_bits, p.in_bits + 1);
    if (l == 0) p.unread_inputs = unread_of(layer.neurons, p.n_in);
    else p.hidden.back().unread_bits = unread_of(layer.neurons, static_cast<int>(p.hidden.back().neurons.size()));
    pos.assign(net.hidden[l].n_out, -1);
    for (size_t k = 0; k < layer.neurons.size(); ++k) pos[layer.neurons[k].index] = static_cast<int>(k);
    p.stages.push_back("stage " + std::to_string(l + 1) + ": hidden layer " + std::to_string(l + 1) + " (" +
                       plural(layer.neurons.size(), "threshold neuron") + " registered, " +
                       plural(net.hidden[l].n_out - layer.neurons.size(), "unread neuron") + " not built)");
    p.hidden.push_back(std::move(layer));
  }

  p.output.name = "o";
  p.output.neurons = plan_neurons(net.output, bounds.back(), std::vector<bool>(net.output.n_out, true), pos);
  p.hidden.back().unread_bits = unread_of(p.output.neurons, static_cast<int>(p.hidden.back().neurons.size()));
  p.score_width = signed_bits(bounds.back());
  for (auto& n : p.output.neurons) n.width = p.binary ? n.bound_bits : p.score_width;

  int s = static_cast<int>(p.stages.size());
  if (p.binary) {
    p.stages.push_back("stage " + std::to_string(s + 1) + ": output score, class = score >= 0");
  } else {
    p.stages.push_back("stage " + std::to_string(s + 1) + ": " + plural(p.n_classes, "output score") + " of " +
                       std::to_string(p.score_width) + " bits");
    p.stages.push_back("stage " + std::to_string(s + 2) + ": argmax, ties to the lowest class index");
  }
  p.latency = static_cast<int>(p.stages.size());
  return p;
}

}  // namespace hv

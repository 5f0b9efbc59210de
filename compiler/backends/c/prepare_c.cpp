// The C backend's decisions (see prepare_c.hpp): names, integer types, layout. All widths come
// from exact integer bounds, never from guesses; the emitter only prints what is decided here.
#include "backends/c/prepare_c.hpp"

#include <algorithm>
#include <iterator>
#include <cctype>
#include <string_view>

#include "ir/bounds.hpp"
#include "ir/verify.hpp"
#include "support/diagnostics.hpp"

namespace hv {

namespace {

constexpr int kWordBits = 32;

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool upper_at(std::string_view s, size_t i) { return i < s.size() && s[i] >= 'A' && s[i] <= 'Z'; }
bool lower_at(std::string_view s, size_t i) { return i < s.size() && s[i] >= 'a' && s[i] <= 'z'; }
bool digit_at(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

// Macro names the C standard reserves for its headers (C99 7.26, C11 7.31, C23 7.33).
bool reserved_macro(std::string_view m) {
  if (m.empty() || m[0] == '_' || c_keyword(std::string(m))) return true;
  if (m[0] == 'E' && (upper_at(m, 1) || digit_at(m, 1))) return true;
  for (std::string_view p : {"LC_", "FE_", "TIME_", "ATOMIC_", "SIG_"})
    if (starts(m, p) && upper_at(m, p.size())) return true;
  if (starts(m, "SIG") && upper_at(m, 3)) return true;
  for (std::string_view p : {"PRI", "SCN"})
    if (starts(m, p) && (lower_at(m, 3) || (m.size() > 3 && m[3] == 'X'))) return true;
  if ((starts(m, "INT") || starts(m, "UINT")) && (ends(m, "_C") || ends(m, "_MAX") || ends(m, "_MIN")))
    return true;
  return false;
}

// Function and object names the C standard reserves for its headers.
bool reserved_name(std::string_view f) {
  if (f.empty() || f[0] == '_' || c_keyword(std::string(f))) return true;
  for (std::string_view p : {"is", "to"})
    if (starts(f, p) && lower_at(f, 2)) return true;
  for (std::string_view p : {"str", "mem", "wcs"})
    if (starts(f, p) && lower_at(f, 3)) return true;
  for (std::string_view p : {"cnd_", "mtx_", "thrd_", "tss_", "atomic_", "memory_"})
    if (starts(f, p)) return true;
  if ((starts(f, "int") || starts(f, "uint")) && ends(f, "_t")) return true;
  return false;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Every identifier the backend generates from a prefix (kept in step with the templates).
bool prefix_ok(const std::string& p) {
  const std::string m = upper(p);
  for (const char* suffix : {"_N_INPUTS", "_N_CLASSES", "_N_SCORES", "_INPUT_BITS", "_H"})
    if (reserved_macro(m + suffix)) return false;
  for (const char* suffix : {"_predict", "_scores", "_output", "_output_w", "_output_b", "_layer0",
                             "_hidden0_w", "_hidden0_b"})
    if (reserved_name(p + suffix)) return false;
  return !reserved_name(p) && !reserved_macro(m);
}

int table_bits(const std::vector<int64_t>& v) {
  auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return signed_bits(Range{*lo, *hi});
}

CLayerPlan plan_layer(const std::string& prefix, const Layer& layer, int index, bool output,
                      bool reads_bits, int64_t in_max, const std::vector<Range>& bounds) {
  CLayerPlan p;
  p.index = index;
  p.output = output;
  p.reads_bits = reads_bits;
  p.n_in = layer.n_in;
  p.n_out = layer.n_out;
  p.in_words = reads_bits ? (layer.n_in + kWordBits - 1) / kWordBits : 0;
  p.out_words = output ? 0 : (layer.n_out + kWordBits - 1) / kWordBits;
  p.acc_bits = signed_bits(bounds);
  const int w_bits = table_bits(layer.weights);
  p.weight_type = c_int_type(w_bits);
  p.bias_type = c_int_type(table_bits(layer.bias));
  // The accumulator must hold every partial sum (bounds), every product term w * q and every
  // weight on its own (a weight can exceed the sum's range when the bias cancels it).
  int need = std::max(p.acc_bits, w_bits);
  for (int64_t w : layer.weights) {
    __int128 t = static_cast<__int128>(w) * in_max;
    need = std::max(need, signed_bits(Range{std::min<__int128>(t, 0), std::max<__int128>(t, 0)}));
  }
  p.acc_type = need <= 32 ? "int32_t" : "int64_t";
  const std::string stem = output ? prefix + "_output" : prefix + "_hidden" + std::to_string(index);
  p.weight_table = stem + "_w";
  p.bias_table = stem + "_b";
  p.function = output ? prefix + "_output" : prefix + "_layer" + std::to_string(index);
  p.layer = &layer;
  return p;
}

}  // namespace

bool c_keyword(const std::string& word) {
  static const std::string_view kw[] = {
      "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
      "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
      "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
      "union", "unsigned", "void", "volatile", "while", "alignas", "alignof", "bool", "constexpr",
      "false", "nullptr", "static_assert", "thread_local", "true", "typeof", "typeof_unqual",
      "asm", "fortran", "main", "errno", "assert", "offsetof", "NULL", "complex", "imaginary",
      "noreturn", "and", "or", "not", "xor", "bitand"};
  return std::find(std::begin(kw), std::end(kw), word) != std::end(kw);
}

std::string c_int_type(int signed_bits) {
  if (signed_bits <= 8) return "int8_t";
  if (signed_bits <= 16) return "int16_t";
  if (signed_bits <= 32) return "int32_t";
  return "int64_t";
}

std::string c_prefix(const std::string& name) {
  if (prefix_ok(name)) return name;
  size_t first = name.find_first_not_of('_');
  return first == std::string::npos ? "hv_model" : "hv_" + name.substr(first);
}

CPlan prepare_c(const Network& net) {
  verify_network(net, "model " + quote(net.name));
  CPlan plan;
  plan.model = net.name;
  plan.prefix = c_prefix(net.name);
  plan.macro = upper(plan.prefix);
  plan.input_bits = net.input_bits;
  plan.input_type = net.input_bits <= 8 ? "uint8_t" : "uint16_t";
  plan.n_inputs = static_cast<int>(net.inputs.size());
  plan.n_classes = static_cast<int>(net.classes.size());
  plan.n_scores = net.output.n_out;
  plan.binary = net.binary();
  const auto bounds = layer_bounds(net);
  for (size_t l = 0; l < net.hidden.size(); ++l)
    plan.layers.push_back(plan_layer(plan.prefix, net.hidden[l], static_cast<int>(l), false, l > 0,
                                     l == 0 ? net.input_max() : 1, bounds[l]));
  plan.layers.push_back(plan_layer(plan.prefix, net.output, static_cast<int>(net.hidden.size()), true,
                                   true, 1, bounds.back()));
  plan.score_type = plan.layers.back().acc_type;
  return plan;
}

std::string describe_plan(const CPlan& plan) {
  std::string s;
  s += "prefix " + plan.prefix + " (macros " + plan.macro + "_*)\n";
  s += "inputs: " + std::to_string(plan.n_inputs) + " x " + plan.input_type + ", " +
       std::to_string(plan.input_bits) + " bits each\n";
  for (const CLayerPlan& l : plan.layers) {
    s += l.output ? std::string("output layer: ") : "hidden layer " + std::to_string(l.index) + ": ";
    s += std::to_string(l.n_in) + " -> " + std::to_string(l.n_out) + ", reads ";
    s += l.reads_bits ? std::to_string(l.in_words) + " packed word(s)" : std::string("q");
    s += "; weights " + l.weight_type + ", bias " + l.bias_type + ", accumulator " + l.acc_type +
         " (sums need " + std::to_string(l.acc_bits) + " bits)";
    if (!l.output) s += "; writes " + std::to_string(l.out_words) + " word(s)";
    s += "\n";
  }
  s += "scores: " + std::to_string(plan.n_scores) + " x " + plan.score_type + "; class: ";
  s += plan.binary ? "1 iff score 0 >= 0\n" : "argmax, ties to the lowest index\n";
  s += "activations: a_j = (z_j >= 0), packed LSB-first in uint32_t words (neuron j is bit j % 32 "
       "of word j / 32)\n";
  return s;
}

}  // namespace hv

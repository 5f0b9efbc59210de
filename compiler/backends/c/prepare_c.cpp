// The C backend's decisions (see prepare_c.hpp): names, integer types, layout. All widths come
// from exact integer bounds, never from guesses; the emitter only prints what is decided here.
#include "backends/c/prepare_c.hpp"

#include <algorithm>
#include <iterator>
#include <cctype>
#include <set>
#include <string_view>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "ir/bounds.hpp"
#include "reference.hpp"
#include "ir/verify.hpp"
#include "support/diagnostics.hpp"

namespace hv {

namespace {

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
  for (const char* suffix : {"_N_INPUTS", "_N_CLASSES", "_N_SCORES", "_INPUT_BITS", "_H", "_FLOAT", "_ROM",
                             "_NOINLINE", "_MODEL_HASH", "_FRAC_BITS"})
    if (reserved_macro(m + suffix)) return false;
  for (const char* suffix : {"_predict", "_scores", "_quantize", "_popcount", "_output", "_output_w",
                             "_output_b", "_layer0", "_hidden0_w", "_hidden0_b", "_hidden0_i",
                             "_hidden0_n", "_acc24", "_lo", "_step", "_quantize_fixed", "_qx",
                             "_qx_fix_i", "_qx_fix_x", "_qx_fix_q"})
    if (reserved_name(p + suffix)) return false;
  return !reserved_name(p) && !reserved_macro(m);
}

int table_bits(const std::vector<int64_t>& v) {
  auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return signed_bits(Range{*lo, *hi});
}

// The smallest accumulator type of at least 16 bits (C computes in int anyway; int8 buys nothing).
std::string acc_int_type(int bits) { return c_int_type(std::max(bits, 9)); }
int bits_of(const std::string& int_type) { return std::stoi(int_type.substr(3)); }  // "int16_t"

// Estimated cycles per neuron of a layer with binary inputs, per packing word size, fitted to
// bench/firmware/dot_costs.py (docs/FIRMWARE.md): 8-bit words on the ATmega328P (simavr cycles),
// 32-bit words on x86-64 (callgrind instructions); 16-bit words are not measured, interpolated.
struct DotCosts {
  double per_bit;    // walk: one step of the shift walk (test, add when set, shift)
  double per_word;   // planes: load plane word, AND, popcount, add
  double per_plane;  // planes: the Horner step (s = 2 s + count)
};

DotCosts dot_costs(int word_bits) {
  switch (word_bits) {
    case 8: return {12.4, 29.0, 10.0};
    case 16: return {9.0, 33.0, 10.0};
    default: return {6.45, 37.0, 11.0};
  }
}

// Estimated cycles of hidden layer 0 per neuron, `fixed` plus `per_term` per term (a weight of the
// row for dense and unrolled, a nonzero weight for sparse and signs) with a 16-bit accumulator
// (the fits on ternary weights), plus `per_acc_byte` per term and accumulator byte beyond two
// (the 8-bit weights' extra cost per term, their sums needing 17..24 bits); fitted to
// bench/firmware/layer0_costs.py (docs/FIRMWARE.md), which measures layer 0 in its context
// (inlined into predict): 8-bit words use the ATmega328P's cycles, 32-bit words the host's
// instructions, 16-bit words are interpolated. Unrolled keeps q in registers only for a few
// inputs: with more, avr-gcc spills and it measured 40-60% slower than the called loop, so it is
// a candidate only up to kUnrolledMaxInputs.
constexpr int kUnrolledMaxInputs = 4;

struct TermCost {
  double fixed, per_term;
};
struct Layer0Costs {
  TermCost dense, unrolled, sparse, signs;
  double per_acc_byte;
};

Layer0Costs layer0_costs(int word_bits) {
  switch (word_bits) {
    case 8: return {{42.5, 15}, {27, 14.5}, {87, 28}, {82, 15}, 3.3};
    case 16: return {{35.5, 8}, {18, 9}, {59, 18}, {57, 10.5}, 1.9};
    default: return {{28.5, 1.1}, {9.5, 3.2}, {30.5, 8}, {32.5, 6}, 0.4};
  }
}

// Hidden layer 0: the cost of each way of storing the weights, and the choice (the cheapest, or
// the forced one). Signs needs every weight in {-1, 0, 1}.
void choose_terms(CLayerPlan& p, const COptions& options, int word_bits, int acc_need) {
  const Layer& layer = *p.layer;
  bool ternary = true;
  int most = 0;
  for (int j = 0; j < layer.n_out; ++j) {
    int row = 0;
    for (int i = 0; i < layer.n_in; ++i) {
      const int64_t w = layer.w(j, i);
      row += w != 0;
      ternary = ternary && w >= -1 && w <= 1;
    }
    p.nonzeros += row;
    most = std::max(most, row);
  }
  const Layer0Costs c = layer0_costs(word_bits);
  // <prefix>_acc24 is 3 bytes on the AVR (8-bit words), int32_t elsewhere
  const int acc_bytes = acc_need <= 16 ? 2 : acc_need <= 24 && word_bits == 8 ? 3 : acc_need <= 32 ? 4 : 8;
  const double wide = (acc_bytes - 2) * c.per_acc_byte;  // per term
  const double n = layer.n_out, dense_terms = static_cast<double>(layer.n_out) * layer.n_in;
  auto cost = [&](TermCost t, double terms) { return n * t.fixed + terms * (t.per_term + wide); };
  p.dense_cost = cost(c.dense, dense_terms);
  p.unrolled_cost = layer.n_in <= kUnrolledMaxInputs ? cost(c.unrolled, dense_terms) : -1;
  p.sparse_cost = cost(c.sparse, p.nonzeros);
  p.signs_cost = ternary ? cost(c.signs, p.nonzeros) : -1;
  p.index_type = layer.n_in <= 256 ? "uint8_t" : "uint16_t";
  // signs keeps two counts per neuron (added, subtracted), each at most `most`
  p.count_type = most <= 255 ? "uint8_t" : "uint16_t";
  const std::string& f = options.layer0;
  if (f == "dense") p.terms = CTerms::dense;
  else if (f == "unrolled") p.terms = CTerms::unrolled;
  else if (f == "sparse") p.terms = CTerms::sparse;
  else if (f == "signs") {
    if (!ternary) {
      const int64_t w = *std::find_if(layer.weights.begin(), layer.weights.end(),
                                      [](int64_t v) { return v < -1 || v > 1; });
      fail("C layer 0 method signs needs every weight of hidden layer 0 in {-1, 0, 1}, found " +
           std::to_string(w) + " (use sparse)");
    }
    p.terms = CTerms::signs;
  } else {
    std::pair<double, CTerms> best = {p.dense_cost, CTerms::dense};  // a cost < 0: not a candidate
    for (auto cand : {std::pair{p.unrolled_cost, CTerms::unrolled}, std::pair{p.sparse_cost, CTerms::sparse},
                      std::pair{p.signs_cost, CTerms::signs}})
      if (cand.first >= 0 && cand.first < best.first) best = cand;
    p.terms = best.second;
  }
}

void choose_dot(CLayerPlan& p, const COptions& options, int word_bits) {
  p.planes = table_bits(p.layer->weights);
  const DotCosts c = dot_costs(word_bits);
  p.walk_cost = p.in_words * word_bits * c.per_bit;
  p.planes_cost = p.planes * (p.in_words * c.per_word + c.per_plane);
  if (options.dot == "walk" || p.output)
    p.dot = CDot::walk;
  else if (options.dot == "planes")
    p.dot = CDot::planes;
  else
    p.dot = p.planes_cost < p.walk_cost ? CDot::planes : CDot::walk;
  if (p.dot == CDot::walk) return;
  // Horner over the planes: s runs through partial values of sum_p (+-2^p) count_p, all within
  // [-2^top n_in, (2^top - 1) n_in]; the accumulator must hold s and z + s.
  const __int128 span = (static_cast<__int128>(1) << (p.planes - 1)) * p.n_in;
  const int need = std::max(p.acc_bits, signed_bits(Range{-span, span}));
  p.acc_type = acc_int_type(std::max(need, bits_of(p.acc_type)));
}

CLayerPlan plan_layer(const std::string& prefix, const Layer& layer, int index, bool output,
                      bool reads_bits, int64_t in_max, const std::vector<Range>& bounds,
                      const COptions& options) {
  const int wb = options.word_bits;
  CLayerPlan p;
  p.index = index;
  p.output = output;
  p.reads_bits = reads_bits;
  p.n_in = layer.n_in;
  p.n_out = layer.n_out;
  p.in_words = reads_bits ? (layer.n_in + wb - 1) / wb : 0;
  p.out_words = output ? 0 : (layer.n_out + wb - 1) / wb;
  p.acc_bits = signed_bits(bounds);
  const int w_bits = table_bits(layer.weights);
  p.weight_type = c_int_type(w_bits);
  p.bias_type = c_int_type(table_bits(layer.bias));
  // The accumulator must hold every partial sum (bounds), every product term w * q and every
  // weight on its own (a weight can exceed the sum's range when the bias cancels it).
  int prod = w_bits;
  for (int64_t w : layer.weights) {
    __int128 t = static_cast<__int128>(w) * in_max;
    prod = std::max(prod, signed_bits(Range{std::min<__int128>(t, 0), std::max<__int128>(t, 0)}));
  }
  p.prod_type = acc_int_type(prod);
  const int acc_need = std::max(p.acc_bits, prod);
  p.acc_type = acc_int_type(acc_need);
  p.layer = &layer;
  if (reads_bits) choose_dot(p, options, wb);
  if (output && p.n_out > 1) p.dot = CDot::columns;
  if (!reads_bits) {
    choose_terms(p, options, wb, acc_need);
    // 17..24-bit sums: avr-gcc adds 3 bytes instead of 4 (the typedef falls back to int32_t).
    if (acc_need > 16 && acc_need <= 24) p.acc_type = prefix + "_acc24";
  }
  const std::string stem = output ? prefix + "_output" : prefix + "_hidden" + std::to_string(index);
  p.weight_table = stem + "_w";
  p.bias_table = stem + "_b";
  p.index_table = stem + "_i";
  p.count_table = stem + "_n";
  p.function = output ? prefix + "_output" : prefix + "_layer" + std::to_string(index);
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

std::string c_file_stem(const std::string& name) {
  // Headers of the C standard library (C89 to C23) and those the C libraries (glibc, newlib,
  // avr-libc) include from them by a bare name: a generated <name>.h found first on an include
  // path would hide them. Compared in lower case, for case-insensitive file systems.
  static const std::set<std::string> system = {
      "assert", "complex", "ctype", "errno", "fenv", "float", "inttypes", "iso646", "limits", "locale",
      "math", "setjmp", "signal", "stdalign", "stdarg", "stdatomic", "stdbit", "stdbool", "stdckdint",
      "stddef", "stdint", "stdio", "stdlib", "stdnoreturn", "string", "tgmath", "threads", "time", "uchar",
      "wchar", "wctype", "features", "alloca", "endian", "unistd", "malloc", "memory", "strings", "sched",
      "pthread", "newlib", "ieeefp", "reent", "stdfix", "fcntl", "config"};
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return system.count(lower) || (!name.empty() && name[0] == '_') ? "hv_" + name : name;
}

CPlan prepare_c(const Network& net, const COptions& options) {
  verify_network(net, "model " + quote(net.name));
  if (options.word_bits != 8 && options.word_bits != 16 && options.word_bits != 32)
    fail("C word size is " + std::to_string(options.word_bits) + " bits, expected 8, 16 or 32");
  if (options.dot != "auto" && options.dot != "walk" && options.dot != "planes")
    fail("C dot product method is " + quote(options.dot) + ", expected auto, walk or planes");
  const std::string& l0 = options.layer0;
  if (l0 != "auto" && l0 != "dense" && l0 != "unrolled" && l0 != "sparse" && l0 != "signs")
    fail("C layer 0 method is " + quote(l0) + ", expected auto, dense, unrolled, sparse or signs");
  if (options.layout != "flat" && options.layout != "arduino" && options.layout != "platformio")
    fail("C layout is " + quote(options.layout) + ", expected flat, arduino or platformio");
  CPlan plan;
  plan.model = c_file_stem(net.name);
  plan.prefix = c_prefix(net.name);
  plan.macro = upper(plan.prefix);
  plan.input_bits = net.input_bits;
  plan.input_type = net.input_bits <= 8 ? "uint8_t" : "uint16_t";
  plan.word_bits = options.word_bits;
  plan.word_type = "uint" + std::to_string(options.word_bits) + "_t";
  plan.n_inputs = static_cast<int>(net.inputs.size());
  plan.n_classes = static_cast<int>(net.classes.size());
  plan.n_scores = net.output.n_out;
  plan.binary = net.binary();
  plan.regression = net.regression();
  const auto bounds = layer_bounds(net);
  for (size_t l = 0; l < net.hidden.size(); ++l)
    plan.layers.push_back(plan_layer(plan.prefix, net.hidden[l], static_cast<int>(l), false, l > 0,
                                     l == 0 ? net.input_max() : 1, bounds[l], options));
  plan.layers.push_back(plan_layer(plan.prefix, net.output, static_cast<int>(net.hidden.size()), true,
                                   true, 1, bounds.back(), options));
  plan.score_type = plan.layers.back().acc_type;
  plan.acc24_type = plan.prefix + "_acc24";
  for (const CLayerPlan& l : plan.layers) {
    plan.popcount = plan.popcount || (l.reads_bits && l.dot == CDot::planes);
    plan.acc24 = plan.acc24 || l.acc_type == plan.acc24_type;
  }
  plan.fixed = plan_fixed_quantizer(net);
  return plan;
}

namespace {

using i128 = __int128;

// Slack of the affine fit at multiplier m: U(m) - L(m) where `add` must lie in [L, U). Concave in m
// (a minimum of lines minus a maximum of lines). L: code >= k from t_k on (k < Q); U: code < k
// below t_k (k >= 2). t[k - 1] = t_k.
struct Slack {
  i128 lo, hi;
};
Slack slack(const std::vector<i128>& t, i128 m, int shift) {
  i128 lo = std::numeric_limits<i128>::min(), hi = std::numeric_limits<i128>::max();
  const size_t q = t.size();
  for (size_t k = 1; k <= q; ++k) {
    i128 base = static_cast<i128>(k) << shift;
    if (k < q) lo = std::max(lo, base - t[k - 1] * m);
    if (k >= 2) hi = std::min(hi, base - (t[k - 1] - 1) * m);
  }
  return {lo, hi};
}

}  // namespace

int64_t fixed_feature_code(const CFixedFeature& f, int64_t x, int64_t qmax, int shift) {
  int64_t y = x - f.first + 1;
  if (y < 1) return 0;
  if (y >= f.span) return qmax;
  i128 g = (static_cast<i128>(y) * f.mul + f.add) >> shift;
  return static_cast<int64_t>(std::clamp<i128>(g, 0, qmax));
}

CFixedFeature fit_fixed_feature(const std::vector<int64_t>& thresholds, int shift, int feature,
                                std::vector<CFixup>& fixups) {
  CFixedFeature f;
  const int64_t q = static_cast<int64_t>(thresholds.size());
  f.first = thresholds[0];
  std::vector<i128> t;
  for (int64_t th : thresholds) t.push_back(static_cast<i128>(th) - f.first + 1);
  f.span = static_cast<int64_t>(t.back());
  if (q == 1) return f;  // one bit: 0 below first, 1 from it on
  // Ternary search for the m maximizing the concave slack; m in [1, 2^shift * Q].
  auto value = [&](i128 m) {
    Slack s = slack(t, m, shift);
    return s.hi - s.lo;
  };
  i128 a = 1, b = static_cast<i128>(q) << shift;
  while (b - a > 2) {
    i128 m1 = a + (b - a) / 3, m2 = b - (b - a) / 3;
    if (value(m1) < value(m2)) a = m1 + 1;
    else b = m2;
  }
  i128 best = a;
  for (i128 m = a; m <= b; ++m)
    if (value(m) > value(best)) best = m;
  Slack s = slack(t, best, shift);
  f.mul = static_cast<int64_t>(best);
  f.add = static_cast<int64_t>(s.lo);
  // Where the fit and the thresholds disagree (only when the slack is not positive): each code's
  // first y by the fit against t_k; every y between them is a fixup with its true code.
  for (int64_t k = 2; k <= q; ++k) {
    i128 need = (static_cast<i128>(k) << shift) - f.add;  // y * mul >= need
    i128 fit = std::max<i128>(1, (need + f.mul - 1) / f.mul);
    if (fit - t[k - 1] > 4096 || t[k - 1] - fit > 4096)
      throw std::logic_error("prepare_c: the integer quantizer's fit is off by more than 4096 steps");
    for (i128 y = std::min(fit, t[k - 1]); y < std::max(fit, t[k - 1]) && y < f.span; ++y) {
      int64_t x = static_cast<int64_t>(y) + f.first - 1;
      int64_t code = static_cast<int64_t>(std::upper_bound(thresholds.begin(), thresholds.end(), x) - thresholds.begin());
      if (fixed_feature_code(f, x, q, shift) != code) fixups.push_back({feature, x, static_cast<int>(code)});
    }
  }
  if (fixups.size() > 4096) throw std::logic_error("prepare_c: the integer quantizer needs too many fixups");
  return f;
}

CFixedQuantizer plan_fixed_quantizer(const Network& net) {
  CFixedQuantizer fq;
  const int64_t qmax = net.input_max();
  // The finest fraction (at most 16 bits) with every feature's range (lo .. lo + (Q + 1) * step)
  // inside +-2^30 and with Q d^2 <= 2^(shift - 4), d = step * 2^F grid points per code: a
  // multiplier of `shift` bits then places the last threshold within a small fraction of a grid
  // point (its rounding error times the span, Q d, is about Q d^2 / 2^shift), so the fit is exact.
  fq.shift = 40;
  fq.frac_bits = 16;
  for (const Feature& in : net.inputs) {
    double span = std::max(std::fabs(in.lo), std::fabs(in.lo + (static_cast<double>(qmax) + 1) * in.step));
    auto fits = [&](int f) {
      double d = std::ldexp(in.step, f);
      return std::ldexp(span, f) < std::ldexp(1.0, 30) &&
             static_cast<double>(qmax) * d * d <= std::ldexp(1.0, fq.shift - 4);
    };
    while (fq.frac_bits > 0 && !fits(fq.frac_bits)) --fq.frac_bits;
  }
  const int64_t xmin = std::numeric_limits<int32_t>::min(), xmax = std::numeric_limits<int32_t>::max();
  std::vector<double> row(net.inputs.size(), 0.0);
  for (size_t i = 0; i < net.inputs.size(); ++i) {
    auto code = [&](int64_t x) {
      row[i] = std::ldexp(static_cast<double>(x), -fq.frac_bits);
      return ref::quantize(net, row)[i];
    };
    std::vector<int64_t> th;
    for (int64_t k = 1; k <= qmax; ++k) {
      if (code(xmax) < k) {
        th.push_back(xmax + 1);
        continue;
      }
      int64_t lo = th.empty() ? xmin : th.back(), hi = xmax;  // code(hi) >= k
      if (code(lo) >= k) hi = lo;
      while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (code(mid) >= k) hi = mid;
        else lo = mid + 1;
      }
      th.push_back(hi);
    }
    fq.features.push_back(fit_fixed_feature(th, fq.shift, static_cast<int>(i), fq.fixups));
  }
  return fq;
}

std::vector<uint64_t> weight_planes(const int64_t* row, int n_in, int planes, int word_bits) {
  const int words = (n_in + word_bits - 1) / word_bits;
  std::vector<uint64_t> out(static_cast<size_t>(planes) * words, 0);
  for (int p = 0; p < planes; ++p)
    for (int j = 0; j < n_in; ++j)
      if ((static_cast<uint64_t>(row[j]) >> p) & 1u)
        out[static_cast<size_t>(p) * words + j / word_bits] |= uint64_t{1} << (j % word_bits);
  return out;
}

TermLists term_lists(const Layer& layer, CTerms terms) {
  TermLists t;
  for (int j = 0; j < layer.n_out; ++j) {
    if (terms == CTerms::signs) {
      for (int64_t sign : {1, -1}) {
        int64_t n = 0;
        for (int i = 0; i < layer.n_in; ++i)
          if (layer.w(j, i) == sign) {
            t.index.push_back(i);
            ++n;
          }
        t.count.push_back(n);
      }
      continue;
    }
    int64_t n = 0;
    for (int i = 0; i < layer.n_in; ++i)
      if (layer.w(j, i) != 0) {
        t.index.push_back(i);
        t.weight.push_back(layer.w(j, i));
        ++n;
      }
    t.count.push_back(n);
  }
  return t;
}

std::string describe_plan(const CPlan& plan) {
  const std::string wb = std::to_string(plan.word_bits);
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
    if (!l.reads_bits) {
      auto cost = [](double c) { return c < 0 ? std::string("n/a") : std::to_string(static_cast<long>(c)); };
      static const char* kTerms[] = {"dense rows, a called loop", "dense rows, two terms per step (inlined)",
                                     "sparse, (input, weight) lists", "signs, lists of inputs added and subtracted"};
      s += ", terms " + l.prod_type + "; " + std::to_string(l.nonzeros) + " nonzero weights stored as " +
           kTerms[static_cast<int>(l.terms)] + " (estimated cycles: dense " + cost(l.dense_cost) + ", unrolled " +
           cost(l.unrolled_cost) + ", sparse " + cost(l.sparse_cost) + ", signs " + cost(l.signs_cost) + ")";
    }
    if (!l.output) s += "; writes " + std::to_string(l.out_words) + " word(s)";
    if (l.reads_bits && l.dot == CDot::planes)
      s += "; dot: " + std::to_string(l.planes) + " weight bit planes, popcounts";
    else if (l.reads_bits && l.dot == CDot::columns)
      s += "; dot: set bits walked once, each adding its column of weights to every score";
    else if (l.reads_bits)
      s += "; dot: walk over set bits";
    if (l.reads_bits && !l.output)
      s += " (estimated cycles per neuron: walk " + std::to_string(static_cast<long>(l.walk_cost)) +
           ", planes " + std::to_string(static_cast<long>(l.planes_cost)) + ")";
    s += "\n";
  }
  s += "scores: " + std::to_string(plan.n_scores) + " x " + plan.score_type;
  s += plan.regression ? "; prediction: score 0 (a regressor)\n"
                       : plan.binary ? "; class: 1 iff score 0 >= 0\n" : "; class: argmax, ties to the lowest index\n";
  s += "activations: a_j = (z_j >= 0), packed LSB-first in " + plan.word_type + " words (neuron j is bit j % " +
       wb + " of word j / " + wb + ")\n";
  return s;
}

}  // namespace hv

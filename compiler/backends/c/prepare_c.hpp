// prepare_c: every decision the C backend makes, taken once, before any text is written.
// The emitter and the native checker only read the CPlan; they decide nothing themselves.
//   - names: a legal C prefix for every generated identifier (net.name unless it is a keyword or
//     would make a reserved identifier, then "hv_" + name), its upper-case form for macros;
//   - types: the smallest of int8/16/32/64_t per weight and bias table; per layer the smallest of
//     int16/32/64_t that holds every partial sum (hv::layer_bounds bounds every partial sum, since
//     bias + any subset of terms lies in the layer's [lo, hi]), every product term and every
//     weight; for layer 0 a product type just wide enough for one w * q (int16_t on 8-bit inputs
//     and weights, so an 8-bit MCU multiplies 8 x 8 -> 16 instead of 32 x 32); the input type is
//     uint8_t up to 8 input bits, else uint16_t;
//   - layout: row-major [n_out][n_in] tables; hidden activations packed LSB-first into words of
//     COptions::word_bits (32 by default; 8 suits 8-bit MCUs): neuron j is bit j % W of word j / W;
//   - hidden layer 0 (reads q), how its weights are stored and summed: dense rows (a called loop,
//     or two terms per step inlined for few inputs), sparse rows (per neuron the input index and
//     weight of each nonzero weight) or, when every weight is -1, 0 or 1, signs (per neuron the
//     inputs added, then the inputs subtracted: no multiply); chosen by a cost model measured on
//     targets (docs/FIRMWARE.md) unless forced. Its accumulator is `<prefix>_acc24` when the sums
//     need 17 to 24 bits: avr-gcc's __int24 on AVR (3-byte adds), int32_t elsewhere;
//   - per hidden layer with binary inputs, how its dot products are computed: a walk over the set
//     bits adding their weights, or bit planes of the weights (two's complement, the top plane
//     counts negative) and popcounts of plane AND activations; chosen by a cost model measured on
//     targets (docs/FIRMWARE.md) unless forced. The output layer always walks the set bits: by
//     rows (one score at a time) for one score, by columns (each set bit once, adding its column
//     of weights to every score; the table is stored transposed) for more.
// Complexity O(total weights).
#pragma once
#include <string>
#include <vector>

#include "ir/network.hpp"

namespace hv {

enum class CDot { walk, planes, columns };  // columns: the output layer, set bits walked once

// Hidden layer 0: dense rows summed in a called loop, dense rows two terms per step (inlined),
// sparse (index, weight) lists, or signs (lists of inputs added and subtracted; weights in -1..1).
enum class CTerms { dense, unrolled, sparse, signs };

struct COptions {
  int word_bits = 32;          // 8, 16 or 32: the word hidden activations are packed into
  std::string dot = "auto";    // auto, walk or planes: hidden layers with binary inputs
  std::string layer0 = "auto";  // auto, dense, unrolled, sparse or signs: hidden layer 0
  std::string layout = "flat";  // flat: <dir>/<name>.{h,c}; arduino or platformio: a library folder
};

struct CLayerPlan {
  int index = 0;          // 0.. for hidden layers; the output layer comes last
  bool output = false;    // the linear score layer
  bool reads_bits = false;  // false only for hidden[0], which reads q
  int n_in = 0;
  int n_out = 0;
  int in_words = 0;       // packed input words (when reads_bits)
  int out_words = 0;      // packed output words (hidden layers)
  int acc_bits = 0;       // exact signed width of the layer's sums (from hv::layer_bounds)
  std::string weight_type, bias_type, acc_type;  // e.g. "int8_t"
  std::string prod_type;  // hidden[0]: the type of one term w * q
  CTerms terms = CTerms::dense;  // hidden[0]: how the weights are stored and summed
  int nonzeros = 0;              // hidden[0]: nonzero weights
  std::string index_type;        // hidden[0], sparse or signs: an input index (uint8_t, uint16_t)
  std::string count_type;        // hidden[0], sparse or signs: a per-neuron count of terms
  // hidden[0]: the cost model's estimates for the whole layer (cycles); < 0: not a candidate
  // (unrolled beyond 4 inputs, signs with a weight outside -1..1)
  double dense_cost = 0, unrolled_cost = 0, sparse_cost = 0, signs_cost = 0;
  CDot dot = CDot::walk;  // layers reading bits: how the sums are computed
  int planes = 0;         // CDot::planes: number of weight bit planes (the top one negative)
  double walk_cost = 0, planes_cost = 0;  // the cost model's estimates (cycles per neuron)
  std::string weight_table, bias_table, function;  // C identifiers
  std::string index_table, count_table;             // hidden[0], sparse or signs
  const Layer* layer = nullptr;  // the IR layer (owned by the Network)
};

// The integer quantizer <prefix>_quantize_fixed (built by default; no floating point). The caller
// passes each raw value as a fixed-point integer X = x * 2^frac_bits (int32_t); the result is
// exactly the reference quantizer (ref::quantize, in double) applied to x = X / 2^frac_bits, for
// every int32_t X. Per feature: codes are 0 below X = first, the top code from first - 1 + span on,
// and in between floor((y * mul + add) / 2^shift) with y = X - first + 1, mul and add fitted to
// the feature's exact code thresholds (thresholds found by bisection over X with ref::quantize);
// the rare grid points where no affine form agrees (double rounding in the reference) are listed
// as fixups (feature, X, code) and patched.
struct CFixedFeature {
  int64_t first = 0;  // smallest X with code >= 1 (2^31: never)
  int64_t span = 1;   // t_Q = T_Q - first + 1: y from which the code is the top one
  int64_t mul = 0, add = 0;
};
struct CFixup {
  int feature = 0;
  int64_t x = 0;
  int code = 0;
};
struct CFixedQuantizer {
  int frac_bits = 0;  // X = x * 2^frac_bits
  int shift = 40;
  std::vector<CFixedFeature> features;
  std::vector<CFixup> fixups;
};
// thresholds[k - 1] = T_k, the smallest X whose code is >= k (k = 1..Q, nondecreasing; 2^31 when
// no int32 X reaches k). Fits mul/add to them (exact rational feasibility, then a ternary search
// on the concave slack) and returns the points the fit gets wrong as fixups of feature `feature`.
CFixedFeature fit_fixed_feature(const std::vector<int64_t>& thresholds, int shift, int feature,
                                std::vector<CFixup>& fixups);
// The code the fitted feature gives X before fixups (what the generated C computes).
int64_t fixed_feature_code(const CFixedFeature& f, int64_t x, int64_t qmax, int shift);
CFixedQuantizer plan_fixed_quantizer(const Network& net);

struct CPlan {
  std::string model;       // file stem: c_file_stem(net.name)
  std::string prefix;      // prefix of every C identifier
  std::string macro;       // upper-case prefix of every macro
  std::string input_type;  // uint8_t or uint16_t
  std::string score_type;  // accumulator type of the output layer
  std::string word_type;   // uint8_t, uint16_t or uint32_t: packed activations
  int word_bits = 32;
  int input_bits = 0;
  int n_inputs = 0;
  int n_classes = 0;
  int n_scores = 0;
  bool binary = false;
  bool regression = false; // predict returns the integer score of target 0 (no class)
  bool popcount = false;   // some layer uses bit planes (the popcount helper is emitted)
  bool acc24 = false;      // some accumulator is <prefix>_acc24 (the typedef is emitted)
  std::string acc24_type;  // <prefix>_acc24
  std::vector<CLayerPlan> layers;  // hidden layers in order, then the output layer
  CFixedQuantizer fixed;           // the integer quantizer
};

// Verifies the network and the options (UserError on an invalid one) and makes the plan. The
// plan points into `net`, which must outlive it.
CPlan prepare_c(const Network& net, const COptions& options = {});

// A readable summary of the plan (one decision per line), printed into the generated .c file.
std::string describe_plan(const CPlan& plan);

// Two's complement bit planes of one weight row: plane p holds bit p of every weight, packed
// LSB-first into words of `word_bits`; planes[p * words + k] is word k of plane p.
std::vector<uint64_t> weight_planes(const int64_t* row, int n_in, int planes, int word_bits);

// Hidden layer 0's terms as lists (CTerms::sparse and signs), neuron after neuron. Sparse: the
// input index and weight of each nonzero weight in input order, count[j] terms for neuron j.
// Signs: the inputs of weight +1, then those of weight -1; count[2j] and count[2j + 1] of them.
struct TermLists {
  std::vector<int64_t> index, weight, count;
};
TermLists term_lists(const Layer& layer, CTerms terms);

// Helpers exposed for tests.
std::string c_int_type(int signed_bits);          // 1..64 bits -> int8_t .. int64_t
std::string c_prefix(const std::string& name);    // legal, non-reserved C prefix
// File stem of the generated .h/.c: the name, or hv_<name> when <name>.h would hide a system header.
std::string c_file_stem(const std::string& name);
bool c_keyword(const std::string& word);  // C89..C23 keywords and names libc claims (main, errno)

}  // namespace hv

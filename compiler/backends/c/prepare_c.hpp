// prepare_c: every decision the C backend makes, taken once, before any text is written.
// The emitter and the native checker only read the CPlan; they decide nothing themselves.
//   - names: a legal C prefix for every generated identifier (net.name unless it is a keyword or
//     would make a reserved identifier, then "hv_" + name), its upper-case form for macros;
//   - types: the smallest of int8/16/32/64_t per weight table and per bias table; per layer an
//     accumulator of int32_t when every partial sum, every product term and every weight fits,
//     else int64_t (hv::layer_bounds bounds every partial sum, since bias + any subset of terms
//     lies in the layer's [lo, hi]); the input type is uint8_t up to 8 input bits, else uint16_t;
//   - layout: row-major [n_out][n_in] tables; hidden activations packed LSB-first into uint32_t
//     words (neuron j is bit j % 32 of word j / 32).
// Complexity O(total weights).
#pragma once
#include <string>
#include <vector>

#include "ir/network.hpp"

namespace hv {

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
  std::string weight_table, bias_table, function;  // C identifiers
  const Layer* layer = nullptr;  // the IR layer (owned by the Network)
};

struct CPlan {
  std::string model;       // net.name (file stem and banner)
  std::string prefix;      // prefix of every C identifier
  std::string macro;       // upper-case prefix of every macro
  std::string input_type;  // uint8_t or uint16_t
  std::string score_type;  // accumulator type of the output layer
  int input_bits = 0;
  int n_inputs = 0;
  int n_classes = 0;
  int n_scores = 0;
  bool binary = false;
  std::vector<CLayerPlan> layers;  // hidden layers in order, then the output layer
};

// Verifies the network (UserError on an invalid one) and makes the plan. The plan points into
// `net`, which must outlive it.
CPlan prepare_c(const Network& net);

// A readable summary of the plan (one decision per line), printed into the generated .c file.
std::string describe_plan(const CPlan& plan);

// Helpers exposed for tests.
std::string c_int_type(int signed_bits);          // 1..64 bits -> int8_t .. int64_t
std::string c_prefix(const std::string& name);    // legal, non-reserved C prefix
bool c_keyword(const std::string& word);  // C89..C23 keywords and names libc claims (main, errno)

}  // namespace hv

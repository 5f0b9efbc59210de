// Hand-made Networks for the Verilog backend tests, each aimed at one risk: multiclass argmax with
// ties, deep stacks of threshold layers, extreme weights on wide inputs (a VlWide port), the z == 0
// tie of a threshold, dead neurons and unused features, a keyword as the model name.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ir/network.hpp"

namespace hvtest {

// A layer with weights from a fixed formula (deterministic, mixed signs, some zeros).
inline hv::Layer formula_layer(int n_in, int n_out, int64_t scale, int salt) {
  hv::Layer l;
  l.n_in = n_in;
  l.n_out = n_out;
  for (int j = 0; j < n_out; ++j) {
    for (int i = 0; i < n_in; ++i) {
      int64_t v = ((j * 7 + i * 13 + salt * 5) % 11) - 5;  // -5..5
      l.weights.push_back(v * scale);
    }
    l.bias.push_back((((j * 3 + salt) % 9) - 4) * scale * 3);
  }
  return l;
}

inline hv::Network base_net(const std::string& name, int n_in, int bits, int n_classes) {
  hv::Network n;
  n.name = name;
  n.label = "y";
  n.input_bits = bits;
  for (int i = 0; i < n_in; ++i) n.inputs.push_back({"x" + std::to_string(i), 0.0, 1.0});
  for (int c = 0; c < n_classes; ++c) n.classes.push_back("c" + std::to_string(c));
  return n;
}

// Binary, one hidden layer of 5, 4 features of 8 bits.
inline hv::Network binary_net() {
  hv::Network n = base_net("bin1", 4, 8, 2);
  n.hidden.push_back(formula_layer(4, 5, 3, 1));
  n.output = formula_layer(5, 1, 2, 2);
  n.output.bias = {3};
  return n;
}

// Three classes; score rows 1 and 2 are equal, so every vector ties them (lowest index must win).
inline hv::Network three_class_net() {
  hv::Network n = base_net("three", 3, 6, 3);
  n.hidden.push_back(formula_layer(3, 6, 1, 3));
  n.output = formula_layer(6, 3, 1, 4);
  for (int j = 0; j < 6; ++j) n.output.w(2, j) = n.output.w(1, j);
  n.output.bias[2] = n.output.bias[1];
  return n;
}

// Two hidden layers, four classes.
inline hv::Network deep_net() {
  hv::Network n = base_net("deep2", 5, 4, 4);
  n.hidden.push_back(formula_layer(5, 7, 2, 5));
  n.hidden.push_back(formula_layer(7, 4, 1, 6));
  n.output = formula_layer(4, 4, 3, 7);
  return n;
}

// Weights of +-2^20 on 6 features of 12 bits: 72 input bits (a VlWide port), ~35-bit adders.
inline hv::Network extreme_net() {
  hv::Network n = base_net("extreme", 6, 12, 3);
  n.hidden.push_back(formula_layer(6, 4, 1, 8));
  for (auto& w : n.hidden[0].weights) w = w > 0 ? (int64_t{1} << 20) : w < 0 ? -(int64_t{1} << 20) : 0;
  for (auto& b : n.hidden[0].bias) b *= int64_t{1} << 20;
  n.hidden[0].bias[0] = 0;
  n.hidden.push_back(formula_layer(4, 3, int64_t{1} << 20, 9));
  n.output = formula_layer(3, 3, int64_t{1} << 20, 10);
  return n;
}

// Neuron 0 of layer 1 is z = q0 - 100 (zero at q0 = 100: the tie must fire). Feature 2 is never
// read; hidden neuron 2 is constant (no weights); hidden neuron 3 is read by no output (dead).
inline hv::Network tie_net() {
  hv::Network n = base_net("tie", 3, 8, 2);
  hv::Layer h;
  h.n_in = 3;
  h.n_out = 4;
  h.weights = {1, 0, 0, /**/ 2, -1, 0, /**/ 0, 0, 0, /**/ 1, 1, 0};
  h.bias = {-100, -50, -1, 5};
  n.hidden.push_back(h);
  hv::Layer o;
  o.n_in = 4;
  o.n_out = 1;
  o.weights = {10, 1, 3, 0};
  o.bias = {-10};
  n.output = o;
  return n;
}

// A model named like a Verilog keyword; 10 features of 12 bits (120-bit port).
// Hidden neurons that repeat another's weights with other biases (tree sharing): layer 1 rows 3, 5
// and 7 copy row 0 (row 7's bias makes it always fire), row 6 copies row 1 one bias step away;
// layer 2 row 2 copies row 0.
inline hv::Network shared_net() {
  hv::Network n = base_net("shared", 4, 6, 3);
  hv::Layer h = formula_layer(4, 8, 2, 9);
  for (int i = 0; i < 4; ++i) h.w(3, i) = h.w(5, i) = h.w(7, i) = h.w(0, i), h.w(6, i) = h.w(1, i);
  h.bias[3] = h.bias[0] + 40;
  h.bias[5] = h.bias[0] - 17;
  h.bias[6] = h.bias[1] + 2;
  h.bias[7] = h.bias[0] + 100000;
  hv::Layer h2 = formula_layer(8, 4, 1, 10);
  for (int i = 0; i < 8; ++i) h2.w(2, i) = h2.w(0, i);
  h2.bias[2] = h2.bias[0] - 1;
  n.hidden = {h, h2};
  n.output = formula_layer(4, 3, 2, 11);
  return n;
}

inline hv::Network keyword_net() {
  hv::Network n = base_net("module", 10, 12, 2);
  n.hidden.push_back(formula_layer(10, 3, 1, 11));
  n.output = formula_layer(3, 1, 1, 12);
  return n;
}

// Data rows that hit the tie of tie_net exactly, plus the corners of its input range.
inline std::vector<std::vector<int64_t>> tie_rows() {
  return {{100, 0, 0}, {100, 255, 255}, {100, 150, 7}, {99, 0, 0}, {0, 0, 0}, {255, 255, 255}};
}

}  // namespace hvtest

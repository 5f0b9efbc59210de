// prepare_verilog: the last place the Verilog backend makes decisions. It turns a verified Network
// into a VerilogPlan: a legal module name, port widths, the live neurons of every layer with their
// nonzero terms, exact adder widths from hv::layer_bounds, the pipeline stages and LATENCY, and the
// bits that are intentionally left unread. emit_verilog only prints this plan. O(total weights).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ir/network.hpp"

namespace hv {

struct VerilogTerm {
  int src = 0;       // layer 0: feature index; later layers: bit of the previous stage register
  int64_t coef = 0;  // nonzero
};

struct VerilogNeuron {
  int index = 0;      // neuron index in the IR layer
  int64_t bias = 0;
  std::vector<VerilogTerm> terms;  // nonzero weights only, in input order
  int bound_bits = 1; // exact two's-complement width of z over all inputs (hv::layer_bounds)
  int width = 1;      // adder width used: bound_bits, widened only to hold a zero-extended input
};

struct VerilogLayer {
  std::string name;                    // signal prefix: "h1", "h2", ..., "o"
  std::vector<VerilogNeuron> neurons;  // hidden: live neurons (register bit k = neurons[k])
  std::vector<int> unread_bits;        // register bits that the next layer never reads
};

struct VerilogPlan {
  std::string module;       // legal Verilog module name (and file stem)
  std::string model;        // net.name
  std::string hash_hex;     // network_hash_hex(net)
  int n_in = 0;
  int in_bits = 0;          // B: width of one feature
  int in_width = 0;         // N_IN * B
  int n_classes = 0;
  int class_width = 1;      // CW: bits of out_class
  bool binary = true;
  std::vector<VerilogLayer> hidden;
  VerilogLayer output;      // binary: one score; multiclass: one score per class
  int score_width = 1;      // common width of the scores (multiclass argmax compares them)
  std::vector<int> unread_inputs;  // features no live neuron reads
  std::vector<std::string> stages; // one line per register stage, in order (for the header)
  int latency = 0;          // register stages = pipeline advances from acceptance to output
};

// `net` must have passed verify_network (shapes and accumulator bounds are taken as checked).
VerilogPlan prepare_verilog(const Network& net);

// True when s is a reserved word of Verilog-2005 or SystemVerilog-2017.
bool is_verilog_keyword(const std::string& s);

}  // namespace hv

// The datapath of a generated design (internal to the Verilog backend): adder trees, pipeline
// stage registers, the argmax tournament, the pipe_data bundle handed to the pipeline control, and
// one sink wire gathering every bit that nothing reads. Prints a VerilogPlan; decides nothing.
#pragma once
#include <string>

#include "backends/verilog/prepare_verilog.hpp"

namespace hv {

// `max2_module`: the (renamed) hv_max2 comparator instantiated by the argmax tournament.
std::string datapath_text(const VerilogPlan& p, const std::string& max2_module);

// A w-bit literal holding v modulo 2^w, e.g. 12'hffb.
std::string verilog_literal(__int128 v, int w);

}  // namespace hv

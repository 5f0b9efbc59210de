// The datapath of a generated design (internal to the Verilog backend): adder trees, pipeline
// stage registers, the argmax tournament, the pipe_data bundle handed to the pipeline control, and
// one sink wire gathering every bit that nothing reads. Prints a VerilogPlan; decides nothing.
#pragma once
#include <string>

#include "backends/verilog/prepare_verilog.hpp"

namespace hv {

// `max2_module`: the (renamed) hv_max2 comparator instantiated by the argmax tournament.
std::string datapath_text(const VerilogPlan& p, const std::string& max2_module);

// A w-bit decimal literal holding v modulo 2^w, e.g. 12'd4091 (one model constant per literal).
std::string verilog_literal(__int128 v, int w);

// An expression laid out in lines of at most `width` columns where it can be cut: at its top-level
// + and - (one operand a line, the operator leading), inside one parenthesized group, or between
// the elements of a concatenation; `indent`: the column it starts at. A leaf longer than `width`
// stays whole.
std::string wrap_expression(const std::string& expr, size_t indent, size_t width);

}  // namespace hv

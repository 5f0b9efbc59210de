// Verilog backend: prepare (names, widths, pipeline plan; the last place decisions are made),
// then emit from templates/verilog. See prepare_verilog.hpp for the plan the emitter prints.
#pragma once
#include <filesystem>
#include <vector>

#include "ir/network.hpp"

namespace hv {

// Writes <dir>/<net.name>.v (atomically) and returns the paths written.
std::vector<std::filesystem::path> emit_verilog(const Network& net, const std::filesystem::path& dir);

}  // namespace hv

// C firmware backend: prepare (integer types, table layout, packing), then emit a C99 .h/.c pair
// from templates/c: const tables, no float, no malloc, hidden activations packed into words.
#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "backends/c/prepare_c.hpp"
#include "ir/network.hpp"

namespace hv {

// The files emit_c writes for a prepared plan, as paths relative to the output directory and texts:
// the .h then the .c (layout "flat": <name>.h, <name>.c; "arduino" / "platformio": a library
// folder <name>/ with src/<name>.{h,c}, the manifest and an example sketch).
std::vector<std::pair<std::string, std::string>> c_files(const Network& net, const CPlan& plan, const std::string& layout);

// Writes c_files (atomically) under `dir` and returns the paths written.
std::vector<std::filesystem::path> emit_c(const Network& net, const std::filesystem::path& dir,
                                          const COptions& options = {});

}  // namespace hv

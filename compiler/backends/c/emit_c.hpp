// C firmware backend: prepare (integer types, table layout, packing), then emit a C99 .h/.c pair
// from templates/c: const tables, no float, no malloc, hidden activations packed into words.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "backends/c/prepare_c.hpp"
#include "ir/network.hpp"

namespace hv {

// The texts of the .h and .c files for a prepared plan (what emit_c writes).
struct CSources {
  std::string header, source;
};
CSources c_sources(const Network& net, const CPlan& plan);

// Writes <dir>/<net.name>.h and <dir>/<net.name>.c (atomically) and returns the paths written.
std::vector<std::filesystem::path> emit_c(const Network& net, const std::filesystem::path& dir,
                                          const COptions& options = {});

}  // namespace hv

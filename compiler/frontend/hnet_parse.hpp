// Parser of the model file (.hnet), the printed form of the Network IR (ir/print.hpp), written
// with Boost.Spirit X3. Syntax errors and inconsistent counts are reported at file:line:col;
// the parsed network is then checked by verify_network. parse(print(net)) == net.
#pragma once
#include <filesystem>
#include <string>

#include "ir/network.hpp"

namespace hv {

Network parse_hnet(const std::string& text, const std::string& filename);
Network read_hnet(const std::filesystem::path& path);

}  // namespace hv

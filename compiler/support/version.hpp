// The tool version, stamped into every generated file and model.
#pragma once

namespace hv {
inline constexpr const char* kVersion = "0.1.0";
}

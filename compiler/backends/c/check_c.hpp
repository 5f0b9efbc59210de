// Native check of generated C: compiles the firmware with the host C compiler at
// -std=c99 -Wall -Wextra -Wpedantic -Wconversion -Werror (plus `extra_flags`, e.g. sanitizers)
// together with templates/c/harness.c, runs it on a vector file (inputs only, runtime/vectors.hpp)
// and compares the class and scores it wrote with the reference, in this process. `extra_flags`
// are whitespace-separated compiler arguments. Runs no shell.
#pragma once
#include <filesystem>
#include <string>

#include "ir/network.hpp"
#include "vectors.hpp"

namespace hv {

CheckReport check_c(const Network& net, const std::filesystem::path& c_file,
                    const std::filesystem::path& vectors_file, const std::filesystem::path& work_dir,
                    const std::string& extra_flags = "");

}  // namespace hv

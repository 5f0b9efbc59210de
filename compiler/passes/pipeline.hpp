// The pass pipeline: the ordered list of Network -> Network rewrites run after training and
// before every backend. Each pass preserves the integer contract's outputs on every input.
#pragma once
#include <string>
#include <vector>

#include "ir/network.hpp"

namespace hv {

struct PassLog {
  std::vector<std::string> lines;  // one line per pass that changed something
};

// Runs every pass in order, verifying the IR after each one. `dump_after` names a pass whose
// output is printed to stderr (--dump-after), or is empty. Passes named in `skip` are not run
// (--skip-pass: to measure what a pass buys; the result is still exact).
Network run_pipeline(Network net, PassLog& log, const std::string& dump_after = "",
                     const std::vector<std::string>& skip = {});

std::vector<std::string> pass_names();

}  // namespace hv

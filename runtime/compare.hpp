// The verdict of every verification target, reached in the verifier's own process. The code under
// test (the C harness, a Verilog testbench) only reads the vector file (inputs) and writes what the
// design produced to an outputs file, one line per output in the order it came out:
//   <class> [<score 0> ... <score S-1>] [<advances> <skid>]
// (the C of a regressor: its predict's value, score 0, in place of the class)
// scores when the target has them (the C always; Verilog with --scores), and for a pipeline the
// number of pipeline advances between the vector's acceptance and its output, and 1 when it was
// delivered from the skid buffer (a clock on which the pipeline did not advance). compare_outputs
// computes the expected class and scores with the reference interpreter and compares: nothing the
// checked code prints, returns or exits with can turn a mismatch into agreement; missing, extra and
// malformed lines are mismatches. O(vectors x weights).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ir/network.hpp"
#include "vectors.hpp"

namespace hv {

struct OutputLayout {
  bool first_is_score0 = false;  // the first field is score 0 (the C predict of a regressor), not the class
  bool scores = true;        // each line carries the scores
  bool timing = false;       // each line ends with <advances> <skid>
  uint64_t latency = 0;      // expected advances (timing): latency + skid
};

// Compares `outputs` (the outputs file's text) with the reference on `inputs`; fills
// report.vectors (= inputs.size()), mismatches (missing, extra and malformed lines included),
// first_bad (at most 10) and details (one line per shown mismatch), and sets report.ran.
void compare_outputs(const Network& net, const std::vector<std::vector<int64_t>>& inputs, const std::string& outputs,
                     const OutputLayout& layout, CheckReport& report);

}  // namespace hv

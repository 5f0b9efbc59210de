// The mutation gate: does `verify` catch every wrong design? Mutants are made by editing the
// GENERATED text (the honest way: what verify checks is that text), so the mutator reads the
// code by its syntax, not by the emitters' layout:
//   C:       every integer literal inside an integer table initializer (`= { ... }`; not the float
//            quantizer's double tables: verify checks from q), +1 and -1 (hex words
//            keep their width); every comparator `>=` -> `>` and `>` -> `>=` outside loop headers
//            and the optional float quantizer (this includes the argmax tie rule `>` -> `>=`).
//   Verilog: every nonzero sized literal (`12'h7ff`, `4'd3`) on a wire / assign line, +1 and -1
//            within its width; every activation `~z[msb]` (z >= 0) -> `~z[msb] & (|z)` (z > 0);
//            every `>` -> `>=` and `>=` -> `>` (the argmax tie rule in the max2 comparators).
// Each mutant is checked with the verifier (check_c; simulate_icarus on the RTL generated with its
// scores port, --scores) on verify's vectors
// (boundary vectors + a few random ones). A mutant the verifier passes is then run on EVERY
// input of the model (the gate's models have input spaces of at most 2^16 points): no input
// distinguishing it from the reference proves it equivalent; one that does is a MISS, and the
// gate fails. Models whose input space is too large to enumerate are refused.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "ir/network.hpp"

namespace hvtest {

struct Mutant {
  std::string what;  // "line 41: 127 -> 128"
  std::string text;  // the whole mutated file
};

std::vector<Mutant> c_mutants(const std::string& c_text);
std::vector<Mutant> verilog_mutants(const std::string& v_text);

struct GateResult {
  size_t mutants = 0;
  size_t caught = 0;      // the verifier reported a mismatch, or the mutant did not build
  size_t equivalent = 0;  // passed, and shown equivalent on every input
  size_t missed = 0;      // passed, yet some input distinguishes it: the gate fails
  std::vector<std::string> missed_list, equivalent_list;
  double seconds = 0;
  std::string summary() const;
};

// Runs the gate on `net` for target "c" or "verilog" in scratch dir `dir`; `random` is the number
// of random vectors added to the boundary vectors. `limit` > 0 keeps every k-th mutant so that at
// most about `limit` run (the Verilog gate's bound); 0: all.
GateResult mutation_gate(const hv::Network& net, const std::string& target, const std::filesystem::path& dir,
                         size_t random = 100, size_t limit = 0);

}  // namespace hvtest

// flow/verify: the gate, as a library call. Builds the vector set (data rows, boundary vectors,
// seeded random vectors: runtime/vectors.hpp), writes it with the reference's expected outputs,
// compiles the model once (or takes previously generated files from a directory), and checks each
// target: the Verilog in Verilator (optionally also Icarus), the C natively. Returns what each
// target did (built and ran, vectors compared, mismatches, the first bad vectors, time) instead of
// printing; the caller decides what to show. Thin orchestration: the simulators and the C check
// are the backends' (sim_verilog, check_c).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "backends/verilog/prepare_verilog.hpp"
#include "flow/compile.hpp"
#include "ir/network.hpp"

namespace hv::flow {

struct VerifyOptions {
  Target target = Target::all;
  std::vector<std::vector<int64_t>> data_rows;  // quantized rows used as vectors (load_model_data)
  size_t random = 10000;           // seeded random vectors, added after the boundary vectors
  size_t ties = SIZE_MAX;          // at most this many boundary vectors (z = -1, 0, +1; score ties)
  uint64_t seed = 1;               // vectors and the simulator's stall pattern
  std::filesystem::path dir;       // previously generated files to check ("" : compile now)
  std::filesystem::path work;      // scratch directory for builds and the vector file
  bool trace = false;              // VCD of the Verilator run (<work>/verilog/trace.vcd)
  bool icarus = false;             // also simulate in Icarus Verilog
  VerilogOptions verilog;          // the options the Verilog was (or is) generated with
  COptions c;
};

struct TargetResult {
  std::string target;               // "verilog (verilator)", "c (cc)", ...
  bool ran = false;                 // built and ran to its summary
  size_t vectors = 0, mismatches = 0;
  std::vector<size_t> first_bad;    // 0-based vector indices
  std::vector<std::string> first_bad_origin;  // where each came from ("data row 12", "random", ...)
  std::string details;              // the target's lines about the mismatches
  std::string log;                  // build / run output when it did not build or run
  double seconds = 0;
  bool pass = false;                // ran, every vector compared, no mismatch
};

struct VerifyResult {
  std::string model;
  size_t vectors = 0, data_rows = 0, tie_vectors = 0, random_vectors = 0;
  // Decision boundaries (runtime/boundary.hpp): neurons' z at -1, 0, +1 and score ties.
  size_t boundaries_covered = 0, boundaries_unreachable = 0, boundaries_not_found = 0;
  std::string boundary_summary;
  std::vector<std::string> boundaries_missing;  // the boundaries no input was found for
  std::vector<TargetResult> targets;
  bool pass = false;                // every target passed
};

// `net` must have been through the pass pipeline (compile's Compiled::net, or run_pipeline).
// Fails (UserError) when there is nothing to verify, when the vectors would not fit in the
// memory budget, or when `dir` lacks a generated file.
VerifyResult verify(const Network& net, const VerifyOptions& opt);

// The text the CLI prints for a result: a header line, one line per target, the first bad
// vectors and the verdict.
std::string verify_header(const VerifyResult& r);
std::string verify_summary(const VerifyResult& r);

}  // namespace hv::flow

// Test helpers: run the heaviside CLI (or any command) and capture exit code and output;
// per-test scratch directories under the build tree.
#pragma once
#include <filesystem>
#include <string>

namespace hvtest {

struct RunResult {
  int code = -1;
  std::string out;  // stdout and stderr together
};

RunResult run(const std::string& command);          // via /bin/sh
RunResult heaviside(const std::string& args);       // HV_BIN + args
std::filesystem::path scratch(const std::string& name);  // fresh empty dir
std::filesystem::path source(const std::string& rel);    // path in the source tree
void write(const std::filesystem::path& p, const std::string& text);
std::string slurp(const std::filesystem::path& p);

// Runs `heaviside <args>` and checks (Catch2) that it exits 1 printing exactly `message` and a newline.
void expect_error(const std::string& args, const std::string& message);

}  // namespace hvtest

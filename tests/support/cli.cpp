// Implementation of the test helpers in cli.hpp (popen-based; POSIX only).
#include "support/cli.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace hvtest {

RunResult run(const std::string& command) {
  RunResult r;
  std::string cmd = command + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

RunResult heaviside(const std::string& args) { return run(std::string(HV_BIN) + " " + args); }

std::filesystem::path scratch(const std::string& name) {
  std::filesystem::path p = std::filesystem::path(HV_TEST_TMP) / name;
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

std::filesystem::path source(const std::string& rel) { return std::filesystem::path(HV_SOURCE_DIR) / rel; }

void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void expect_error(const std::string& args, const std::string& message) {
  auto r = hvtest::heaviside(args);
  INFO("heaviside " << args << "\n" << r.out);
  CHECK(r.code == 1);
  CHECK(r.out == message + "\n");
}

}  // namespace hvtest

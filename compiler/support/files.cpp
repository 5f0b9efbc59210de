// Atomic writes (temp + rename) and whole-file reads with user-facing errors.
#include "support/files.hpp"

#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

#include "support/diagnostics.hpp"

namespace hv {

std::string read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(quote_path(path.string()) + " is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot open " + quote_path(path.string()) + " for reading");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file_atomic(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::path dir = path.parent_path();
  std::error_code ec;
  if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) fail("cannot create directory " + quote_path(dir.string()) + ": " + ec.message());
  }
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) fail("cannot write " + quote_path(path.string()));
    out << content;
    out.flush();
    if (!out) {
      std::filesystem::remove(tmp, ec);
      fail("cannot write " + quote_path(path.string()) + " (disk full?)");
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    fail("cannot rename temporary file to " + quote_path(path.string()));
  }
}

}  // namespace hv

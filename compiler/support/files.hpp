// File I/O with the guarantees users rely on: outputs appear whole or not at all (written to a
// temporary name in the same directory, then renamed), and read errors name the file.
#pragma once
#include <filesystem>
#include <string>

namespace hv {

std::string read_file(const std::filesystem::path& path);
void write_file_atomic(const std::filesystem::path& path, const std::string& content);

}  // namespace hv

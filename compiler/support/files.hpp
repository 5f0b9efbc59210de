// File I/O with the guarantees users rely on: outputs appear whole or not at all (written to a
// temporary name in the same directory, flushed to disk, then renamed), read errors name the file,
// and an input larger than the memory budget is refused before it is read.
// A run interrupted by SIGINT, SIGTERM, SIGHUP or SIGQUIT removes its in-flight temporaries
// (install_cleanup_handlers); a run that fails leaves none either. SIGKILL cannot be caught:
// its temporaries (`<output>.tmp.<pid>`) are the only litter heaviside can leave.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace hv {

// The whole file. Regular files larger than memory_limit() are refused from their size; other
// files (pipes, devices) are refused as soon as they deliver more than the limit.
std::string read_file(const std::filesystem::path& path);
// Bytes [offset, offset + length) of a regular file (fewer at its end), and the size of one: the
// row-partitioned reader (frontend/csv.hpp, read_csv_part) reads only its block. Like read_file,
// the file becomes a protected input.
std::string read_file_range(const std::filesystem::path& path, uint64_t offset, uint64_t length);
uint64_t regular_file_size(const std::filesystem::path& path);

// The whole file, or "" when it is missing or cannot be read: a tool's log or output that a
// failed run may not have written.
std::string read_file_or_empty(const std::filesystem::path& path);

// Writes `content` to `path` atomically (creating missing parent directories). Refuses a path
// that exists and is not a regular file (/dev/null stays a device) and a file this process has
// read with read_file since protect_inputs() (an input is never overwritten by an output). Inside an
// OutputBatch, the rename is deferred to the batch's commit.
void write_file_atomic(const std::filesystem::path& path, const std::string& content);

// Refuses, before any work, an output path that exists and is not a regular file, or that names
// the same file as one of `inputs` (paths that do not exist are fine).
void check_output_path(const std::filesystem::path& output, const std::vector<std::filesystem::path>& inputs = {});

// From now on, every file read_file reads is an input that write_file_atomic refuses to replace.
// The CLI calls it once (a run reads its inputs, then writes its outputs); a long-lived library
// user that rewrites a model it has read does not.
void protect_inputs();

// Installs the signal handlers that unlink in-flight temporaries and then die of the same signal
// (signals the process inherited as ignored stay ignored), and ignores SIGXFSZ so that a write past
// a file-size limit fails with EFBIG like any write error. Called once, by main.
void install_cleanup_handlers();

// All-or-nothing for a command that writes several files (compile: .v, .h, .c): while a batch is
// alive, write_file_atomic leaves each file under its temporary name; commit() renames them all
// with signals blocked; a batch destroyed without commit removes its temporaries.
class OutputBatch {
 public:
  OutputBatch();
  ~OutputBatch();
  OutputBatch(const OutputBatch&) = delete;
  OutputBatch& operator=(const OutputBatch&) = delete;
  void commit();

 private:
  friend void write_file_atomic(const std::filesystem::path&, const std::string&);
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> pending_;  // temporary, final
};

}  // namespace hv

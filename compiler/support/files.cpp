// Atomic writes (temporary + fsync + rename), bounded whole-file reads, and the signal handlers
// that remove in-flight temporaries (see files.hpp).
// Every temporary is recorded in a fixed table of slots that the signal handler can read without
// allocating or locking (it only calls unlink, signal and raise, all async-signal-safe).
// For tests only: HEAVISIDE_TEST_STALL_WRITE=<seconds> sleeps after a temporary is written and
// before it is renamed, so that a test can interrupt a run at exactly that point.
#include "support/files.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include "support/diagnostics.hpp"
#include "support/resources.hpp"

namespace hv {

namespace fs = std::filesystem;

namespace {

// The temporaries a signal handler must remove. state: 0 free, 1 being filled, 2 live.
constexpr int kSlots = 256;
constexpr size_t kPathMax = 4096;
struct Slot {
  std::atomic<int> state{0};
  char path[kPathMax];
};
Slot g_slots[kSlots];
const int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

OutputBatch* g_batch = nullptr;

int track(const fs::path& tmp) {
  const std::string& s = tmp.native();
  if (s.size() >= kPathMax) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (!g_slots[i].state.compare_exchange_strong(expected, 1)) continue;
    std::memcpy(g_slots[i].path, s.c_str(), s.size() + 1);
    g_slots[i].state.store(2);
    return i;
  }
  return -1;  // table full: the temporary is still removed on every error path, only not on a signal
}

void untrack(const fs::path& tmp) {
  for (auto& slot : g_slots)
    if (slot.state.load() == 2 && tmp.native() == slot.path) slot.state.store(0);
}

extern "C" void on_fatal_signal(int sig) {
  for (auto& slot : g_slots)
    if (slot.state.load() == 2) ::unlink(slot.path);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// Blocks the signals above for the lifetime of the object.
class SignalBlock {
 public:
  SignalBlock() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : kSignals) sigaddset(&set, s);
    sigprocmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalBlock() { sigprocmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

std::string errno_text(int err) { return std::strerror(err); }

void remove_temporary(const fs::path& tmp) {
  ::unlink(tmp.c_str());
  untrack(tmp);
}

// Creates the parent directories of `path`; an existing ancestor that is not a directory is named.
void make_parent(const fs::path& path) {
  fs::path dir = path.parent_path();
  std::error_code ec;
  if (dir.empty() || fs::is_directory(dir, ec)) return;
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p, ec) && !fs::is_directory(p, ec))
      fail("cannot write " + quote_path(path.string()) + ": " + quote_path(p.string()) + " is not a directory");
    if (p == p.parent_path()) break;
  }
  fs::create_directories(dir, ec);
  if (ec) fail("cannot create directory " + quote_path(dir.string()) + ": " + ec.message());
}

// The files read so far, by device and inode: an output must never replace one of them.
std::mutex g_inputs_mutex;
std::set<std::pair<dev_t, ino_t>> g_inputs;
std::atomic<bool> g_protect_inputs{false};

void remember_input(const struct stat& st) {
  if (!g_protect_inputs.load()) return;
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  g_inputs.emplace(st.st_dev, st.st_ino);
}

[[noreturn]] void refuse_input(const fs::path& path) {
  fail("refusing to write " + quote_path(path.string()) + ": it is an input of this run, which would be lost");
}

}  // namespace

// An output path must be a regular file or not exist, and must not be a file this run reads.
void check_output_path(const fs::path& path, const std::vector<fs::path>& inputs) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;
  if (S_ISDIR(st.st_mode)) fail("cannot write " + quote_path(path.string()) + ": it is a directory");
  if (!S_ISREG(st.st_mode))
    fail("refusing to write " + quote_path(path.string()) +
         ": it exists and is not a regular file (a device, pipe or socket would be replaced by a file)");
  for (const auto& in : inputs) {
    struct stat is {};
    if (::stat(in.c_str(), &is) == 0 && is.st_dev == st.st_dev && is.st_ino == st.st_ino) refuse_input(path);
  }
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  if (g_inputs.count({st.st_dev, st.st_ino})) refuse_input(path);
}

namespace {

void stall_for_tests() {
  const char* s = std::getenv("HEAVISIDE_TEST_STALL_WRITE");
  if (s && *s) ::sleep(static_cast<unsigned>(std::atoi(s)));
}

}  // namespace

std::string read_file(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) fail(quote_path(path.string()) + " is a directory, not a file");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("cannot open " + quote_path(path.string()) + " for reading: " + errno_text(errno));
  struct stat st {};
  const uint64_t limit = memory_limit();
  std::string out;
  if (::fstat(fd, &st) == 0) remember_input(st);
  if (S_ISREG(st.st_mode)) {
    uint64_t size = static_cast<uint64_t>(st.st_size);
    if (size > limit) {
      ::close(fd);
      check_memory("", "reading " + quote_path(path.string()), size, "the size of the file", "set --memory-limit");
    }
    out.reserve(size);
  }
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      fail("cannot read " + quote_path(path.string()) + ": " + errno_text(err));
    }
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > limit) {
      ::close(fd);
      fail("reading " + quote_path(path.string()) + " needs more than the " + format_bytes(limit) +
           " memory limit (it is not a regular file, and it delivered more than that); set --memory-limit");
    }
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

namespace {
int open_regular(const fs::path& path, struct stat& st) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) fail(quote_path(path.string()) + " is a directory, not a file");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("cannot open " + quote_path(path.string()) + " for reading: " + errno_text(errno));
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    fail(quote_path(path.string()) + " is not a regular file; reading it in row blocks needs one");
  }
  remember_input(st);
  return fd;
}
}  // namespace

uint64_t regular_file_size(const fs::path& path) {
  struct stat st {};
  ::close(open_regular(path, st));
  return static_cast<uint64_t>(st.st_size);
}

std::string read_file_range(const fs::path& path, uint64_t offset, uint64_t length) {
  struct stat st {};
  int fd = open_regular(path, st);
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  length = offset >= size ? 0 : std::min(length, size - offset);
  if (length > memory_limit()) {
    ::close(fd);
    check_memory("", "reading " + quote_path(path.string()), length, "its block of the file", "set --memory-limit");
  }
  std::string out(static_cast<size_t>(length), '\0');
  size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::pread(fd, out.data() + got, out.size() - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : EIO;
      ::close(fd);
      fail("cannot read " + quote_path(path.string()) + ": " + errno_text(err));
    }
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  return out;
}

void write_file_atomic(const fs::path& path, const std::string& content) {
  check_output_path(path);
  make_parent(path);
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  track(tmp);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    int err = errno;
    untrack(tmp);
    fail("cannot write " + quote_path(path.string()) + ": " + errno_text(err));
  }
  const char* p = content.data();
  size_t left = content.size();
  int err = 0;
  while (left > 0 && err == 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;
    else {
      p += n;
      left -= static_cast<size_t>(n);
    }
  }
  if (err == 0 && ::fsync(fd) != 0 && errno != EINVAL) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    remove_temporary(tmp);
    fail("cannot write " + quote_path(path.string()) + ": " + errno_text(err));
  }
  stall_for_tests();
  if (g_batch) {
    std::erase_if(g_batch->pending_, [&](const auto& entry) { return entry.first == tmp; });
    g_batch->pending_.emplace_back(tmp, path);
    return;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    err = errno;
    remove_temporary(tmp);
    fail("cannot rename the temporary file to " + quote_path(path.string()) + ": " + errno_text(err));
  }
  untrack(tmp);
}

void protect_inputs() { g_protect_inputs.store(true); }

void install_cleanup_handlers() {
  // Past a file-size limit, write() fails with EFBIG (handled like any write error: the temporary
  // is removed, the old output kept) instead of the process dying of SIGXFSZ mid-write.
  std::signal(SIGXFSZ, SIG_IGN);
  for (int s : kSignals) {
    struct sigaction old {};
    if (sigaction(s, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;  // e.g. nohup
    struct sigaction sa {};
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    for (int t : kSignals) sigaddset(&sa.sa_mask, t);
    sigaction(s, &sa, nullptr);
  }
}

OutputBatch::OutputBatch() {
  if (g_batch) throw std::logic_error("OutputBatch: batches do not nest");
  g_batch = this;
}

OutputBatch::~OutputBatch() {
  g_batch = nullptr;
  for (const auto& [tmp, final_path] : pending_) remove_temporary(tmp);
}

void OutputBatch::commit() {
  g_batch = nullptr;
  SignalBlock block;
  std::vector<std::pair<fs::path, fs::path>> pending = std::move(pending_);
  pending_.clear();
  for (size_t i = 0; i < pending.size(); ++i) {
    if (::rename(pending[i].first.c_str(), pending[i].second.c_str()) != 0) {
      int err = errno;
      for (size_t j = i; j < pending.size(); ++j) remove_temporary(pending[j].first);
      fail("cannot rename the temporary file to " + quote_path(pending[i].second.string()) + ": " + errno_text(err));
    }
    untrack(pending[i].first);
  }
}

std::string read_file_or_empty(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return "";
  try {
    return read_file(path);
  } catch (const std::exception&) {
    return "";
  }
}

}  // namespace hv

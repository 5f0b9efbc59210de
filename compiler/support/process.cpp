// posix_spawnp-based process runner (see process.hpp). The child gets its stdio from
// posix_spawn_file_actions (opened by the child itself, so a missing directory is reported as a
// start failure, not a crash) and changes directory with posix_spawn_file_actions_addchdir_np.
#include "support/process.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

extern char** environ;

namespace hv {

namespace fs = std::filesystem;

namespace {

class FileActions {
 public:
  FileActions() { posix_spawn_file_actions_init(&fa_); }
  ~FileActions() { posix_spawn_file_actions_destroy(&fa_); }
  posix_spawn_file_actions_t* get() { return &fa_; }

 private:
  posix_spawn_file_actions_t fa_;
};

int wait_for(pid_t pid, double timeout, bool& timed_out) {
  int status = 0;
  if (timeout <= 0) {
    while (waitpid(pid, &status, 0) < 0)
      if (errno != EINTR) return -1;
    return status;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return -1;
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      timed_out = true;
      while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
      return status;
    }
    std::this_thread::sleep_for(pause);
    if (pause < std::chrono::milliseconds(50)) pause *= 2;
  }
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& opt) {
  ProcessResult res;
  if (argv.empty() || argv[0].empty()) {
    res.error = "no program given";
    return res;
  }
  FileActions fa;
  std::string in = opt.stdin_file.empty() ? std::string("/dev/null") : opt.stdin_file.string();
  posix_spawn_file_actions_addopen(fa.get(), 0, in.c_str(), O_RDONLY, 0);
  // Paths are made absolute first: the child changes directory before it opens them.
  auto abs = [](const fs::path& p) { return p.empty() ? p : fs::absolute(p); };
  fs::path out = abs(opt.stdout_file), err = abs(opt.stderr_file);
  if (!out.empty())
    posix_spawn_file_actions_addopen(fa.get(), 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!err.empty()) {
    if (err == out) posix_spawn_file_actions_adddup2(fa.get(), 1, 2);
    else posix_spawn_file_actions_addopen(fa.get(), 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  std::string cwd = opt.cwd.empty() ? std::string() : fs::absolute(opt.cwd).string();
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(fa.get(), cwd.c_str());

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  // A program given as a relative path with '/' is resolved against the caller's directory, not cwd.
  std::string prog = argv[0];
  if (prog.find('/') != std::string::npos) prog = fs::absolute(prog).string();

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t def;
  sigemptyset(&def);
  sigaddset(&def, SIGPIPE);
  sigaddset(&def, SIGXFSZ);
  posix_spawnattr_setsigdefault(&attr, &def);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  pid_t pid = 0;
  int rc = posix_spawnp(&pid, prog.c_str(), fa.get(), &attr, args.data(), environ);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    res.error = argv[0] + ": " + std::strerror(rc);
    return res;
  }
  int status = wait_for(pid, opt.timeout_seconds, res.timed_out);
  if (status < 0) {
    res.error = std::string("waitpid: ") + std::strerror(errno);
    return res;
  }
  // glibc reports a failed exec in the child (file actions included) as exit status 127.
  res.started = true;
  if (WIFEXITED(status)) {
    res.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    res.signal = WTERMSIG(status);
    res.exit_code = 128 + res.signal;
  }
  return res;
}

std::optional<fs::path> find_program(const std::string& name) {
  auto executable = [](const fs::path& p) {
    struct stat st{};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
  };
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    if (executable(name)) return fs::absolute(name);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t i = 0;
  while (i <= dirs.size()) {
    size_t j = dirs.find(':', i);
    if (j == std::string::npos) j = dirs.size();
    fs::path dir = j > i ? fs::path(dirs.substr(i, j - i)) : fs::path(".");
    if (executable(dir / name)) return dir / name;
    i = j + 1;
  }
  return std::nullopt;
}

std::string describe(const ProcessResult& r, const ProcessOptions& opt) {
  if (!r.started) return "could not be started: " + r.error;
  if (r.timed_out) {
    return fmt::format("timed out after {:g} s", opt.timeout_seconds);
  }
  if (r.signal != 0) return "killed by signal " + std::to_string(r.signal) + " (" + strsignal(r.signal) + ")";
  return "exited with status " + std::to_string(r.exit_code);
}

}  // namespace hv

// `heaviside`: the command-line driver, a thin layer over the flow API (compiler/flow/). Finds the
// subcommand, lets CLI11 parse its options into the flow's typed structs, runs it; turns user
// errors into `error:` lines and exit code 1, and anything unexpected into an internal error,
// exit 2. Every write to stdout is checked: a full disk or a closed pipe is an error, not a
// silent loss. `heaviside help --man` and `help --bash-completion` print the man page and the
// completion script, generated from the same help texts (the build installs both).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fmt/format.h>
#include <string>
#include <vector>

#include "driver/commands.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"
#include "support/mpi_comm.hpp"
#include "support/version.hpp"

namespace hv::cli {

void print(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
    fail(std::string("cannot write to standard output: ") + std::strerror(errno));
}

}  // namespace hv::cli

namespace {

std::vector<hv::cli::Command> commands() {
  std::vector<hv::cli::Command> c;
  c.push_back(hv::cli::make_train());
  c.push_back(hv::cli::make_compile());
  c.push_back(hv::cli::make_verify());
  c.push_back(hv::cli::make_predict());
  c.push_back(hv::cli::make_report());
  return c;
}

hv::cli::Command* find(std::vector<hv::cli::Command>& cmds, const std::string& name) {
  for (auto& c : cmds)
    if (c.name == name) return &c;
  std::string names;
  for (const auto& c : cmds) names += std::string(names.empty() ? "" : ", ") + c.name;
  throw hv::UserError("error: unknown command " + hv::quote(name) + " (commands: " + names + ")");
}

int run(const std::vector<std::string>& args) {
  auto cmds = commands();
  if (args.empty()) {
    fmt::print(stderr, "{}", hv::cli::program_help(cmds));
    return 1;
  }
  const std::string& first = args[0];
  if (first == "--help" || first == "-h" || (first == "help" && args.size() == 1)) {
    hv::cli::print(hv::cli::program_help(cmds));
    return 0;
  }
  if (first == "--version") {
    hv::cli::print(fmt::format("heaviside {}\n", hv::kVersion));
    return 0;
  }
  if (first == "help") {
    if (args[1] == "--man") hv::cli::print(hv::cli::man_page(cmds));
    else if (args[1] == "--bash-completion") hv::cli::print(hv::cli::bash_completion(cmds));
    else hv::cli::print(hv::cli::help_text(*find(cmds, args[1])));
    return 0;
  }
  hv::cli::Command& cmd = *find(cmds, first);
  if (hv::comm::distributed() && cmd.name != "train")
    throw hv::UserError("error: `" + cmd.name + "` runs on one process; only `train` runs on several MPI ranks (" +
                        std::to_string(hv::comm::size()) + " were started)");
  if (!hv::cli::parse(cmd, std::vector<std::string>(args.begin() + 1, args.end()))) return 0;
  return cmd.run(cmd);
}

}  // namespace

// Under mpirun (several ranks) every rank runs the same command: rank 0 prints and writes. An error
// every rank raised together (comm::CollectiveError, and the trainer's errors, which come from
// the same reduced numbers on every rank) is printed once by rank 0 and every rank exits 1; an
// unexpected one on any rank ends every rank at once (MPI_Abort), so none waits in a reduction.
int main(int argc, char** argv) {
  hv::install_cleanup_handlers();
  hv::protect_inputs();
  hv::comm::init(&argc, &argv);
  const bool speak = hv::comm::rank() == 0;
  int code = 0;
  try {
    code = run(std::vector<std::string>(argv + 1, argv + argc));
    if (std::fflush(stdout) != 0 || std::ferror(stdout))
      throw hv::UserError(std::string("error: cannot write to standard output: ") + std::strerror(errno));
  } catch (const hv::UserError& e) {
    if (speak) fmt::print(stderr, "{}\n", e.what());
    code = 1;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "error: out of memory{}\n",
               hv::comm::distributed() ? fmt::format(" (MPI rank {})", hv::comm::rank()) : std::string());
    if (hv::comm::distributed()) hv::comm::abort_all(1);
    code = 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "heaviside: internal error: {}\n", e.what());
    if (hv::comm::distributed()) hv::comm::abort_all(2);
    code = 2;
  }
  hv::comm::finalize();
  return code;
}

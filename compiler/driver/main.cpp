// `heaviside`: the command-line driver. Dispatches to one subcommand per file; turns user errors
// into `error:` lines and exit code 1, and anything unexpected into an internal error, exit 2.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "commands.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"
#include "support/version.hpp"

namespace {

const hv::Command kCommands[] = {
    {"train", "train a threshold network on a CSV or IDX file (convex program, certified by its duality gap)",
     hv::cmd_train},
    {"compile", "lower a model (.hnet) to Verilog and C", hv::cmd_compile},
    {"verify", "check the Verilog (Verilator) and the C against the reference, bit for bit", hv::cmd_verify},
    {"predict", "run the reference interpreter on a CSV or IDX file", hv::cmd_predict},
    {"report", "LUTs, flip-flops and Fmax of the Verilog (Yosys, nextpnr-ice40)", hv::cmd_report},
};

void usage(std::FILE* to) {
  std::fprintf(to, "heaviside %s: globally optimal threshold networks, lowered to verified Verilog and C\n\n",
               hv::kVersion);
  std::fprintf(to, "usage: heaviside <command> [arguments] [options]\n\ncommands:\n");
  for (const auto& c : kCommands) std::fprintf(to, "  %-9s %s\n", c.name, c.summary);
  std::fprintf(to, "\n'heaviside <command> --help' describes a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
  hv::install_cleanup_handlers();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    usage(stderr);
    return 1;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    usage(stdout);
    return 0;
  }
  if (args[0] == "--version") {
    std::printf("heaviside %s\n", hv::kVersion);
    return 0;
  }
  try {
    for (const auto& c : kCommands)
      if (args[0] == c.name) return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
    std::string names;
    for (const auto& c : kCommands) names += std::string(names.empty() ? "" : ", ") + c.name;
    throw hv::UserError("error: unknown command " + hv::quote(args[0]) + " (commands: " + names + ")");
  } catch (const hv::UserError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "error: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "heaviside: internal error: %s\n", e.what());
    return 2;
  }
}

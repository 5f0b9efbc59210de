// The CLI layer: each subcommand is a CLI11 app whose options are bound, by one call each, to a
// field of the flow API's typed option structs (flow/*.hpp, TrainOptions, VerilogOptions,
// COptions...). Values are converted here with messages that name the option; CLI11 parses the
// command line (long and short names, `--name=value`, flags); positionals and unknown options
// are checked after parsing. Help is grouped by purpose and wrapped; the same descriptions feed
// the man page and the bash completion (`heaviside help`, man.cpp).
#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hv::cli {

// One subcommand: its CLI11 app, usage, and what it does with the parsed values.
struct Command {
  std::string name;      // "train"
  std::string summary;   // one line, for `heaviside --help`
  std::vector<std::string> positionals;  // names for the usage line: {"data"}
  std::string intro;     // text printed between the usage line and the options
  std::unique_ptr<CLI::App> app;
  std::vector<std::string> args;  // the positionals given (filled by parse)
  std::function<int(Command&)> run;
};

// Every subcommand, in the order of `heaviside --help`.
std::vector<Command> make_commands();

// Parses `argv` (after the command word) into the command's bound values. Throws UserError for
// every mistake, worded "option --x ...". Returns false when help or the version was printed.
bool parse(Command& cmd, const std::vector<std::string>& argv);

std::string help_text(const Command& cmd);
std::string usage_line(const Command& cmd);
std::string program_help(const std::vector<Command>& cmds);
std::string man_page(const std::vector<Command>& cmds);
std::string bash_completion(const std::vector<Command>& cmds);

// ---- binding options to typed fields -----------------------------------------------------------
// `names` is CLI11's "-o,--output" form; `group` the help section.

CLI::Option* flag(CLI::App& app, const std::string& names, bool& target, const std::string& help);
// Text values; `value` is the placeholder shown in help ("<file>": completion offers files).
CLI::Option* text(CLI::App& app, const std::string& names, std::string& target, const std::string& help,
                  const std::string& value = "<file>");
CLI::Option* text(CLI::App& app, const std::string& names, std::optional<std::string>& target, const std::string& help,
                  const std::string& value = "<file>");
// Integers in [lo, hi].
CLI::Option* integer(CLI::App& app, const std::string& names, int64_t lo, int64_t hi,
                     std::function<void(int64_t)> set, const std::string& help);
template <class T>
CLI::Option* integer(CLI::App& app, const std::string& names, T& target, int64_t lo, int64_t hi, const std::string& help) {
  return integer(app, names, lo, hi, [&target](int64_t v) { target = static_cast<T>(v); }, help);
}
template <class T>
CLI::Option* integer(CLI::App& app, const std::string& names, std::optional<T>& target, int64_t lo, int64_t hi,
                     const std::string& help) {
  return integer(app, names, lo, hi, [&target](int64_t v) { target = static_cast<T>(v); }, help);
}
// Finite numbers; `ok` (when given) must hold, else "option --x <must>".
CLI::Option* number(CLI::App& app, const std::string& names, std::function<void(double)> set, const std::string& help,
                    std::function<bool(double)> ok = {}, const std::string& must = "");
CLI::Option* number(CLI::App& app, const std::string& names, double& target, const std::string& help,
                    std::function<bool(double)> ok = {}, const std::string& must = "");
CLI::Option* number(CLI::App& app, const std::string& names, std::optional<double>& target, const std::string& help,
                    std::function<bool(double)> ok = {}, const std::string& must = "");
bool positive(double v);

// One of a list of names ("option --x is 'y', expected a, b or c").
CLI::Option* choice(CLI::App& app, const std::string& names, const std::vector<std::string>& values,
                    std::function<void(size_t)> set, const std::string& help);
template <class E>
CLI::Option* choice(CLI::App& app, const std::string& names, E& target,
                    const std::vector<std::pair<std::string, E>>& values, const std::string& help) {
  std::vector<std::string> v;
  for (const auto& p : values) v.push_back(p.first);
  return choice(app, names, v, [&target, &values](size_t i) { target = values[i].second; }, help);
}
// "a, b or c"
std::string one_of(const std::vector<std::string>& values);

// The --memory-limit option every command that reads data takes.
void memory_limit(CLI::App& app);

// -h/--help and --version, listed under "General" (parse() acts on them before anything else).
void standard_flags(CLI::App& app);

// The long name of an option ("--output"), for messages.
std::string long_name(const CLI::Option* opt);

}  // namespace hv::cli

// Command-line parsing for the subcommands: `--name value`, `--name=value`, flags, positionals.
// Unknown options, missing values and malformed numbers are user errors (exit 1) that name the
// subcommand and the option.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace hv {

struct OptionSpec {
  std::string name;  // without dashes
  bool takes_value;
  std::string help;
};

class Args {
 public:
  Args(const std::string& command, const std::vector<OptionSpec>& spec, const std::vector<std::string>& argv);

  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string str(const std::string& name, const std::string& fallback) const;
  double num(const std::string& name, double fallback) const;
  int64_t integer(const std::string& name, int64_t fallback, int64_t lo, int64_t hi) const;
  const std::vector<std::string>& positional() const { return positional_; }
  // Exactly `count` positionals named by `names` (for the message), else a user error.
  void expect_positional(const std::vector<std::string>& names) const;

 private:
  std::string command_;
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

std::string options_help(const std::vector<OptionSpec>& spec);

}  // namespace hv

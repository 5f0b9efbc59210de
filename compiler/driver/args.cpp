// Implementation of the subcommand argument parser (see args.hpp).
#include "args.hpp"

#include <charconv>
#include <cmath>

#include "support/diagnostics.hpp"

namespace hv {

Args::Args(const std::string& command, const std::vector<OptionSpec>& spec, const std::vector<std::string>& argv)
    : command_(command) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() < 2 || a.compare(0, 2, "--") != 0 || a == "--") {
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    const OptionSpec* s = nullptr;
    for (const auto& o : spec)
      if (o.name == name) s = &o;
    if (!s) fail("unknown option " + quote("--" + name) + " for 'heaviside " + command_ + "' (see --help)");
    if (!s->takes_value) {
      if (inline_value) fail("option --" + name + " of 'heaviside " + command_ + "' takes no value");
      flags_.insert(name);
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argv.size()) fail("option --" + name + " of 'heaviside " + command_ + "' needs a value");
      value = argv[++i];
    }
    values_[name] = value;
  }
}

std::string Args::str(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

double Args::num(const std::string& name, double fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  double v = 0;
  const std::string& s = it->second;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v))
    fail("option --" + name + " expects a number, found " + quote(s));
  return v;
}

int64_t Args::integer(const std::string& name, int64_t fallback, int64_t lo, int64_t hi) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  int64_t v = 0;
  const std::string& s = it->second;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size())
    fail("option --" + name + " expects an integer, found " + quote(s));
  if (v < lo || v > hi)
    fail("option --" + name + " is " + s + ", expected " + std::to_string(lo) + ".." + std::to_string(hi));
  return v;
}

void Args::expect_positional(const std::vector<std::string>& names) const {
  if (positional_.size() == names.size()) return;
  std::string want;
  for (const auto& n : names) want += " <" + n + ">";
  if (positional_.size() > names.size())
    fail("'heaviside " + command_ + "' got an unexpected argument " + quote(positional_[names.size()]) +
         "; usage: heaviside " + command_ + want + " [options]");
  fail("'heaviside " + command_ + "' needs" + want + "; usage: heaviside " + command_ + want + " [options]");
}

std::string options_help(const std::vector<OptionSpec>& spec) {
  std::string out = "options:\n";
  for (const auto& o : spec) {
    std::string left = "  --" + o.name + (o.takes_value ? " <v>" : "");
    if (left.size() < 26) left.resize(26, ' ');
    else left += "  ";
    out += left + o.help + "\n";
  }
  return out;
}

}  // namespace hv

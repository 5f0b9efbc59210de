// The CLI layer's option binding, parsing, help, man page and bash completion (see cli.hpp).
#include "driver/cli.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <map>

#include "support/diagnostics.hpp"
#include "support/resources.hpp"
#include "support/version.hpp"
#include "driver/commands.hpp"

namespace hv::cli {

namespace {
// Per option: the value placeholder shown in help, and the values a choice takes (completion).
struct OptionInfo {
  std::string value;                 // "" : a flag
  std::vector<std::string> choices;  // choice options
  bool file = false;                 // takes a path (completion offers files)
};
std::map<const CLI::Option*, OptionInfo>& infos() {
  static std::map<const CLI::Option*, OptionInfo> m;
  return m;
}

const OptionInfo& info(const CLI::Option* o) {
  static const OptionInfo none;
  auto it = infos().find(o);
  return it == infos().end() ? none : it->second;
}


CLI::Option* add_value(CLI::App& app, const std::string& names, std::function<void(const std::string&)> convert,
                       const std::string& help, OptionInfo inf) {
  CLI::Option* opt = app.add_option_function<std::string>(names, std::move(convert), help);
  opt->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  infos()[opt] = std::move(inf);
  return opt;
}

bool is_flag(const CLI::Option* o) { return info(o).value.empty(); }

// Wraps `text` to `width` columns, every line after the first indented by `indent` spaces.
std::string wrap(const std::string& text, size_t width, size_t indent) {
  std::string out, line;
  size_t start = 0;
  auto flush = [&]() {
    if (!out.empty()) out += "\n" + std::string(indent, ' ');
    out += line;
    line.clear();
  };
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) flush();
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  if (!line.empty()) flush();
  return out;
}

std::string option_left(const CLI::Option* o) {
  std::string left;
  for (const auto& s : o->get_snames()) left += "-" + s + ", ";
  std::vector<std::string> longs = o->get_lnames();
  for (size_t i = 0; i < longs.size(); ++i) left += (i ? ", --" : "--") + longs[i];
  if (!is_flag(o)) left += " " + info(o).value;
  return left;
}

// Options in registration order, grouped by their group in order of first appearance.
std::vector<std::pair<std::string, std::vector<const CLI::Option*>>> groups(const CLI::App& app) {
  std::vector<std::pair<std::string, std::vector<const CLI::Option*>>> g;
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_group().empty()) continue;
    auto it = std::find_if(g.begin(), g.end(), [&](const auto& e) { return e.first == o->get_group(); });
    if (it == g.end()) {
      g.push_back({o->get_group(), {}});
      it = g.end() - 1;
    }
    it->second.push_back(o);
  }
  return g;
}

// Text for a man page: backslashes and hyphens escaped, and a line that would start with a
// control character ('.' or an apostrophe) protected by \&.
std::string roff(const std::string& s) {
  std::string out;
  bool line_start = true;
  for (char c : s) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
    line_start = c == '\n';
  }
  return out;
}
}  // namespace

std::string long_name(const CLI::Option* opt) {
  if (!opt->get_lnames().empty()) return "--" + opt->get_lnames()[0];
  if (!opt->get_snames().empty()) return "-" + opt->get_snames()[0];
  return opt->get_name();
}

std::string one_of(const std::vector<std::string>& values) {
  std::string s;
  for (size_t i = 0; i < values.size(); ++i) s += (i == 0 ? "" : i + 1 == values.size() ? " or " : ", ") + values[i];
  return s;
}

bool positive(double v) { return v > 0; }

CLI::Option* flag(CLI::App& app, const std::string& names, bool& target, const std::string& help) {
  CLI::Option* o = app.add_flag(names, target, help);
  infos()[o] = {};
  return o;
}

CLI::Option* text(CLI::App& app, const std::string& names, std::string& target, const std::string& help,
                  const std::string& value) {
  return add_value(app, names, [&target](const std::string& s) { target = s; }, help, {value, {}, value == "<file>"});
}

CLI::Option* text(CLI::App& app, const std::string& names, std::optional<std::string>& target, const std::string& help,
                  const std::string& value) {
  return add_value(app, names, [&target](const std::string& s) { target = s; }, help, {value, {}, value == "<file>"});
}

CLI::Option* integer(CLI::App& app, const std::string& names, int64_t lo, int64_t hi, std::function<void(int64_t)> set,
                     const std::string& help) {
  auto holder = std::make_shared<CLI::Option*>(nullptr);
  CLI::Option* o = add_value(
      app, names,
      [holder, lo, hi, set](const std::string& s) {
        const std::string name = long_name(*holder);
        int64_t v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size()) fail("option " + name + " expects an integer, found " + quote(s));
        if (v < lo || v > hi) fail(fmt::format("option {} is {}, expected {}..{}", name, s, lo, hi));
        set(v);
      },
      help, {"<n>", {}, false});
  *holder = o;
  return o;
}

CLI::Option* number(CLI::App& app, const std::string& names, std::function<void(double)> set, const std::string& help,
                    std::function<bool(double)> ok, const std::string& must) {
  auto holder = std::make_shared<CLI::Option*>(nullptr);
  CLI::Option* o = add_value(
      app, names,
      [holder, set, ok, must](const std::string& s) {
        const std::string name = long_name(*holder);
        double v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v))
          fail("option " + name + " expects a number, found " + quote(s));
        if (ok && !ok(v)) fail("option " + name + " " + must);
        set(v);
      },
      help, {"<x>", {}, false});
  *holder = o;
  return o;
}

CLI::Option* number(CLI::App& app, const std::string& names, double& target, const std::string& help,
                    std::function<bool(double)> ok, const std::string& must) {
  return number(app, names, [&target](double v) { target = v; }, help, std::move(ok), must);
}

CLI::Option* number(CLI::App& app, const std::string& names, std::optional<double>& target, const std::string& help,
                    std::function<bool(double)> ok, const std::string& must) {
  return number(app, names, [&target](double v) { target = v; }, help, std::move(ok), must);
}

CLI::Option* choice(CLI::App& app, const std::string& names, const std::vector<std::string>& values,
                    std::function<void(size_t)> set, const std::string& help) {
  auto holder = std::make_shared<CLI::Option*>(nullptr);
  std::string shown;
  for (const auto& v : values) shown += (shown.empty() ? "" : "|") + v;
  CLI::Option* o = add_value(
      app, names,
      [holder, values, set](const std::string& s) {
        auto it = std::find(values.begin(), values.end(), s);
        if (it == values.end()) fail("option " + long_name(*holder) + " is " + quote(s) + ", expected " + one_of(values));
        set(static_cast<size_t>(it - values.begin()));
      },
      help, {"<" + shown + ">", values, false});
  *holder = o;
  return o;
}

void memory_limit(CLI::App& app) {
  add_value(app, "--memory-limit",
            [](const std::string& s) { set_memory_limit(parse_memory_size(s, "--memory-limit")); },
            "refuse inputs needing more memory than this, e.g. 4G, 512M (default: 3/4 of RAM)", {"<size>", {}, false})
      ->group("Resources");
}

void standard_flags(CLI::App& app) {
  static bool help = false, version = false;
  flag(app, "-h,--help", help, "this text")->group("General");
  flag(app, "--version", version, "print the version of heaviside")->group("General");
}

bool parse(Command& cmd, const std::vector<std::string>& argv) {
  CLI::App& app = *cmd.app;
  const std::string where = "'heaviside " + cmd.name + "'";
  for (const auto& a : argv) {
    if (a == "--") break;
    if (a == "--help" || a == "-h") {
      print(help_text(cmd));
      return false;
    }
    if (a == "--version") {
      print(fmt::format("heaviside {}\n", kVersion));
      return false;
    }
  }
  // A flag given a value (`--verbose=1`) and an option without its value are named before CLI11
  // sees them, in the words of the other option errors.
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") break;
    if (a.rfind("--", 0) != 0) continue;
    const std::string name = a.substr(0, a.find('='));
    const CLI::Option* o = nullptr;
    for (const CLI::Option* c : app.get_options())
      if (c->check_lname(name.substr(2))) o = c;
    if (!o) continue;
    if (is_flag(o) && name.size() != a.size()) fail("option " + name + " of " + where + " takes no value");
    if (!is_flag(o) && name.size() == a.size() && i + 1 == argv.size())
      fail("option " + name + " of " + where + " needs a value");
  }
  app.allow_extras();
  try {
    std::vector<std::string> reversed(argv.rbegin(), argv.rend());
    app.parse(reversed);
  } catch (const CLI::ArgumentMismatch& e) {
    std::string m = e.what();
    fail("option " + m.substr(0, m.find(':')) + " of " + where + " needs a value");
  } catch (const CLI::ParseError& e) {
    fail(where + ": " + e.what());
  }
  cmd.args.clear();
  bool after_dashes = false;
  for (const std::string& r : app.remaining()) {
    if (!after_dashes && r == "--") {
      after_dashes = true;
      continue;
    }
    if (!after_dashes && r.size() > 1 && r[0] == '-' && !(r[1] >= '0' && r[1] <= '9'))
      fail("unknown option " + quote(r.substr(0, r.find('='))) + " for " + where + " (see --help)");
    cmd.args.push_back(r);
  }
  std::string want;
  for (const auto& n : cmd.positionals) want += " <" + n + ">";
  if (cmd.args.size() > cmd.positionals.size())
    fail(where + " got an unexpected argument " + quote(cmd.args[cmd.positionals.size()]) + "; " + usage_line(cmd));
  if (cmd.args.size() < cmd.positionals.size()) fail(where + " needs" + want + "; " + usage_line(cmd));
  return true;
}

std::string usage_line(const Command& cmd) {
  std::string s = "usage: heaviside " + cmd.name;
  for (const auto& n : cmd.positionals) s += " <" + n + ">";
  return s + " [options]";
}

std::string help_text(const Command& cmd) {
  constexpr size_t kWidth = 100, kLeft = 30;
  std::string out = usage_line(cmd) + "\n\n" + cmd.summary + ".\n";
  if (!cmd.intro.empty()) out += "\n" + cmd.intro + "\n";
  for (const auto& [group, opts] : groups(*cmd.app)) {
    out += "\n" + group + ":\n";
    for (const CLI::Option* o : opts) {
      std::string left = "  " + option_left(o);
      std::string desc = wrap(o->get_description(), kWidth - kLeft, kLeft);
      if (left.size() + 2 > kLeft) out += left + "\n" + std::string(kLeft, ' ') + desc + "\n";
      else out += left + std::string(kLeft - left.size(), ' ') + desc + "\n";
    }
  }
  return out;
}

std::string program_help(const std::vector<Command>& cmds) {
  std::string out = fmt::format(
      "heaviside {}: globally optimal threshold networks, lowered to verified Verilog and C\n\n"
      "usage: heaviside <command> [arguments] [options]\n\ncommands:\n",
      kVersion);
  for (const auto& c : cmds) out += fmt::format("  {:<9} {}\n", c.name, c.summary);
  out += "  help      this text, or 'heaviside help <command>': a command's options\n";
  out += "\n'heaviside <command> --help' describes a command's options; --version prints the version.\n";
  return out;
}

std::string man_page(const std::vector<Command>& cmds) {
  std::string out = fmt::format(
      ".\\\" heaviside.1: generated from the CLI's help texts by 'heaviside help --man'; do not edit.\n"
      ".TH HEAVISIDE 1 \"\" \"heaviside {}\" \"User Commands\"\n.SH NAME\nheaviside \\- globally optimal threshold "
      "networks, lowered to verified Verilog and C\n.SH SYNOPSIS\n.B heaviside\n\\fIcommand\\fR [\\fIarguments\\fR] "
      "[\\fIoptions\\fR]\n.SH DESCRIPTION\nheaviside trains threshold networks to global optimality (a convex program "
      "over hyperplane-arrangement patterns, certified by its duality gap), lowers them to pipelined Verilog and C "
      "firmware, and verifies both bit for bit against a reference interpreter.\n.SH COMMANDS\n",
      kVersion);
  for (const auto& c : cmds) out += ".TP\n.B " + roff(c.name) + "\n" + roff(c.summary) + ".\n";
  for (const auto& c : cmds) {
    out += ".SH \"" + roff("HEAVISIDE " + c.name) + "\"\n" + roff(usage_line(c).substr(7)) + "\n.PP\n" +
           roff(c.summary) + ".\n";
    if (!c.intro.empty()) out += ".PP\n" + roff(c.intro) + "\n";
    for (const auto& [group, opts] : groups(*c.app)) {
      out += ".SS \"" + roff(group) + "\"\n";
      for (const CLI::Option* o : opts) out += ".TP\n.B " + roff(option_left(o)) + "\n" + roff(o->get_description()) + "\n";
    }
  }
  out += ".SH EXIT STATUS\n0 success; 1 a user error (the message says what was found and where); 2 an internal error.\n";
  out += ".SH SEE ALSO\nThe project's README.md and docs/ (HNET.md specifies the model file format).\n";
  return out;
}

std::string bash_completion(const std::vector<Command>& cmds) {
  std::string words;
  for (const auto& c : cmds) words += c.name + " ";
  std::string out =
      "# bash completion for heaviside: generated from the CLI by 'heaviside help --bash-completion'; do not edit.\n"
      "_heaviside() {\n  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} opts=\"\"\n"
      "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n    COMPREPLY=($(compgen -W \"" + words +
      "help --help --version\" -- \"$cur\"))\n    return\n  fi\n  case \"${COMP_WORDS[1]}\" in\n";
  for (const auto& c : cmds) {
    std::string opts, cases;
    for (const CLI::Option* o : c.app->get_options()) {
      if (o->get_group().empty()) continue;
      for (const auto& l : o->get_lnames()) opts += "--" + l + " ";
      for (const auto& s : o->get_snames()) opts += "-" + s + " ";
      const OptionInfo& inf = info(o);
      if (!inf.choices.empty()) {
        std::string vals;
        for (const auto& v : inf.choices) vals += v + " ";
        cases += "        " + long_name(o) + ") COMPREPLY=($(compgen -W \"" + vals + "\" -- \"$cur\")); return ;;\n";
      } else if (!inf.value.empty() && !inf.file) {
        cases += "        " + long_name(o) + ") return ;;\n";
      }
    }
    out += "    " + c.name + ")\n      opts=\"" + opts + "\"\n      case \"$prev\" in\n" + cases + "      esac ;;\n";
  }
  out += "    help) COMPREPLY=($(compgen -W \"" + words + "\" -- \"$cur\")); return ;;\n  esac\n"
         "  if [[ $cur == -* ]]; then\n    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n  else\n"
         "    COMPREPLY=($(compgen -f -- \"$cur\"))\n  fi\n}\ncomplete -o filenames -F _heaviside heaviside\n";
  return out;
}

}  // namespace hv::cli

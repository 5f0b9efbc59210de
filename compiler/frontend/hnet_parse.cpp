// Parser of the model file (see hnet_parse.hpp and ir/print.cpp for the format, version 1).
// Boost.Spirit X3 does the lexing: the skipper (blanks, newlines, '#' comments), keywords,
// integers, the number syntax and quoted strings. A small recursive-descent driver walks the
// fixed statement order, so every error names the offending token at file:line:col and the
// declared counts (inputs, layer widths, neurons, weights) are checked where they are declared.
// Numbers are converted with std::from_chars so that printed doubles read back identically.
// Semantic checks (classes vs outputs, accumulator bounds, ...) are left to verify_network.
// O(bytes) time; line and column are computed only when an error is reported.
#include "frontend/hnet_parse.hpp"

#include <boost/spirit/home/x3.hpp>
#include <charconv>
#include <cmath>
#include <string_view>

#include "ir/verify.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"

namespace hv {

namespace {

namespace x3 = boost::spirit::x3;

namespace grammar {
const auto skip = *(x3::char_(" \t\r\n") | (x3::lit('#') >> *(x3::char_ - x3::lit('\n'))));
const auto token = *(x3::char_ - x3::char_(" \t\r\n#"));
// ASCII only, by comparison: X3's character classes (digit, no_case) call <cctype> with a plain
// char, undefined (and a Boost assertion) for the bytes >= 0x80 a hostile file holds.
const auto digit = x3::char_('0', '9');
const auto digits = +digit;
const auto integer_syntax = -x3::char_("+-") >> digits;
const auto int64 = x3::int_parser<int64_t>{};
const auto number = -x3::char_("+-") >> ((digits >> -(x3::lit('.') >> *digit)) | (x3::lit('.') >> digits)) >>
                    -(x3::char_("eE") >> -x3::char_("+-") >> digits);
const auto plain_chars = *(x3::char_ - x3::char_("\"\\\n"));
const auto hex_byte = x3::uint_parser<unsigned char, 16, 2, 2>{};

struct escapes_ : x3::symbols<char> {
  escapes_() { add("\"", '"')("\\", '\\')("n", '\n')("t", '\t'); }
} const escapes;
}  // namespace grammar

constexpr int kFormatVersion = 1;
constexpr int64_t kMaxCount = 1 << 24;  // bound on declared widths and counts

class Parser {
 public:
  Parser(const std::string& text, const std::string& filename)
      : file_(filename), begin_(text.data()), end_(text.data() + text.size()), p_(begin_) {
    if (std::string_view(text).starts_with("\xEF\xBB\xBF")) p_ += 3;
  }
  Network run();

 private:
  Location where(const char* at) const;
  [[noreturn]] void error(const char* at, const std::string& message) const { fail_at(where(at), message); }
  const char* next();                       // skips blanks and comments; the next token's start
  const char* token_end(const char* at) const;
  std::string found(const char* at) const;  // the token at `at`, quoted, for messages
  bool next_is(std::string_view keyword);
  const char* keyword(std::string_view kw);
  int64_t integer(const std::string& what);
  int count(const std::string& what);
  double real(const std::string& what);
  std::string string(const std::string& what);
  void inputs(Network& net);
  bool layer(Layer& out, int width_below, bool first);
  void neuron(Layer& out, int index);

  std::string file_;
  const char* begin_;
  const char* end_;
  const char* p_;
};

Location Parser::where(const char* at) const {
  int line = 1;
  const char* line_start = begin_;
  for (const char* q = begin_; q < at; ++q)
    if (*q == '\n') {
      ++line;
      line_start = q + 1;
    }
  if (line == 1 && std::string_view(begin_, static_cast<size_t>(end_ - begin_)).starts_with("\xEF\xBB\xBF"))
    line_start += 3;
  return {file_, line, static_cast<int>(at - line_start) + 1};
}

const char* Parser::next() {
  x3::parse(p_, end_, grammar::skip);
  return p_;
}

const char* Parser::token_end(const char* at) const {
  x3::parse(at, end_, grammar::token);
  return at;
}

std::string Parser::found(const char* at) const {
  if (at == end_) return "the end of the file";
  return quote(std::string(at, token_end(at)));
}

bool Parser::next_is(std::string_view kw) {
  const char* at = next();
  return std::string_view(at, static_cast<size_t>(token_end(at) - at)) == kw;
}

const char* Parser::keyword(std::string_view kw) {
  if (!next_is(kw)) error(p_, "expected '" + std::string(kw) + "', found " + found(p_));
  const char* at = p_;
  p_ = token_end(p_);
  return at;
}

int64_t Parser::integer(const std::string& what) {
  const char* at = next();
  const char* e = token_end(at);
  const char* q = at;
  int64_t v = 0;
  if (x3::parse(q, e, grammar::int64, v) && q == e) {
    p_ = e;
    return v;
  }
  q = at;
  if (x3::parse(q, e, grammar::integer_syntax) && q == e)
    error(at, what + " " + found(at) + " does not fit in a 64-bit signed integer");
  error(at, "expected an integer " + what + ", found " + found(at));
}

int Parser::count(const std::string& what) {
  const char* at = next();
  const char* e = token_end(at);
  const char* q = at;
  int64_t v = -1;
  if (!(x3::parse(q, e, grammar::int64, v) && q == e) || v < 0 || v > kMaxCount)
    error(at, "expected " + what + " (an integer 0.." + std::to_string(kMaxCount) + "), found " + found(at));
  p_ = e;
  return static_cast<int>(v);
}

double Parser::real(const std::string& what) {
  const char* at = next();
  const char* e = token_end(at);
  const char* q = at;
  if (!(x3::parse(q, e, grammar::number) && q == e)) error(at, "expected a number for " + what + ", found " + found(at));
  double v = 0;
  auto r = std::from_chars(*at == '+' ? at + 1 : at, e, v);
  if (r.ec != std::errc() || !std::isfinite(v))
    error(at, what + " " + found(at) + " is outside the range of a double");
  p_ = e;
  return v;
}

// "..." with the escapes \" \\ \n \t \xHH; a string ends on its own line.
std::string Parser::string(const std::string& what) {
  const char* open = next();
  if (open == end_ || *open != '"') error(open, "expected a quoted string for " + what + ", found " + found(open));
  std::string s;
  const char* q = open + 1;
  for (;;) {
    const char* run = q;
    x3::parse(q, end_, grammar::plain_chars);
    s.append(run, q);
    if (q == end_ || *q == '\n') error(open, "unterminated string: the closing '\"' is missing on this line");
    if (*q == '"') break;
    const char* backslash = q++;
    char c = 0;
    unsigned char byte = 0;
    if (x3::parse(q, end_, grammar::escapes, c)) {
      s += c;
    } else if (x3::parse(q, end_, x3::lit('x') >> grammar::hex_byte, byte)) {
      s += static_cast<char>(byte);
    } else {
      const char* stop = q < end_ && *q != '\n' ? q + 1 : q;
      error(backslash, "unknown escape " + quote(std::string(backslash, stop)) +
                           " in a string; the escapes are \\\" \\\\ \\n \\t and \\xHH");
    }
  }
  p_ = q + 1;
  return s;
}

void Parser::inputs(Network& net) {
  const char* decl = keyword("inputs");
  int n = count("the number of inputs");
  while (next_is("input")) {
    keyword("input");
    Feature f;
    f.name = string("the input name");
    keyword("lo");
    f.lo = real("lo");
    keyword("step");
    f.step = real("step");
    net.inputs.push_back(std::move(f));
  }
  if (net.inputs.size() != static_cast<size_t>(n))
    error(decl, "'inputs' declares " + std::to_string(n) + " inputs, but " + std::to_string(net.inputs.size()) +
                    " input lines follow");
}

void Parser::neuron(Layer& out, int index) {
  const char* decl = keyword("neuron");
  const char* at = next();
  if (count("a neuron index") != index)
    error(at, "neuron index " + std::string(at, token_end(at)) + " is out of order; expected neuron " +
                  std::to_string(index));
  keyword("bias");
  out.bias.push_back(integer("bias"));
  keyword("weights");
  size_t n = 0;
  for (const char* w = next(); w != end_ && std::string_view("+-0123456789").find(*w) != std::string_view::npos;
       w = next()) {
    out.weights.push_back(integer("weight"));
    ++n;
  }
  if (n != static_cast<size_t>(out.n_in))
    error(decl, "neuron " + std::to_string(index) + " has " + std::to_string(n) + " weights, layer declares " +
                    std::to_string(out.n_in) + " inputs");
}

// One `layer` block; returns true for the output layer (the last block).
bool Parser::layer(Layer& out, int width_below, bool first) {
  const char* decl = keyword("layer");
  const char* kind_at = next();
  bool output = next_is("output");
  if (!output && !next_is("threshold")) error(kind_at, "expected 'threshold' or 'output', found " + found(kind_at));
  p_ = token_end(kind_at);
  const char* n_in_at = next();
  out.n_in = count("the number of layer inputs");
  if (out.n_in != width_below)
    error(n_in_at, "the layer declares " + std::to_string(out.n_in) + " inputs, but " +
                       (first ? "the model has " : "the layer below has ") + std::to_string(width_below) +
                       (first ? " inputs" : " neurons"));
  out.n_out = count("the number of neurons");
  int n = 0;
  while (next_is("neuron")) neuron(out, n++);
  if (n != out.n_out)
    error(decl, "the layer declares " + std::to_string(out.n_out) + " neurons, but " + std::to_string(n) +
                    " neuron lines follow");
  return output;
}

Network Parser::run() {
  Network net;
  keyword("heaviside-model");
  const char* version_at = next();
  int64_t version = integer("format version");
  if (version != kFormatVersion)
    error(version_at, "unsupported model format version " + std::to_string(version) + "; this heaviside reads version " +
                          std::to_string(kFormatVersion));
  keyword("name");
  const char* name_at = next();
  net.name = std::string(name_at, token_end(name_at));
  if (!is_identifier(net.name))
    error(name_at, "the model name " + quote(net.name) + " is not an identifier ([A-Za-z_][A-Za-z0-9_]*, at most 64 characters)");
  p_ = token_end(name_at);
  keyword("label");
  net.label = string("the label");
  if (next_is("task")) {  // optional: a file without it is a classifier (docs/HNET.md)
    keyword("task");
    const char* task_at = next();
    if (next_is("regression")) {
      net.task = Task::regression;
    } else if (!next_is("classification")) {
      error(task_at, "expected 'classification' or 'regression', found " + found(task_at));
    }
    p_ = token_end(task_at);
  }
  if (net.regression()) {
    while (next_is("target")) {
      keyword("target");
      Target t;
      t.name = string("the target name");
      keyword("offset");
      t.offset = real("the target offset");
      keyword("step");
      t.step = real("the target step");
      net.targets.push_back(std::move(t));
    }
  } else {
    keyword("classes");
    while (next() != end_ && *p_ == '"') net.classes.push_back(string("a class"));
  }
  keyword("input_bits");
  net.input_bits = count("input_bits");
  keyword("score_scale");
  net.score_scale = real("score_scale");
  while (next_is("provenance")) {  // optional (docs/HNET.md): files without it parse as before
    keyword("provenance");
    std::string key = string("a provenance key");
    net.provenance.emplace_back(std::move(key), string("a provenance value"));
  }
  inputs(net);
  int width = static_cast<int>(net.inputs.size());
  for (bool first = true;; first = false) {
    Layer l;
    if (layer(l, width, first)) {
      net.output = std::move(l);
      break;
    }
    width = l.n_out;
    net.hidden.push_back(std::move(l));
  }
  keyword("end");
  if (next() != end_) error(p_, "unexpected " + found(p_) + " after 'end'");
  return net;
}

}  // namespace

Network parse_hnet(const std::string& text, const std::string& filename) {
  Network net = Parser(text, filename).run();
  verify_network(net, filename);
  return net;
}

Network read_hnet(const std::filesystem::path& path) { return parse_hnet(read_file(path), path.string()); }

}  // namespace hv

// CSV reader (see csv.hpp). The buffer is walked line by line; Boost.Spirit X3 recognises the
// pieces of a line (blanks, quoted fields, the number syntax), and numbers are converted with
// std::from_chars, which rounds correctly: X3's own double_ is off by one ulp on many 17-digit
// values, and a dataset must read back as the exact doubles that were written.
// Invariants: every row has the header's field count, every feature value is finite, no row is
// dropped. Numeric fields are parsed in place (no allocation per field). O(bytes) time.
#include "frontend/csv.hpp"

#include <algorithm>
#include <boost/spirit/home/x3.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "support/diagnostics.hpp"
#include "support/files.hpp"
#include "support/resources.hpp"

namespace hv {

namespace {

namespace x3 = boost::spirit::x3;

// The lexical pieces of a line. Quoted fields end on the same line ("" is an escaped quote).
namespace grammar {
const auto blanks = *x3::char_(" \t");
const auto quoted_field = x3::lit('"') >> x3::raw[*(x3::lit("\"\"") | ~x3::char_('"'))] >> x3::lit('"');
// ASCII only, by comparison: X3's character classes (digit, no_case) call <cctype> with a plain
// char, undefined (and a Boost assertion) for the bytes >= 0x80 a hostile file holds.
const auto digit = x3::char_('0', '9');
const auto digits = +digit;
const auto number = -x3::char_("+-") >> ((digits >> -(x3::lit('.') >> *digit)) | (x3::lit('.') >> digits)) >>
                    -(x3::char_("eE") >> -x3::char_("+-") >> digits);
const auto non_finite = -x3::char_("+-") >> ((x3::char_("nN") >> x3::char_("aA") >> x3::char_("nN")) |
                                              (x3::char_("iI") >> x3::char_("nN") >> x3::char_("fF") >>
                                               -(x3::char_("iI") >> x3::char_("nN") >> x3::char_("iI") >>
                                                 x3::char_("tT") >> x3::char_("yY"))));
}  // namespace grammar

struct Field {
  const char* b = nullptr;  // the text, inside the quotes when quoted
  const char* e = nullptr;
  int col = 0;              // 1-based byte column of the field's first character
  bool quoted = false;
};

enum class Number { ok, not_a_number, not_finite };

// Whole-field match of an X3 parser.
template <class Parser>
bool matches(const char* b, const char* e, const Parser& p) {
  return x3::parse(b, e, p) && b == e;
}

// Numbers are recognised by the X3 grammar, then converted with correct rounding. A value too
// small for a double becomes the nearest double (zero); one too large is not finite.
Number to_double(const char* b, const char* e, double& out) {
  if (!matches(b, e, grammar::number)) return matches(b, e, grammar::non_finite) ? Number::not_finite : Number::not_a_number;
  const char* s = (*b == '+') ? b + 1 : b;
  auto r = std::from_chars(s, e, out);
  if (r.ec == std::errc::result_out_of_range) {
    std::string copy(b, e);
    out = std::strtod(copy.c_str(), nullptr);
  }
  return std::isfinite(out) ? Number::ok : Number::not_finite;
}

std::string field_text(const Field& f) {
  if (!f.quoted) return std::string(f.b, f.e);
  std::string s;
  s.reserve(static_cast<size_t>(f.e - f.b));
  for (const char* p = f.b; p != f.e; ++p) {
    s += *p;
    if (*p == '"') ++p;  // the grammar guarantees quotes come in pairs here
  }
  return s;
}

class Reader {
 public:
  Reader(const std::string& text, const std::string& filename, const CsvOptions& opt)
      : text_(text), file_(filename), opt_(opt) {}
  Dataset run();
  Dataset run_part(size_t body_at, int first_line);
  Dataset start();
  void read_rows(Dataset& ds);

 private:
  [[noreturn]] void error(int col, const std::string& message) const { fail_at({file_, line_, col}, message); }
  bool next_line();
  void split();
  void read_header(Dataset& ds);
  void read_row(Dataset& ds);
  void check_parsed_size(size_t lines, size_t features) const;

  const std::string& text_;
  std::string file_;
  const CsvOptions& opt_;
  const char* pos_ = nullptr;   // start of the next line
  const char* lb_ = nullptr;    // current line [lb_, le_), without its line ending
  const char* le_ = nullptr;
  int line_ = 0;
  std::vector<Field> fields_;   // fields of the current line, reused across lines
  std::vector<std::string> names_;
  size_t label_ = 0;            // index of the label column
  std::vector<bool> skip_;      // columns not read (CsvOptions::only_columns)
};

// Advances to the next line that is not blank. Blank (empty or whitespace-only) lines are not
// rows: with at least two columns, no valid row can be blank, so nothing is lost by skipping.
bool Reader::next_line() {
  const char* end = text_.data() + text_.size();
  while (pos_ < end) {
    const char* nl = static_cast<const char*>(std::memchr(pos_, '\n', static_cast<size_t>(end - pos_)));
    lb_ = pos_;
    le_ = nl ? nl : end;
    pos_ = nl ? nl + 1 : end;
    ++line_;
    if (le_ > lb_ && le_[-1] == '\r') --le_;
    const char* p = lb_;
    x3::parse(p, le_, grammar::blanks);
    if (p != le_) return true;
  }
  return false;
}

// Splits the current line at commas into fields_, trimming blanks around each field.
void Reader::split() {
  fields_.clear();
  const char* p = lb_;
  for (;;) {
    x3::parse(p, le_, grammar::blanks);
    Field f;
    f.col = static_cast<int>(p - lb_) + 1;
    if (p != le_ && *p == '"') {
      boost::iterator_range<const char*> body;
      if (!x3::parse(p, le_, grammar::quoted_field, body))
        error(f.col, "unterminated quoted field: the closing '\"' is missing on this line");
      f.b = body.begin();
      f.e = body.end();
      f.quoted = true;
      x3::parse(p, le_, grammar::blanks);
      if (p != le_ && *p != ',') {
        const char* stop = std::find(p, le_, ',');
        error(static_cast<int>(p - lb_) + 1,
              "expected ',' or the end of the line after a quoted field, found " + quote(std::string(p, stop)));
      }
    } else {
      f.b = p;
      p = std::find(p, le_, ',');
      f.e = p;
      while (f.e != f.b && (f.e[-1] == ' ' || f.e[-1] == '\t')) --f.e;
    }
    fields_.push_back(f);
    if (p == le_) return;
    ++p;  // the comma
  }
}

void Reader::read_header(Dataset& ds) {
  split();
  std::unordered_map<std::string, size_t> seen;
  for (size_t i = 0; i < fields_.size(); ++i) {
    std::string name = field_text(fields_[i]);
    if (name.empty()) error(fields_[i].col, "header column " + std::to_string(i + 1) + " has an empty name");
    auto [it, fresh] = seen.emplace(name, i);
    if (!fresh)
      error(fields_[i].col, "duplicate column name " + quote(name) + " (also column " + std::to_string(it->second + 1) + ")");
    names_.push_back(std::move(name));
  }
  label_ = names_.size() - 1;
  if (!opt_.label_column.empty()) {
    auto it = seen.find(opt_.label_column);
    if (it == seen.end() && opt_.label_optional) {  // no label column: every column is a feature
      label_ = names_.size();
      skip_.assign(names_.size(), false);
      for (size_t i = 0; i < names_.size(); ++i) {
        skip_[i] = !opt_.only_columns.empty() &&
                   std::find(opt_.only_columns.begin(), opt_.only_columns.end(), names_[i]) == opt_.only_columns.end();
        if (!skip_[i]) ds.feature_names.push_back(names_[i]);
      }
      return;
    }
    if (it == seen.end()) {
      std::string list;
      for (size_t i = 0; i < names_.size() && i < 20; ++i) list += (i ? ", " : "") + quote(names_[i]);
      if (names_.size() > 20) list += ", ... (" + std::to_string(names_.size() - 20) + " more)";
      error(1, "no column named " + quote(opt_.label_column) + " for the label; the columns are " + list);
    }
    label_ = it->second;
  }
  skip_.assign(names_.size(), false);
  if (!opt_.only_columns.empty())
    for (size_t i = 0; i < names_.size(); ++i)
      skip_[i] = i != label_ && std::find(opt_.only_columns.begin(), opt_.only_columns.end(), names_[i]) ==
                                    opt_.only_columns.end();
  if (names_.size() < 2)
    error(1, "the header has 1 column; expected at least one feature column besides the label " + quote(names_[label_]));
  ds.label_name = names_[label_];
  for (size_t i = 0; i < names_.size(); ++i)
    if (i != label_ && !skip_[i]) ds.feature_names.push_back(names_[i]);
}

void Reader::read_row(Dataset& ds) {
  split();
  if (fields_.size() != names_.size())
    error(fields_.size() > names_.size() ? fields_[names_.size()].col : 1,
          "row has " + std::to_string(fields_.size()) + " fields, expected " + std::to_string(names_.size()) +
              " (as in the header)");
  for (size_t i = 0; i < fields_.size(); ++i) {
    const Field& f = fields_[i];
    if (i == label_) {
      if (f.b == f.e) error(f.col, "the label column " + quote(names_[i]) + " is empty");
      ds.labels.push_back(field_text(f));
      continue;
    }
    if (skip_[i]) continue;
    if (f.b == f.e) error(f.col, "column " + quote(names_[i]) + " is empty; expected a number");
    double v = 0;
    Number n = to_double(f.b, f.e, v);
    if (n == Number::not_a_number)
      error(f.col, "column " + quote(names_[i]) + " expects a number, found " + quote(field_text(f)));
    if (n == Number::not_finite)
      error(f.col, "column " + quote(names_[i]) + " expects a finite number, found " + quote(field_text(f)));
    ds.x.push_back(v);
  }
  ds.row_line.push_back(line_);
  ++ds.n_rows;
}

// The dataset's arrays are reserved from the line count, so their size is known before they are
// allocated: refuse here, with the estimate, when it is over the memory budget.
void Reader::check_parsed_size(size_t lines, size_t features) const {
  uint64_t per_row = add_sat(mul_sat(features, sizeof(double)), sizeof(std::string) + sizeof(int));
  uint64_t bytes = add_sat(mul_sat(lines, per_row), text_.size());
  check_memory(file_, "the data", bytes,
               std::to_string(lines) + " lines x " + std::to_string(features) + " features, plus the " +
                   format_bytes(text_.size()) + " of text",
               "set --memory-limit");
}

// The header (after a UTF-8 byte-order mark, which is not part of the first line).
Dataset Reader::start() {
  Dataset ds;
  ds.source = file_;
  pos_ = text_.data();
  if (std::string_view(text_).starts_with("\xEF\xBB\xBF")) pos_ += 3;
  if (pos_ == text_.data() + text_.size()) fail_at({file_, 1, 1}, "the file is empty; expected a header row");
  if (!next_line()) fail_at({file_, 1, 1}, "the file has only blank lines; expected a header row");
  read_header(ds);
  return ds;
}

// Every data line from pos_ on, after the size check and with the rows reserved.
void Reader::read_rows(Dataset& ds) {
  size_t lines = static_cast<size_t>(std::count(pos_, text_.data() + text_.size(), '\n')) + 1;
  check_parsed_size(lines, ds.feature_names.size());
  ds.x.reserve(lines * ds.feature_names.size());
  ds.labels.reserve(lines);
  ds.row_line.reserve(lines);
  while (next_line()) read_row(ds);
}

Dataset Reader::run() {
  Dataset ds = start();
  const int header_line = line_;
  read_rows(ds);
  if (ds.n_rows == 0) fail_at({file_, header_line, 1}, "the file has a header row but no data rows");
  return ds;
}

// A part of the file (read_csv_part): the header as run() reads it, then the part's lines from
// body_at, numbered from first_line.
Dataset Reader::run_part(size_t body_at, int first_line) {
  Dataset ds = start();
  pos_ = text_.data() + body_at;
  line_ = first_line - 1;
  read_rows(ds);
  return ds;
}

}  // namespace

Dataset parse_csv(const std::string& text, const std::string& filename, const CsvOptions& opt) {
  return Reader(text, filename, opt).run();
}

Dataset read_csv(const std::filesystem::path& path, const CsvOptions& opt) {
  return parse_csv(read_file(path), path.string(), opt);
}

namespace {
// The first line start at or after `at` in the file (`size` bytes): `at` itself when a line ends
// just before it, else just past the next line ending (or the end of the file).
uint64_t line_start_from(const std::filesystem::path& path, uint64_t at, uint64_t size) {
  if (at == 0 || at >= size) return std::min(at, size);
  if (read_file_range(path, at - 1, 1) == "\n") return at;
  constexpr uint64_t kChunk = 1 << 16;
  for (uint64_t p = at; p < size; p += kChunk) {
    std::string c = read_file_range(path, p, kChunk);
    if (auto nl = c.find('\n'); nl != std::string::npos) return p + nl + 1;
  }
  return size;
}

bool blank_line(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}
}  // namespace

CsvPart read_csv_part(const std::filesystem::path& path, size_t part, size_t parts) {
  const uint64_t size = regular_file_size(path);
  CsvPart out;
  // The header: lines from the start up to the first one that is not blank (BOM aside), as
  // Reader::next_line skips them; read in chunks, so a part reads only the header and its block.
  constexpr uint64_t kChunk = 1 << 16;
  uint64_t header_end = size;
  size_t from = 0;  // start of the first line of out.text not yet examined
  for (uint64_t at = 0; at < size && header_end == size; at += kChunk) {
    out.text += read_file_range(path, at, kChunk);
    for (size_t nl; (nl = out.text.find('\n', from)) != std::string::npos;) {
      std::string_view line(out.text.data() + from, nl - from);
      if (from == 0 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
      ++out.header_lines;
      from = nl + 1;
      if (!blank_line(line)) {
        header_end = from;
        break;
      }
    }
  }
  if (header_end == size && from < out.text.size()) ++out.header_lines;  // a last line without a line ending
  out.text.resize(static_cast<size_t>(header_end));
  out.body_at = out.text.size();
  const uint64_t body = size - header_end;
  const uint64_t lo = line_start_from(path, header_end + body * part / parts, size);
  const uint64_t hi = line_start_from(path, header_end + body * (part + 1) / parts, size);
  if (hi > lo) out.text += read_file_range(path, lo, hi - lo);
  out.newlines = static_cast<size_t>(std::count(out.text.begin() + static_cast<long>(out.body_at), out.text.end(), '\n'));
  return out;
}

Dataset parse_csv_part(const CsvPart& part, int first_line, const std::string& filename, const CsvOptions& opt) {
  return Reader(part.text, filename, opt).run_part(part.body_at, first_line);
}

}  // namespace hv

// libFuzzer target for the CSV reader (frontend/csv.cpp). The first byte picks the reader's
// options (label column named or last, label optional), the rest is the file. Beyond "no crash,
// no undefined behaviour", it checks the reader's contract:
//   - a rejected input raises a UserError located in the file ("f.csv:...: error: ..."), printable
//     as valid UTF-8, and nothing else;
//   - an accepted one has at least one row, n_rows x n_features finite values, one label per row
//     (or none when the label column is optional and absent), increasing source lines, distinct
//     non-empty column names;
//   - writing the dataset back as CSV (every field quoted, doubles in shortest form) and reading
//     it again gives the identical dataset.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <set>
#include <string>

#include "frontend/csv.hpp"
#include "fuzz_util.hpp"
#include "support/diagnostics.hpp"

namespace {

void check(bool ok, const char* what) { hvfuzz::check(ok, "fuzz_csv", what); }

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string write_back(const hv::Dataset& ds) {
  std::string out;
  for (const auto& name : ds.feature_names) out += quoted(name) + ",";
  out += ds.labels.empty() ? quoted("__no_label__") : quoted(ds.label_name);
  out += "\n";
  char buf[64];
  for (size_t r = 0; r < ds.n_rows; ++r) {
    for (size_t c = 0; c < ds.n_features(); ++c) {
      auto res = std::to_chars(buf, buf + sizeof buf, ds.at(r, c));
      out.append(buf, res.ptr);
      out += ",";
    }
    out += ds.labels.empty() ? quoted("-") : quoted(ds.labels[r]);
    out += "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  hv::CsvOptions opt;
  if (data[0] & 1) opt.label_column = "y";
  opt.label_optional = (data[0] & 2) != 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  hv::Dataset ds;
  try {
    ds = hv::parse_csv(text, "f.csv", opt);
  } catch (const hv::UserError& e) {
    hvfuzz::check_message(e.what(), "f.csv", "fuzz_csv");
    return 0;
  }
  check(ds.n_rows >= 1, "no rows");
  check(ds.x.size() == ds.n_rows * ds.n_features(), "value count");
  for (double v : ds.x) check(std::isfinite(v), "non-finite value");
  check(ds.labels.size() == ds.n_rows || (ds.labels.empty() && opt.label_optional), "label count");
  check(ds.row_line.size() == ds.n_rows, "line count");
  for (size_t r = 0; r < ds.n_rows; ++r) check(ds.row_line[r] >= 2 && (r == 0 || ds.row_line[r] > ds.row_line[r - 1]), "lines");
  std::set<std::string> names(ds.feature_names.begin(), ds.feature_names.end());
  check(names.size() == ds.n_features() && ds.n_features() >= 1, "feature names");
  check(!names.count(""), "empty feature name");
  if (!ds.labels.empty()) check(!names.count(ds.label_name), "label among the features");

  hv::CsvOptions again;
  again.label_column = ds.labels.empty() ? "__no_label__" : ds.label_name;
  hv::Dataset back = hv::parse_csv(write_back(ds), "back.csv", again);
  check(back.feature_names == ds.feature_names, "round trip: names");
  check(back.x == ds.x, "round trip: values");
  if (!ds.labels.empty()) check(back.labels == ds.labels, "round trip: labels");
  return 0;
}

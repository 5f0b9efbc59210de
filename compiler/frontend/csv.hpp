// CSV reader (Boost.Spirit X3): a header row, then one row per sample. The label column is chosen
// by name (default: the last column); every other column must be numeric. Labels are kept as text
// (class names or numbers). Every malformed row is an error at file:line:col; no row is dropped.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace hv {

struct Dataset {
  std::string source;                      // file name, for messages
  std::vector<std::string> feature_names;  // header names of the feature columns, in file order
  std::string label_name;
  size_t n_rows = 0;
  std::vector<double> x;                   // n_rows x feature_names.size(), row-major, all finite
  std::vector<std::string> labels;         // raw label text of each row (empty: no label column)
  std::vector<int> row_line;               // 1-based source line of each row
  // The range every feature value lies in by the file format (IDX unsigned bytes: [0, 255]), or
  // none (CSV). Used for messages only: the quantizer reads the values, never the format
  // (train/quantize_inputs.hpp), so the same rows from IDX and from CSV train the same network.
  bool has_value_range = false;
  double value_lo = 0, value_hi = 0;

  size_t n_features() const { return feature_names.size(); }
  double at(size_t r, size_t c) const { return x[r * feature_names.size() + c]; }
};

struct CsvOptions {
  std::string label_column;  // empty: the last column
  bool label_optional = false;  // label_column absent from the header: no labels, all features
  // Not empty: only these columns (and the label) are read; every other column is skipped,
  // whatever it holds (a model reading a file with more columns than its inputs).
  std::vector<std::string> only_columns;
};

Dataset parse_csv(const std::string& text, const std::string& filename, const CsvOptions& opt);
Dataset read_csv(const std::filesystem::path& path, const CsvOptions& opt);

// Row-partitioned reading (MPI ranks, flow/load.cpp): part p of `parts` reads the header and the
// lines that START in its share of the bytes after the header ([size * p / parts, size * (p + 1) /
// parts) of the body, moved forward to line starts), so the parts hold every line exactly once.
// Rows never span lines (quoted fields end on their line). Only the header and the part's own bytes
// are read.
struct CsvPart {
  std::string text;       // the header's lines, then this part's lines
  size_t body_at = 0;     // where this part's lines start in `text`
  int header_lines = 0;   // file lines up to and including the header
  size_t newlines = 0;    // line endings in this part's lines (the next part's first line is that much further)
};
CsvPart read_csv_part(const std::filesystem::path& path, size_t part, size_t parts);
// The part's rows, numbered from `first_line` (the file line of its first line: header_lines + 1 +
// the newlines of the parts before it), so errors say the file's real line. A part may have no
// rows (the caller checks that the file has some).
Dataset parse_csv_part(const CsvPart& part, int first_line, const std::string& filename, const CsvOptions& opt);

}  // namespace hv

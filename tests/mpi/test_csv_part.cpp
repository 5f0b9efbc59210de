// Row-partitioned CSV reading (frontend/csv.hpp: read_csv_part), as every MPI rank does it, checked
// in one process: for any number of parts, the parts' rows in part order are exactly the file's
// rows with the file's line numbers, and a bad row in the last part is reported at its real line.
#include <catch2/catch.hpp>

#include "frontend/csv.hpp"
#include "support/diagnostics.hpp"
#include "support/cli.hpp"

namespace {

// Every part of `path`, read and numbered as flow/load.cpp does under MPI, concatenated.
hv::Dataset read_in_parts(const std::filesystem::path& path, size_t parts) {
  hv::Dataset all;
  size_t before = 0;
  for (size_t p = 0; p < parts; ++p) {
    hv::CsvPart part = hv::read_csv_part(path, p, parts);
    hv::Dataset d = hv::parse_csv_part(part, part.header_lines + 1 + static_cast<int>(before), path.string(), {});
    before += part.newlines;
    if (p == 0) {
      all.feature_names = d.feature_names;
      all.label_name = d.label_name;
    }
    CHECK(d.feature_names == all.feature_names);
    all.x.insert(all.x.end(), d.x.begin(), d.x.end());
    all.labels.insert(all.labels.end(), d.labels.begin(), d.labels.end());
    all.row_line.insert(all.row_line.end(), d.row_line.begin(), d.row_line.end());
    all.n_rows += d.n_rows;
  }
  return all;
}

}  // namespace

TEST_CASE("csv parts: any number of parts reads every row once, with the file's line numbers", "[mpi]") {
  auto dir = hvtest::scratch("csv_part_rows");
  // A BOM, blank lines before the header and between rows, CRLF endings and no final line ending.
  std::string text = "\xEF\xBB\xBF\r\n  \nx,y,label\r\n";
  for (int r = 0; r < 37; ++r) {
    text += std::to_string(r) + "," + std::to_string(r * 0.5) + "," + (r % 3 ? "a" : "b") + "\r\n";
    if (r % 7 == 3) text += "\r\n";
  }
  text += "99,1.5,a";
  hvtest::write(dir / "d.csv", text);
  const hv::Dataset whole = hv::read_csv(dir / "d.csv", {});
  REQUIRE(whole.n_rows == 38);
  for (size_t parts : {1, 2, 3, 5, 8, 64}) {
    INFO(parts << " parts");
    const hv::Dataset d = read_in_parts(dir / "d.csv", parts);
    CHECK(d.n_rows == whole.n_rows);
    CHECK(d.x == whole.x);
    CHECK(d.labels == whole.labels);
    CHECK(d.row_line == whole.row_line);
    CHECK(d.feature_names == whole.feature_names);
  }
}

TEST_CASE("csv parts: a bad row in the last part is an error at the file's line", "[mpi]") {
  auto dir = hvtest::scratch("csv_part_bad");
  std::string text = "a,b,label\n";
  for (int r = 0; r < 20; ++r) text += std::to_string(r) + ",1,x\n";
  text += "7,oops,y\n";
  hvtest::write(dir / "bad.csv", text);
  const std::string file = (dir / "bad.csv").string();
  std::string whole_error, part_error;
  try {
    hv::read_csv(file, {});
  } catch (const hv::UserError& e) {
    whole_error = e.what();
  }
  REQUIRE(whole_error.starts_with(file + ":22:3: error:"));
  hv::CsvPart first = hv::read_csv_part(file, 0, 3), second = hv::read_csv_part(file, 1, 3);
  hv::CsvPart last = hv::read_csv_part(file, 2, 3);
  try {
    hv::parse_csv_part(last, last.header_lines + 1 + static_cast<int>(first.newlines + second.newlines), file, {});
  } catch (const hv::UserError& e) {
    part_error = e.what();
  }
  CHECK(part_error == whole_error);
}

TEST_CASE("csv parts: a header without rows gives parts without rows", "[mpi]") {
  auto dir = hvtest::scratch("csv_part_empty");
  hvtest::write(dir / "h.csv", "a,b,label\n");
  for (size_t p = 0; p < 2; ++p) {
    hv::CsvPart part = hv::read_csv_part(dir / "h.csv", p, 2);
    CHECK(part.header_lines == 1);
    CHECK(hv::parse_csv_part(part, 2, "h.csv", {}).n_rows == 0);
  }
}

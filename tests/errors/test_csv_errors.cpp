// Every user-facing error of the CSV reader (frontend/csv.cpp), fed with the bad input and checked
// against the full message, `file:line:col: error: ...` included. Columns are 1-based bytes.
#include <catch2/catch.hpp>

#include "frontend/csv.hpp"
#include "support/cli.hpp"
#include "support/diagnostics.hpp"

namespace {

std::string csv_error(const std::string& text, const std::string& label = "") {
  hv::CsvOptions opt;
  opt.label_column = label;
  try {
    hv::parse_csv(text, "d.csv", opt);
  } catch (const hv::UserError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("csv error: empty file", "[csv][errors]") {
  CHECK(csv_error("") == "d.csv:1:1: error: the file is empty; expected a header row");
  CHECK(csv_error("\xEF\xBB\xBF") == "d.csv:1:1: error: the file is empty; expected a header row");
}

TEST_CASE("csv error: only blank lines", "[csv][errors]") {
  CHECK(csv_error("\n  \r\n\t\n") == "d.csv:1:1: error: the file has only blank lines; expected a header row");
}

TEST_CASE("csv error: header without data rows", "[csv][errors]") {
  CHECK(csv_error("a,b,y\n") == "d.csv:1:1: error: the file has a header row but no data rows");
  CHECK(csv_error("\n\na,b,y\n\n\n") == "d.csv:3:1: error: the file has a header row but no data rows");
}

TEST_CASE("csv error: too few fields, located at the row start", "[csv][errors]") {
  CHECK(csv_error("a,b,y\n1,2,p\n1,2\n") == "d.csv:3:1: error: row has 2 fields, expected 3 (as in the header)");
}

TEST_CASE("csv error: too many fields, located at the first extra field", "[csv][errors]") {
  CHECK(csv_error("a,b,y\n1,2,p,4,5\n") == "d.csv:2:7: error: row has 5 fields, expected 3 (as in the header)");
  CHECK(csv_error("a,b,y\n1,2,p,\n") == "d.csv:2:7: error: row has 4 fields, expected 3 (as in the header)");
}

TEST_CASE("csv error: a value that is not a number", "[csv][errors]") {
  CHECK(csv_error("\"mean radius\",y\n1,p\nabc,q\n") ==
        "d.csv:3:1: error: column 'mean radius' expects a number, found 'abc'");
  CHECK(csv_error("a,b,y\n1,  1.5.2 ,p\n") == "d.csv:2:5: error: column 'b' expects a number, found '1.5.2'");
  CHECK(csv_error("a,y\n1e,p\n") == "d.csv:2:1: error: column 'a' expects a number, found '1e'");
  CHECK(csv_error("a,y\n0x10,p\n") == "d.csv:2:1: error: column 'a' expects a number, found '0x10'");
  CHECK(csv_error("a,y\n\"1\"\"\",p\n") == "d.csv:2:1: error: column 'a' expects a number, found '1\"'");
  CHECK(csv_error("a,y\n1\r2,p\n") == "d.csv:2:1: error: column 'a' expects a number, found '1\\x0d2'");
}

TEST_CASE("csv error: NaN and infinities", "[csv][errors]") {
  CHECK(csv_error("a,y\nnan,p\n") == "d.csv:2:1: error: column 'a' expects a finite number, found 'nan'");
  CHECK(csv_error("a,y\nNaN,p\n") == "d.csv:2:1: error: column 'a' expects a finite number, found 'NaN'");
  CHECK(csv_error("a,y\ninf,p\n") == "d.csv:2:1: error: column 'a' expects a finite number, found 'inf'");
  CHECK(csv_error("a,y\n-Infinity,p\n") == "d.csv:2:1: error: column 'a' expects a finite number, found '-Infinity'");
  CHECK(csv_error("a,b,y\n1,1e999,p\n") == "d.csv:2:3: error: column 'b' expects a finite number, found '1e999'");
  CHECK(csv_error("a,y\n-1e400,p\n") == "d.csv:2:1: error: column 'a' expects a finite number, found '-1e400'");
}

TEST_CASE("csv error: empty numeric field", "[csv][errors]") {
  CHECK(csv_error("a,b,y\n1,,p\n") == "d.csv:2:3: error: column 'b' is empty; expected a number");
  CHECK(csv_error("a,b,y\n1,  ,p\n") == "d.csv:2:5: error: column 'b' is empty; expected a number");
  CHECK(csv_error("a,b,y\n1,\"\",p\n") == "d.csv:2:3: error: column 'b' is empty; expected a number");
}

TEST_CASE("csv error: empty label", "[csv][errors]") {
  CHECK(csv_error("a,y\n1,p\n2,\n") == "d.csv:3:3: error: the label column 'y' is empty");
  CHECK(csv_error("a,y\n1, \"\" \n") == "d.csv:2:4: error: the label column 'y' is empty");
}

TEST_CASE("csv error: unterminated quote", "[csv][errors]") {
  CHECK(csv_error("a,\"y\n1,p\n") ==
        "d.csv:1:3: error: unterminated quoted field: the closing '\"' is missing on this line");
  CHECK(csv_error("a,y\n1,\"p\"\"\n") ==
        "d.csv:2:3: error: unterminated quoted field: the closing '\"' is missing on this line");
}

TEST_CASE("csv error: text after a quoted field", "[csv][errors]") {
  CHECK(csv_error("a,\"y\"z,b\n1,p,2\n") ==
        "d.csv:1:6: error: expected ',' or the end of the line after a quoted field, found 'z'");
  CHECK(csv_error("a,y\n1,\"p\" q r\n") ==
        "d.csv:2:7: error: expected ',' or the end of the line after a quoted field, found 'q r'");
}

TEST_CASE("csv error: empty header name", "[csv][errors]") {
  CHECK(csv_error("a,,y\n1,2,p\n") == "d.csv:1:3: error: header column 2 has an empty name");
  CHECK(csv_error("a,y, \"\"\n1,2,p\n") == "d.csv:1:6: error: header column 3 has an empty name");
}

TEST_CASE("csv error: duplicate header names", "[csv][errors]") {
  CHECK(csv_error("a,b, a ,y\n1,2,3,p\n") == "d.csv:1:6: error: duplicate column name 'a' (also column 1)");
}

TEST_CASE("csv error: unknown label column", "[csv][errors]") {
  CHECK(csv_error("a,b,y\n1,2,p\n", "class") ==
        "d.csv:1:1: error: no column named 'class' for the label; the columns are 'a', 'b', 'y'");
  std::string header, row;
  for (int i = 0; i < 23; ++i) {
    header += (i ? ",c" : "c") + std::to_string(i);
    row += i ? ",1" : "1";
  }
  CHECK(csv_error(header + "\n" + row + "\n", "y") ==
        "d.csv:1:1: error: no column named 'y' for the label; the columns are 'c0', 'c1', 'c2', 'c3', 'c4', "
        "'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'c12', 'c13', 'c14', 'c15', 'c16', 'c17', 'c18', "
        "'c19', ... (3 more)");
}

TEST_CASE("csv error: no feature column", "[csv][errors]") {
  CHECK(csv_error("y\np\n") ==
        "d.csv:1:1: error: the header has 1 column; expected at least one feature column besides the label 'y'");
  CHECK(csv_error("\xEF\xBB\xBFy\r\np\r\n", "y") ==
        "d.csv:1:1: error: the header has 1 column; expected at least one feature column besides the label 'y'");
}

TEST_CASE("csv error: columns count from after a byte-order mark, CRLF is not part of a field", "[csv][errors]") {
  CHECK(csv_error("\xEF\xBB\xBF" "a,b,y\r\n1,x,p\r\n") == "d.csv:2:3: error: column 'b' expects a number, found 'x'");
  CHECK(csv_error("\xEF\xBB\xBF" "a,,y\r\n") == "d.csv:1:3: error: header column 2 has an empty name");
}

TEST_CASE("csv error: read_csv of a missing file", "[csv][errors]") {
  auto dir = hvtest::scratch("csv_missing");
  std::string path = (dir / "none.csv").string();
  REQUIRE_THROWS_WITH(hv::read_csv(dir / "none.csv", {}), "error: cannot open " + hv::quote_path(path) + " for reading: No such file or directory");
  hvtest::write(dir / "bad.csv", "a,y\n1,p\nx,q\n");
  REQUIRE_THROWS_WITH(hv::read_csv(dir / "bad.csv", {}),
                      (dir / "bad.csv").string() + ":3:1: error: column 'a' expects a number, found 'x'");
}

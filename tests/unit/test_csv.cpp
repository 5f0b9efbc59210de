// Unit tests of the CSV reader (frontend/csv.cpp): header handling, label selection, line
// endings, BOM, quoting, blank lines, exact numbers and row_line. Error messages are tested in
// tests/errors/test_csv_errors.cpp.
#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>

#include "frontend/csv.hpp"
#include "support/cli.hpp"

using hv::CsvOptions;
using hv::parse_csv;

TEST_CASE("csv: a normal file, label defaults to the last column", "[csv]") {
  auto ds = parse_csv("a,b,y\n1,2.5,yes\n-3,4e2,no\n", "d.csv", {});
  CHECK(ds.source == "d.csv");
  CHECK(ds.feature_names == std::vector<std::string>{"a", "b"});
  CHECK(ds.label_name == "y");
  REQUIRE(ds.n_rows == 2);
  CHECK(ds.n_features() == 2);
  CHECK(ds.x == std::vector<double>{1, 2.5, -3, 400});
  CHECK(ds.at(1, 0) == -3);
  CHECK(ds.labels == std::vector<std::string>{"yes", "no"});
  CHECK(ds.row_line == std::vector<int>{2, 3});
}

TEST_CASE("csv: label chosen by name, in any position", "[csv]") {
  CsvOptions opt;
  opt.label_column = "y";
  auto ds = parse_csv("y,a,b\n0,1,2\n1,3,4\n", "d.csv", opt);
  CHECK(ds.label_name == "y");
  CHECK(ds.feature_names == std::vector<std::string>{"a", "b"});
  CHECK(ds.x == std::vector<double>{1, 2, 3, 4});
  CHECK(ds.labels == std::vector<std::string>{"0", "1"});

  opt.label_column = "b";
  auto mid = parse_csv("a,b,c\n1,x,3\n", "d.csv", opt);
  CHECK(mid.feature_names == std::vector<std::string>{"a", "c"});
  CHECK(mid.x == std::vector<double>{1, 3});
  CHECK(mid.labels == std::vector<std::string>{"x"});
}

TEST_CASE("csv: CRLF line endings, BOM and a missing final newline", "[csv]") {
  auto ds = parse_csv("\xEF\xBB\xBF" "a,b,y\r\n1,2,p\r\n3,4,q", "d.csv", {});
  CHECK(ds.feature_names == std::vector<std::string>{"a", "b"});
  CHECK(ds.labels == std::vector<std::string>{"p", "q"});
  CHECK(ds.x == std::vector<double>{1, 2, 3, 4});
  CHECK(ds.row_line == std::vector<int>{2, 3});
  auto crlf_end = parse_csv("a,y\r\n1,p\r\n", "d.csv", {});
  CHECK(crlf_end.labels == std::vector<std::string>{"p"});
}

TEST_CASE("csv: quoted header names with escapes, unquoted names trimmed", "[csv]") {
  auto ds = parse_csv(" \"mean radius\" , \"say \"\"hi\"\"\",\"a,b\" ,  plain  \n1,2,3,L\n", "d.csv", {});
  CHECK(ds.feature_names == std::vector<std::string>{"mean radius", "say \"hi\"", "a,b"});
  CHECK(ds.label_name == "plain");
  CsvOptions opt;
  opt.label_column = "a,b";
  auto by_quoted = parse_csv("\"a,b\",c\nL,1\n", "d.csv", opt);
  CHECK(by_quoted.labels == std::vector<std::string>{"L"});
  CHECK(by_quoted.feature_names == std::vector<std::string>{"c"});
}

TEST_CASE("csv: labels are text, quoted or not; numbers may be quoted", "[csv]") {
  auto ds = parse_csv("x,label\n1,0\n2,\" two words \"\n\"3\",1.50\n4, \"a\"\"b\" \n", "d.csv", {});
  CHECK(ds.labels == std::vector<std::string>{"0", " two words ", "1.50", "a\"b"});
  CHECK(ds.x == std::vector<double>{1, 2, 3, 4});
}

TEST_CASE("csv: whitespace around fields", "[csv]") {
  auto ds = parse_csv("a , b,y\n  1 ,\t2\t, c \n", "d.csv", {});
  CHECK(ds.feature_names == std::vector<std::string>{"a", "b"});
  CHECK(ds.x == std::vector<double>{1, 2});
  CHECK(ds.labels == std::vector<std::string>{"c"});
}

TEST_CASE("csv: blank lines are skipped and row_line follows the source", "[csv]") {
  auto ds = parse_csv("\n\na,y\n\n1,p\n   \n\r\n2,q\n\n", "d.csv", {});
  CHECK(ds.n_rows == 2);
  CHECK(ds.row_line == std::vector<int>{5, 8});
  CHECK(ds.labels == std::vector<std::string>{"p", "q"});
}

TEST_CASE("csv: number forms", "[csv]") {
  auto ds = parse_csv("a,b,c,d,e,f,g,h,y\n+1,-0.5,.25,3.,1E-3,-2e+2,-.5,+.5,k\n", "d.csv", {});
  CHECK(ds.x == std::vector<double>{1, -0.5, 0.25, 3, 1e-3, -200, -0.5, 0.5});
  auto tiny = parse_csv("a,y\n1e-400,k\n4.9e-324,k\n", "d.csv", {});
  CHECK(tiny.x[0] == 0.0);  // below the smallest double: the nearest double
  CHECK(tiny.x[1] == 4.9e-324);
}

TEST_CASE("csv: numbers read back exactly (correct rounding)", "[csv]") {
  std::mt19937_64 rng(7);
  std::string text = "v,y\n";
  std::vector<double> want;
  while (want.size() < 20000) {
    uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (!std::isfinite(d)) continue;
    want.push_back(d);
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    text.append(buf, r.ptr);
    text += ",c\n";
  }
  auto ds = parse_csv(text, "d.csv", {});
  REQUIRE(ds.x.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i)
    if (ds.x[i] != want[i]) FAIL("row " << i << " read back differently");
}

TEST_CASE("csv: read_csv reads a file and names it in the dataset", "[csv]") {
  auto dir = hvtest::scratch("csv_read");
  hvtest::write(dir / "d.csv", "a,y\n1,p\n");
  auto ds = hv::read_csv(dir / "d.csv", {});
  CHECK(ds.source == (dir / "d.csv").string());
  CHECK(ds.labels == std::vector<std::string>{"p"});
}

TEST_CASE("csv: a large file parses in one pass", "[csv][perf]") {
  std::string text = "f0,f1,f2,f3,f4,f5,f6,f7,class\n";
  const size_t rows = 200000;
  for (size_t r = 0; r < rows; ++r) {
    for (int c = 0; c < 8; ++c) text += std::to_string(static_cast<double>((r * 31 + c * 7) % 1000) / 7.0) + ",";
    text += (r % 3 == 0) ? "setosa\n" : "virginica\n";
  }
  auto ds = parse_csv(text, "big.csv", {});
  CHECK(ds.n_rows == rows);
  CHECK(ds.x.size() == rows * 8);
  CHECK(ds.row_line.back() == static_cast<int>(rows) + 1);
}

TEST_CASE("csv: an optional label column that is absent makes every column a feature", "[csv]") {
  hv::CsvOptions opt;
  opt.label_column = "target";
  opt.label_optional = true;
  auto ds = hv::parse_csv("a,b\n1,2\n3,4\n", "f.csv", opt);
  CHECK(ds.feature_names == std::vector<std::string>{"a", "b"});
  CHECK(ds.labels.empty());
  CHECK(ds.n_rows == 2);
  auto with = hv::parse_csv("a,target,b\n1,x,2\n", "f.csv", opt);
  CHECK(with.label_name == "target");
  CHECK(with.labels == std::vector<std::string>{"x"});
}

// Message helpers: values are quoted and escaped; long values are cut, file paths never are.
#include <catch2/catch.hpp>

#include "support/diagnostics.hpp"

TEST_CASE("quote escapes and cuts values, never paths", "[diagnostics]") {
  CHECK(hv::quote("abc") == "'abc'");
  CHECK(hv::quote("a'b\\c\n") == "'a\\'b\\\\c\\x0a'");
  std::string longv(100, 'x');
  CHECK(hv::quote(longv) == "'" + std::string(40, 'x') + "...'");
  std::string path = "/very/long/path/" + std::string(80, 'p') + "/file.csv";
  CHECK(hv::quote_path(path) == "'" + path + "'");
  CHECK(hv::format_location({"f.csv", 3, 7}) == "f.csv:3:7");
  CHECK(hv::format_location({"f.csv", 3, 0}) == "f.csv:3");
  CHECK(hv::format_location({"f.csv", 0, 0}) == "f.csv");
}

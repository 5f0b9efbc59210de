// Deep models through both backends: 3- and 4-layer networks (shattered and deep Lasso) compile
// and pass verify with 0 mismatches in Verilator and in C.
#include <catch2/catch.hpp>

#include "support/cli.hpp"

TEST_CASE("3- and 4-layer models pass verify", "[e2e][deep]") {
  const std::string iris = hvtest::source("examples/iris/iris.csv").string();
  const std::string wine = hvtest::source("examples/wine/wine.csv").string();
  struct Case {
    std::string data, args;
  };
  for (const Case& c : {Case{iris, "--method shattered --depth 3"}, Case{iris, "--method shattered --depth 4"},
                        Case{wine, "--method deep-lasso --depth 4 --width 8"}}) {
    INFO(c.args);
    auto dir = hvtest::scratch("deep_verify");
    auto t = hvtest::heaviside("train " + c.data + " -o " + (dir / "m.hnet").string() + " " + c.args);
    INFO(t.out);
    REQUIRE(t.code == 0);
    auto v = hvtest::heaviside("verify " + (dir / "m.hnet").string() + " --data " + c.data + " --random 3000 --work " +
                               (dir / "work").string());
    INFO(v.out);
    CHECK(v.code == 0);
    CHECK(v.out.find("0 mismatches") != std::string::npos);
  }
}

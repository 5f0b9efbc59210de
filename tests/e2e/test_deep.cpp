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

TEST_CASE("shattered trains the bundled datasets that need wider directions", "[e2e][deep]") {
  // pima (8-bit directions once they read every input) and vowel (9-bit) used to be refused with
  // "no integer direction of 8-bit weights separates every pair of distinct training rows".
  for (const char* name : {"pimaindiansdiabetes", "vowel"}) {
    INFO(name);
    const std::string data = hvtest::source(std::string("examples/") + name + "/" + name + ".csv").string();
    auto dir = hvtest::scratch("deep_shatter_wide");
    auto t = hvtest::heaviside("train " + data + " -o " + (dir / "m.hnet").string() + " --method shattered");
    INFO(t.out);
    REQUIRE(t.code == 0);
    CHECK(t.out.find("integer train 100.00%") != std::string::npos);
    CHECK(t.out.find("patterns:   0 of") != std::string::npos);
  }
}

TEST_CASE("train --time-limit keeps the network and prints its certificate", "[e2e]") {
  const std::string data = hvtest::source("examples/breast_cancer/breast_cancer.csv").string();
  auto dir = hvtest::scratch("time_limit");
  for (const char* method : {"--method lasso", "--method deep-lasso --depth 3"}) {
    INFO(method);
    auto t = hvtest::heaviside("train " + data + " -o " + (dir / "m.hnet").string() + " " + method +
                               " --beta-rel 0.01 --tol 1e-12 --directions 300 --time-limit 1e-9");
    INFO(t.out);
    REQUIRE(t.code == 0);
    CHECK(t.out.find(", stopped at the time limit\n") != std::string::npos);
    CHECK(t.out.find("time limit: stopped at the 1e-09 s limit before the gap reached 1e-12 of P(0); the network is "
                     "kept, certified within ") != std::string::npos);
    auto v = hvtest::heaviside("verify " + (dir / "m.hnet").string() + " --data " + data + " --target c --work " +
                               (dir / "work").string());
    INFO(v.out);
    CHECK(v.code == 0);
  }
}

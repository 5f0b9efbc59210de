// The cost model against Yosys (issue 11, item 4): a small network trained with --max-luts is
// synthesized by `heaviside report` (synth_xilinx); the synthesized LUTs respect the budget and
// the trainer's printed estimate is within the model's stated relative error of them.
#include <catch2/catch.hpp>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/cli.hpp"
#include "train/cost_model.hpp"

namespace fs = std::filesystem;

TEST_CASE("cost model: --max-luts holds after synthesis and the estimate is within its error", "[e2e][cost]") {
  fs::path dir = hvtest::scratch("cost_model");
  const std::string data = hvtest::source("examples/iris/iris.csv").string();
  const std::string model = (dir / "iris.hnet").string();
  const double budget = 120;
  auto t = hvtest::heaviside("train " + data + " --dictionary sparse --fan-in 2 --weight-bits 3 --max-luts 120 -o " +
                             model);
  INFO(t.out);
  REQUIRE(t.code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(t.out, m, std::regex("estimated (\\d+) xc7 LUTs")));
  const double est = std::stod(m[1]);
  CHECK(est <= budget);
  auto r = hvtest::heaviside("report " + model + " --no-pnr --work " + (dir / "w").string() + " --json " +
                             (dir / "r.json").string());
  INFO(r.out);
  REQUIRE(r.code == 0);
  const nlohmann::json js = nlohmann::json::parse(hvtest::slurp(dir / "r.json"));
  const double luts = js.at("xilinx").at("lut").get<double>();
  CHECK(luts <= budget);
  CHECK(luts > 0);
  CHECK(std::abs(est - luts) <= hv::kCostModelRelError * luts);
}

TEST_CASE("cost model: a comparator network under --max-luts, priced by its own regime", "[e2e][cost][comparators]") {
  fs::path dir = hvtest::scratch("cost_model_cmp");
  const std::string data = hvtest::source("examples/breast_cancer/breast_cancer.csv").string();
  const std::string model = (dir / "bc.hnet").string();
  const double budget = 20;
  auto t = hvtest::heaviside("train " + data + " --dictionary comparators --max-luts 20 -o " + model);
  INFO(t.out);
  REQUIRE(t.code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(t.out, m, std::regex("estimated (\\d+) xc7 LUTs")));
  const double est = std::stod(m[1]);
  CHECK(est <= budget);
  auto r = hvtest::heaviside("report " + model + " --no-pnr --work " + (dir / "w").string() + " --json " +
                             (dir / "r.json").string());
  INFO(r.out);
  REQUIRE(r.code == 0);
  const nlohmann::json js = nlohmann::json::parse(hvtest::slurp(dir / "r.json"));
  const double luts = js.at("xilinx").at("lut").get<double>();
  CHECK(luts <= budget);
  CHECK(luts > 0);
  CHECK(std::abs(est - luts) <= hv::kComparatorCostRelError * luts);
}

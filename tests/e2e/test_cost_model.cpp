// The cost model against Yosys (issue 11, item 4): a small network trained with --max-luts is
// synthesized by `heaviside report` (synth_xilinx); the synthesized LUTs respect the budget and
// the trainer's printed estimate is within the model's stated relative error of them.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/cli.hpp"
#include "train/cost_model.hpp"

namespace fs = std::filesystem;

// Trains `data` with `options` under --max-luts `budget`, synthesizes the model, and checks that
// the printed estimate and the synthesized LUT count both keep the budget and agree within `rel_error`.
static void check_budget(const std::string& name, const std::string& data, const std::string& options, double budget,
                         double rel_error) {
  fs::path dir = hvtest::scratch(name);
  const std::string model = (dir / (name + ".hnet")).string();
  auto t = hvtest::heaviside("train " + data + " " + options + " --max-luts " + fmt::format("{}", budget) + " -o " +
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
  CHECK(std::abs(est - luts) <= rel_error * luts);
}

TEST_CASE("cost model: --max-luts holds after synthesis and the estimate is within its error", "[e2e][cost]") {
  check_budget("cost_model", hvtest::source("examples/iris/iris.csv").string(),
               "--dictionary sparse --fan-in 2 --weight-bits 3", 120, hv::kCostModelRelError);
}

TEST_CASE("cost model: a comparator network under --max-luts, priced by its own regime", "[e2e][cost][comparators]") {
  check_budget("cost_model_cmp", hvtest::source("examples/breast_cancer/breast_cancer.csv").string(),
               "--dictionary comparators", 20, hv::kComparatorCostRelError);
}

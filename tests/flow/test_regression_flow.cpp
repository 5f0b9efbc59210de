// A regressor through the whole flow (issue 14): trained on the bundled diabetes data, compiled
// to C and Verilog, and both verified bit for bit against the reference on every vector (data
// rows, boundary vectors, random vectors): the C's predict returns score 0, the Verilog has the
// scores port whatever the options say.
#include <catch2/catch.hpp>

#include "flow/flow.hpp"
#include "support/cli.hpp"

namespace fs = std::filesystem;
using namespace hv;

namespace {
const std::string kDiabetes = hvtest::source("examples/diabetes/diabetes.csv").string();

flow::TrainResult small_regressor() {
  flow::TrainTest tt = flow::load_train_test({kDiabetes}, std::nullopt, 0.25, 1, true);
  flow::TrainSettings s;
  s.task = Task::regression;
  s.name = "diabetes";
  s.convex.dict.directions = 200;
  s.convex.max_neurons = 12;
  return flow::train(tt.train, tt.test, s);
}
}  // namespace

TEST_CASE("regression flow: the C and the Verilog of a regressor verify with 0 mismatches", "[flow][regression]") {
  fs::path dir = hvtest::scratch("regression_flow_verify");
  flow::TrainResult r = small_regressor();
  REQUIRE(r.net.regression());
  CHECK(r.regression.int_test.r2 > 0.3);  // diabetes: linear models reach about 0.45
  flow::VerifyOptions vo;
  vo.target = flow::Target::all;
  vo.random = 300;
  vo.work = dir / "work";
  vo.data_rows = flow::load_model_data(r.net, {kDiabetes}).q;
  flow::VerifyResult v = flow::verify(r.net, vo);
  INFO(flow::verify_summary(v));
  CHECK(v.pass);
  REQUIRE(v.targets.size() == 2);
  for (const auto& t : v.targets) {
    CHECK(t.ran);
    CHECK(t.mismatches == 0);
    CHECK(t.vectors == v.vectors);
  }
}

TEST_CASE("regression flow: the generated C and Verilog speak of scores and targets", "[flow][regression]") {
  flow::TrainResult r = small_regressor();
  flow::CompileOptions co;
  co.target = flow::Target::all;
  flow::Compiled c = flow::compile(r.net, co);
  std::string header, verilog;
  for (const auto& f : c.files) {
    if (f.name.ends_with(".h")) header = f.text;
    if (f.name.ends_with(".v")) verilog = f.text;
  }
  CHECK(header.find("Threshold-network regressor \"diabetes\"") != std::string::npos);
  CHECK(header.find("#define DIABETES_N_TARGETS 1") != std::string::npos);
  CHECK(header.find("#define DIABETES_TARGET_OFFSET_0 ") != std::string::npos);
  CHECK(header.find("#define DIABETES_TARGET_STEP_0 ") != std::string::npos);
  CHECK(header.find("N_CLASSES") == std::string::npos);
  CHECK(header.find("diabetes_predict(const uint8_t q[DIABETES_N_INPUTS]);") != std::string::npos);
  CHECK(header.find("int diabetes_predict") == std::string::npos);  // the score type, not a class index
  CHECK(verilog.find("out_scores") != std::string::npos);
}

TEST_CASE("regression CLI: train --task regression, predict prints y, errors", "[flow][regression]") {
  fs::path dir = hvtest::scratch("regression_cli");
  const std::string model = (dir / "d.hnet").string();
  auto r = hvtest::heaviside("train " + kDiabetes + " --task regression --max-neurons 6 --directions 200 -o " + model);
  INFO(r.out);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("regression of 'progression'") != std::string::npos);
  CHECK(r.out.find("            integer train RMSE ") != std::string::npos);
  CHECK(r.out.find("duality gap") != std::string::npos);
  const std::string text = hvtest::slurp(model);
  CHECK(text.find("\ntask regression\ntarget \"progression\" offset ") != std::string::npos);
  CHECK(text.find("provenance \"error\" \"train_rmse=") != std::string::npos);
  auto p = hvtest::heaviside("predict " + model + " " + kDiabetes);
  REQUIRE(p.code == 0);
  CHECK(p.out.starts_with("line,predicted,progression\n2,"));
  CHECK(p.out.find("RMSE ") != std::string::npos);
  // A label that is not a number, and a regression method that does not exist.
  hvtest::write(dir / "bad.csv", "x,y\n1,2\n2,n/a\n3,4\n");
  const std::string bad = (dir / "bad.csv").string();
  hvtest::expect_error("train " + bad + " --task regression -o " + (dir / "b.hnet").string(),
                       bad + ":3: error: the target 'y' is 'n/a', not a finite number; a regressor predicts numbers "
                             "(class labels train a classifier)");
  CHECK_FALSE(fs::exists(dir / "b.hnet"));
  hvtest::expect_error("train " + kDiabetes + " --task regression --method shattered -o " + (dir / "s.hnet").string(),
                       "error: a regressor is trained by the lasso method (two layers), not shattered");
}

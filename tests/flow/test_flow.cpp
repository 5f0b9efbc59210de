// The library flow API (compiler/flow/) called as a program would call it: loading with its
// errors, every training method behind one call, compile's texts equal to what the backends
// write, verify's structured result, and the JSON forms.
#include <catch2/catch.hpp>

#include "backends/c/emit_c.hpp"
#include "backends/verilog/emit_verilog.hpp"
#include "flow/flow.hpp"
#include "support/cli.hpp"
#include "support/diagnostics.hpp"

namespace fs = std::filesystem;
using namespace hv;

namespace {
const std::string kIris = hvtest::source("examples/iris/iris.csv").string();

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.what();
  }
  return "(no error)";
}

flow::TrainSettings small() {
  flow::TrainSettings s;
  s.convex.dict.directions = 200;
  s.ste.iterations = 50;
  return s;
}
}  // namespace

TEST_CASE("flow load: a label only in the test file is an error at its line", "[flow]") {
  fs::path dir = hvtest::scratch("flow_test_label");
  hvtest::write(dir / "train.csv", "a,b,y\n0,0,p\n1,1,p\n1,0,n\n0,1,n\n");
  hvtest::write(dir / "test.csv", "a,b,y\n0,0,p\n\n1,1,q\n");
  const std::string test = (dir / "test.csv").string();
  CHECK(error_of([&] { flow::load_train_test({(dir / "train.csv").string()}, flow::DataFile{test}, 0.25, 1); }) ==
        test + ":4: error: the label 'q' occurs in the test data but never in the training data '" +
            (dir / "train.csv").string() + "' (a class needs training rows)");
}

TEST_CASE("flow load: a model's data file may have columns the model does not read", "[flow]") {
  fs::path dir = hvtest::scratch("flow_model_data");
  flow::TrainTest tt = flow::load_train_test({kIris}, std::nullopt, 0.25, 1);
  flow::TrainResult r = flow::train(tt.train, tt.test, small());
  // Text in an unused column, the inputs in another order, the label first.
  std::string text = "species,comment,";
  for (auto it = r.net.inputs.rbegin(); it != r.net.inputs.rend(); ++it) text += "\"" + it->name + "\",";
  text.pop_back();
  text += "\nsetosa,not a number,0.2,1.4,3.5,5.1\n";
  hvtest::write(dir / "extra.csv", text);
  flow::ModelData md = flow::load_model_data(r.net, {(dir / "extra.csv").string()});
  REQUIRE(md.q.size() == 1);
  CHECK(md.has_labels);
  CHECK(md.data.feature_names.front() == r.net.inputs.front().name);
  CHECK(md.data.at(0, 0) == 5.1);
}

TEST_CASE("flow train: every method behind one call", "[flow]") {
  flow::TrainTest tt = flow::load_train_test({kIris}, std::nullopt, 0.25, 1);
  for (auto [name, method] : flow::method_names()) {
    INFO(name);
    flow::TrainSettings s = small();
    s.method = method;
    flow::TrainResult r = flow::train(tt.train, tt.test, s);
    CHECK(r.method == method);
    CHECK(r.n_train == tt.train.n_rows);
    CHECK(r.n_classes == 3);
    CHECK(!r.net.hidden.empty());
    CHECK(r.int_acc.train > r.chance);
    CHECK(r.warnings.empty());
    CHECK(flow::train_summary(r, s, kIris).find("accuracy:") != std::string::npos);
    nlohmann::json j = flow::to_json(r, s, kIris);
    CHECK(j["method"] == name);
    CHECK(j["classes"].size() == 3);
  }
}

TEST_CASE("flow train: settings outside their meaning are refused without naming a flag", "[flow]") {
  flow::TrainTest tt = flow::load_train_test({kIris}, std::nullopt, 0.25, 1);
  flow::TrainSettings s = small();
  s.width = 0;
  CHECK(error_of([&] { flow::train(tt.train, tt.test, s); }) ==
        "error: a hidden width of 0 neurons leaves nothing to train; give at least 1");
  s = small();
  s.name = "9lives";
  CHECK(error_of([&] { flow::train(tt.train, tt.test, s); }) ==
        "error: the model name '9lives' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
}

TEST_CASE("flow train: the summary says what the certificate is relative to", "[flow]") {
  fs::path dir = hvtest::scratch("flow_summary");
  hvtest::write(dir / "xy.csv", "a,b,y\n0,0,p\n1,3,p\n2,1,n\n3,2,n\n0,3,p\n3,0,n\n1,1,p\n2,2,n\n");
  flow::TrainTest tt = flow::load_train_test({(dir / "xy.csv").string()}, std::nullopt, 0, 1);
  REQUIRE(tt.test.n_rows == 0);
  flow::TrainSettings s = small();
  s.dictionary = flow::DictionaryKind::exact;
  flow::TrainResult r = flow::train(tt.train, tt.test, s);
  std::string text = flow::train_summary(r, s, "xy.csv");
  INFO(text);
  CHECK(text.find("of the objective (") != std::string::npos);
  CHECK(text.find("of P(0), the loss with no neurons)") != std::string::npos);
  CHECK(text.find("on the quantized inputs") != std::string::npos);
  CHECK(text.find("test 0.00%") == std::string::npos);
  CHECK(text.find("(no test rows)") != std::string::npos);
  CHECK(flow::to_json(r, s, "xy.csv")["accuracy"]["integer"]["test"].is_null());
}

TEST_CASE("flow train: accuracy at or below chance is a warning", "[flow]") {
  // Labels independent of the single input: nothing beats the majority class.
  fs::path dir = hvtest::scratch("flow_chance");
  hvtest::write(dir / "noise.csv", "a,y\n0,p\n0,n\n1,p\n1,n\n2,p\n2,n\n3,p\n3,n\n");
  flow::TrainTest tt = flow::load_train_test({(dir / "noise.csv").string()}, std::nullopt, 0, 1);
  flow::TrainSettings s = small();
  flow::TrainResult r = flow::train(tt.train, tt.test, s);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("at or below chance (50.00%") != std::string::npos);
  CHECK(flow::train_summary(r, s, "noise.csv").find("WARNING:") != std::string::npos);
}

TEST_CASE("flow compile: one plan per backend, texts equal to what the backends write", "[flow]") {
  fs::path dir = hvtest::scratch("flow_compile");
  flow::TrainTest tt = flow::load_train_test({kIris}, std::nullopt, 0.25, 1);
  flow::TrainSettings s = small();
  s.name = "iris";
  flow::TrainResult r = flow::train(tt.train, tt.test, s);
  flow::CompileOptions co;
  co.run_passes = false;
  flow::Compiled c = flow::compile(r.net, co);
  REQUIRE(c.files.size() == 3);
  CHECK(c.verilog_file == "iris.v");
  CHECK(c.c_header == "iris.h");
  auto written = flow::write_outputs(c, dir / "a");
  CHECK(written.size() == 3);
  emit_verilog(r.net, dir / "b", co.verilog);
  emit_c(r.net, dir / "b", co.c);
  for (const auto& f : c.files) CHECK(hvtest::slurp(dir / "a" / f.name) == hvtest::slurp(dir / "b" / f.name));
  co.dump_after = "nothing";
  CHECK(error_of([&] { flow::compile(r.net, co); }) == "error: there is no pass named 'nothing' to dump the model after");
  co.dump_after.clear();
  co.target = flow::Target::c;
  CHECK(flow::compile(r.net, co).files.size() == 2);
}

TEST_CASE("flow verify: a structured result per target", "[flow]") {
  fs::path dir = hvtest::scratch("flow_verify");
  flow::TrainTest tt = flow::load_train_test({kIris}, std::nullopt, 0.25, 1);
  flow::TrainResult r = flow::train(tt.train, tt.test, small());
  flow::VerifyOptions vo;
  vo.target = flow::Target::c;
  vo.random = 300;
  vo.work = dir / "work";
  vo.data_rows = flow::load_model_data(r.net, {kIris}).q;
  flow::VerifyResult v = flow::verify(r.net, vo);
  CHECK(v.pass);
  REQUIRE(v.targets.size() == 1);
  CHECK(v.targets[0].ran);
  CHECK(v.targets[0].mismatches == 0);
  CHECK(v.targets[0].vectors == v.vectors);
  CHECK(v.tie_vectors > 0);  // one vector per covered decision boundary
  CHECK(v.vectors == 150 + v.tie_vectors + 300);
  nlohmann::json j = flow::to_json(v);
  CHECK(j["pass"] == true);
  CHECK(j["targets"][0]["mismatches"] == 0);
  vo.data_rows.clear();
  vo.random = 0;
  CHECK(error_of([&] { flow::verify(r.net, vo); }) == "error: nothing to verify: no data rows and no random vectors");
}

TEST_CASE("flow provenance: recorded by train, printed, parsed back; files without it parse", "[flow]") {
  flow::TrainTest tt = flow::load_train_test({kIris}, std::nullopt, 0.25, 1);
  flow::TrainSettings s = small();
  flow::TrainResult r = flow::train(tt.train, tt.test, s);
  const std::string bare = flow::model_text(r.net);
  CHECK(bare.find("provenance") == std::string::npos);
  r.net.provenance = flow::provenance(r, s, {kIris}, std::nullopt);
  r.net.provenance.emplace_back("odd \"key\"\n", "tab\there \\ back");
  const std::string text = flow::model_text(r.net);
  CHECK(text.find("provenance \"heaviside_version\" \"0.1.0\"\n") != std::string::npos);
  CHECK(text.find("provenance \"data_fnv1a64\" \"" + flow::file_fingerprint(kIris) + "\"\n") != std::string::npos);
  CHECK(text.find("provenance \"options\" \"method=lasso seed=1 ") != std::string::npos);
  CHECK(text.find("directions=200") != std::string::npos);
  CHECK(flow::parse_model(text, "p.hnet") == r.net);
  hv::Network old = flow::parse_model(bare, "old.hnet");
  CHECK(old.provenance.empty());
  // Metadata only: the generated code does not change.
  flow::CompileOptions co;
  co.run_passes = false;
  auto a = flow::compile(r.net, co), b = flow::compile(old, co);
  for (size_t i = 0; i < a.files.size(); ++i) CHECK(a.files[i].text == b.files[i].text);
}

// Every user-facing error of the CLI itself: exact message, exit code 1, and no output file left
// behind. (Parser messages have their own exact-text tests in test_csv_errors / test_hnet_errors.)
#include <catch2/catch.hpp>

#include "support/cli.hpp"

namespace fs = std::filesystem;

namespace {
using hvtest::expect_error;
const std::string kData = hvtest::source("examples/iris/iris.csv").string();

}  // namespace

TEST_CASE("cli: commands and options", "[errors][cli]") {
  auto none = hvtest::heaviside("");
  CHECK(none.code == 1);
  CHECK(none.out.find("usage: heaviside <command>") != std::string::npos);
  expect_error("frobnicate", "error: unknown command 'frobnicate' (commands: train, compile, verify, predict, report)");
  expect_error("train " + kData + " --bogus 3", "error: unknown option '--bogus' for 'heaviside train' (see --help)");
  expect_error("train", "error: 'heaviside train' needs <data>; usage: heaviside train <data> [options]");
  expect_error("train a.csv b.csv",
               "error: 'heaviside train' got an unexpected argument 'b.csv'; usage: heaviside train <data> [options]");
  expect_error("train " + kData + " --beta abc", "error: option --beta expects a number, found 'abc'");
  expect_error("train " + kData + " --beta -2", "error: option --beta must be positive");
  expect_error("train " + kData + " --input-bits 40", "error: option --input-bits is 40, expected 1..16");
  expect_error("train " + kData + " --directions", "error: option --directions of 'heaviside train' needs a value");
  expect_error("train " + kData + " --verbose=1", "error: option --verbose of 'heaviside train' takes no value");
  expect_error("train " + kData + " --name 9lives", "error: option --name '9lives' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  expect_error("train " + kData + " --test-fraction 1", "error: option --test-fraction must be in [0, 1)");
  expect_error("train /nonexistent/x.csv", "error: cannot open '/nonexistent/x.csv' for reading: No such file or directory");
  expect_error("train " + kData + " --dictionary random", "error: option --dictionary is 'random', expected gaussian, sparse, exact or comparators");
  expect_error("train " + kData + " --cost area", "error: option --cost is 'area', expected uniform or fan-in");
  // Budgets and the refit (issue 11; issue 13: --max-neurons 0 used to be ignored).
  expect_error("train " + kData + " --max-neurons 0", "error: option --max-neurons is 0, expected 1..1000000");
  expect_error("train " + kData + " --max-luts 0", "error: option --max-luts must be at least 1");
  expect_error("train " + kData + " --refit lasso", "error: option --refit is 'lasso', expected auto, ridge or none");
  expect_error("train " + kData + " --colgen-pricing best",
               "error: option --colgen-pricing is 'best', expected classifier or random");
  expect_error("train " + kData + " --loss hinge", "error: option --loss is 'hinge', expected squared or logistic");
  expect_error("train " + kData + " --dictionary exact",
               kData + ": error: exact enumeration needs at most 2 input features, found 4 (the gaussian and sparse dictionaries have no such limit)");
  expect_error("train " + kData + " --method magic", "error: option --method is 'magic', expected lasso, shattered, deep-lasso, ste-identity, ste-relu, ste-lrelu or ste-crelu");
  expect_error("train " + kData + " --method shattered --shatter zigzag", "error: option --shatter is 'zigzag', expected sorted or random");
  expect_error("train " + kData + " --method shattered --realize qr", "error: option --realize is 'qr', expected pi or svm");
  expect_error("train " + kData + " --depth 3",
               "error: the lasso method trains two-layer networks (depth 2); depth 3 needs the shattered or deep-lasso method");
  expect_error("train " + kData + " --method shattered --depth 2", kData + ": error: the shattered formulation needs a depth of 3 layers or more");
  expect_error("train " + kData + " --method deep-lasso --depth 2", kData + ": error: the deep Lasso needs a depth of 3 layers or more");
  expect_error("train " + kData + " --method shattered --shatter random --depth 4",
               kData + ": error: random shattering supports depth 3 only (deeper layers re-shatter the sorted construction)");
  const std::string bc = hvtest::source("examples/breast_cancer/breast_cancer.csv").string();
  expect_error("train " + bc + " --method shattered --loss logistic", "error: the logistic loss is for the lasso method only");
  expect_error("train " + bc + " --dictionary comparators --colgen",
               "error: column generation adds nothing to the comparator dictionary: it already holds every neuron of "
               "fan-in 1 (the columns it would add are not comparators)");
  expect_error("train " + kData + " --time-limit 0", "error: option --time-limit must be a positive number of seconds");
  expect_error("train " + kData + " --time-limit -5", "error: option --time-limit must be a positive number of seconds");
  expect_error("train " + kData + " --time-limit soon", "error: option --time-limit expects a number, found 'soon'");
  expect_error("compile m.hnet --target vhdl", "error: option --target is 'vhdl', expected verilog, c or all");
  expect_error("compile m.hnet --dump-after nothing", "error: option --dump-after: no pass named 'nothing'");
  expect_error("compile m.hnet --skip-pass nothing", "error: option --skip-pass: no pass named 'nothing'");
  expect_error("compile m.hnet --axis-packet 4", "error: option --axis-packet needs --axis");
  expect_error("compile m.hnet --share-trees maybe", "error: option --share-trees is 'maybe', expected on or off");
  expect_error("verify m.hnet --target gpu", "error: option --target is 'gpu', expected verilog, c or all");
  for (const char* cmd : {"train", "compile", "verify", "predict"}) {
    auto h = hvtest::heaviside(std::string(cmd) + " --help");
    CHECK(h.code == 0);
    CHECK(h.out.find(std::string("usage: heaviside ") + cmd) != std::string::npos);
  }
}

TEST_CASE("cli: bad input leaves no output behind", "[errors][cli]") {
  fs::path dir = hvtest::scratch("cli_bad_input");
  hvtest::write(dir / "bad.csv", "a,b,label\n1,2,x\n3,oops,y\n");
  auto r = hvtest::heaviside("train " + (dir / "bad.csv").string() + " -o " + (dir / "m.hnet").string());
  INFO(r.out);
  CHECK(r.code == 1);
  CHECK(r.out.rfind((dir / "bad.csv").string() + ":3:3: error: ", 0) == 0);
  CHECK(!fs::exists(dir / "m.hnet"));

  hvtest::write(dir / "one.csv", "a,b,label\n1,2,x\n3,4,x\n5,6,x\n");
  r = hvtest::heaviside("train " + (dir / "one.csv").string() + " -o " + (dir / "m.hnet").string());
  CHECK(r.code == 1);
  CHECK(r.out == (dir / "one.csv").string() + ": error: the label column 'label' has a single class 'x'; at least 2 are needed\n");
  CHECK(!fs::exists(dir / "m.hnet"));

  hvtest::write(dir / "bad.hnet", "heaviside-model 1\nname x\nlabel \"y\"\nclasses \"a\" \"b\"\ninput_bits 99\n");
  r = hvtest::heaviside("compile " + (dir / "bad.hnet").string() + " -o " + (dir / "out").string());
  INFO(r.out);
  CHECK(r.code == 1);
  CHECK(r.out.rfind((dir / "bad.hnet").string() + ":", 0) == 0);
  CHECK(r.out.find(": error: ") != std::string::npos);
  CHECK(!fs::exists(dir / "out"));

  r = hvtest::heaviside("verify " + (dir / "bad.hnet").string() + " --dir " + (dir / "nothing").string());
  CHECK(r.code == 1);
  CHECK(!fs::exists(dir / "nothing"));
}

TEST_CASE("cli: a shattering direction of a given width that cannot separate the rows", "[errors][cli]") {
  // 2-bit weights are +-1: on the corners of a square every such direction merges two corners.
  fs::path dir = hvtest::scratch("cli_shatter_width");
  hvtest::write(dir / "square.csv", "a,b,y\n0,0,p\n1,1,p\n1,0,n\n0,1,n\n");
  const std::string data = (dir / "square.csv").string();
  expect_error("train " + data + " --test-fraction 0 --method shattered --weight-bits 2 -o " + (dir / "m.hnet").string(),
               data + ": error: no integer direction of 2-bit weights separates every pair of distinct training rows; "
                      "allow wider first-layer weights, or leave the weight bits unset to let the shattering direction widen up to 32 bits");
  CHECK(!fs::exists(dir / "m.hnet"));
  auto ok = hvtest::heaviside("train " + data + " --test-fraction 0 --method shattered -o " + (dir / "m.hnet").string());
  INFO(ok.out);
  CHECK(ok.code == 0);
  CHECK(ok.out.find("one direction of 8-bit weights") != std::string::npos);
}

TEST_CASE("cli: verify needs generated files when --dir is given", "[errors][cli]") {
  fs::path dir = hvtest::scratch("cli_verify_dir");
  auto t = hvtest::heaviside("train " + kData + " -o " + (dir / "iris.hnet").string() + " --directions 200");
  REQUIRE(t.code == 0);
  fs::path empty = dir / "empty";
  fs::create_directories(empty);
  expect_error("verify " + (dir / "iris.hnet").string() + " --dir " + empty.string(),
               "error: '" + (empty / "iris.v").string() + "' does not exist (compile the model into that directory first)");
  expect_error("verify " + (dir / "iris.hnet").string() + " --random 0",
               "error: nothing to verify: give --data or --random > 0");
}

TEST_CASE("cli: a model named after a keyword compiles and verifies under its legal names", "[cli]") {
  fs::path dir = hvtest::scratch("cli_keyword");
  auto t = hvtest::heaviside("train " + kData + " -o " + (dir / "m.hnet").string() + " --name module --directions 200");
  REQUIRE(t.code == 0);
  auto c = hvtest::heaviside("compile " + (dir / "m.hnet").string() + " -o " + (dir / "out").string());
  INFO(c.out);
  REQUIRE(c.code == 0);
  CHECK(fs::exists(dir / "out" / "hv_module.v"));
  auto v = hvtest::heaviside("verify " + (dir / "m.hnet").string() + " --dir " + (dir / "out").string() +
                             " --random 500");
  INFO(v.out);
  CHECK(v.code == 0);
}

TEST_CASE("cli: bad C layer 0 methods are user errors and leave no output", "[errors][cli]") {
  fs::path dir = hvtest::scratch("cli_c_layer0");
  auto t = hvtest::heaviside("train " + kData + " -o " + (dir / "iris.hnet").string() + " --directions 200");
  REQUIRE(t.code == 0);
  const std::string compile = "compile " + (dir / "iris.hnet").string() + " -o " + (dir / "out").string();
  expect_error(compile + " --c-layer0 csr",
               "error: C layer 0 method is 'csr', expected auto, dense, unrolled, sparse or signs");
  expect_error(compile + " --c-layout keil", "error: C layout is 'keil', expected flat, arduino or platformio");
  // 8-bit Gaussian weights are not ternary.
  auto r = hvtest::heaviside(compile + " --c-layer0 signs");
  INFO(r.out);
  CHECK(r.code == 1);
  CHECK(r.out.rfind("error: C layer 0 method signs needs every weight of hidden layer 0 in {-1, 0, 1}, found ", 0) == 0);
  CHECK(r.out.find(" (use sparse)\n") != std::string::npos);
  CHECK(!fs::exists(dir / "out"));
  auto ok = hvtest::heaviside(compile + " --target c --c-layer0 sparse");
  INFO(ok.out);
  CHECK(ok.code == 0);
  CHECK(hvtest::slurp(dir / "out" / "iris.c").find("stored as sparse, (input, weight) lists") != std::string::npos);
}

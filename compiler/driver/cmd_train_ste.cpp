// `heaviside train --method ste-<surrogate>`: the non-convex baselines of PAPER.md section 4
// (straight-through estimators), ending in the same integer IR and model file as the convex
// trainer, so that `compile` and `verify` accept them. cmd_train hands over when --method starts
// with "ste-"; the report mirrors the convex trainer's, with the objective both share.
#include <cstdio>

#include "args.hpp"
#include "commands.hpp"
#include "ir/print.hpp"
#include "ir/verify.hpp"
#include "passes/pipeline.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"
#include "train/split.hpp"
#include "train/ste.hpp"

namespace hv {

namespace {
const std::vector<OptionSpec> kSpec = {
    {"method", true, "ste-identity, ste-relu, ste-lrelu (0.01) or ste-crelu: the backward surrogate"},
    {"output", true, "model file to write (default: <data stem>.hnet); also -o"},
    {"label", true, "name of the label column (default: the last column)"},
    {"test", true, "CSV file used as the test set (default: a split of the data)"},
    {"test-fraction", true, "fraction of each class held out for testing (default 0.25)"},
    {"name", true, "model name, used for generated modules and files (default: from --output)"},
    {"depth", true, "layers: 2 (one hidden threshold layer) or 3 (two) (default 2)"},
    {"width", true, "neurons per hidden layer (default 64)"},
    {"iterations", true, "full-batch gradient steps (default 2000)"},
    {"lr", true, "learning rate, halved on plateau (default 0.01)"},
    {"patience", true, "steps without progress before the learning rate is halved (default 100)"},
    {"beta", true, "weight decay / objective's regularization (default 1e-3 * n, the paper's)"},
    {"input-bits", true, "bits per quantized input (default 8)"},
    {"weight-bits", true, "bits per threshold-layer weight after integerization (default 12)"},
    {"output-bits", true, "bits per output weight (default 12)"},
    {"seed", true, "random seed for the split and the initialization (default 1)"},
    {"trace", true, "CSV file receiving iteration,seconds,objective,lr of every step"},
    {"help", false, "this text"},
};

std::string pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * v);
  return buf;
}

void print_report(const std::string& data_path, const Dataset& train, const Network& net, const SteOptions& opt,
                  const SteReport& rep) {
  std::printf("data:       %s: %zu train rows, %zu test rows, %zu features, %zu classes\n", data_path.c_str(),
              rep.n_train, rep.n_test, train.n_features(), net.classes.size());
  std::printf("sgd:        ste-%s, %d layers, %d iterations, lr %.6g -> %.6g (%d halvings), beta %.6g\n",
              surrogate_name(opt.surrogate).c_str(), opt.depth, opt.iterations, opt.lr, rep.final_lr, rep.halvings,
              rep.beta);
  std::printf("objective:  float network %.9g, integer network %.9g\n", rep.float_objective, rep.integer_objective);
  std::string shape = std::to_string(train.n_features()) + " inputs";
  for (const auto& h : net.hidden) shape += " -> " + std::to_string(h.n_out);
  std::printf("network:    %s threshold neurons -> %d score(s); weights %d-bit / %d-bit (after the passes)\n",
              shape.c_str(), net.output.n_out, opt.weight_bits, opt.output_bits);
  std::printf("patterns:   %zu of %zu hidden activations on the training set change through integerization\n",
              rep.pattern_changes, rep.pattern_checks);
  std::printf("accuracy:   float   train %s  test %s   (the SGD network)\n", pct(rep.float_acc.train).c_str(),
              pct(rep.float_acc.test).c_str());
  std::printf("            integer train %s  test %s   (the compiled network)\n", pct(rep.int_acc.train).c_str(),
              pct(rep.int_acc.test).c_str());
  std::printf("time:       %.2f s\n", rep.seconds);
}

std::string trace_csv(const SteReport& rep) {
  std::string s = "iteration,seconds,objective,lr\n";
  char buf[128];
  for (const auto& t : rep.trace) {
    std::snprintf(buf, sizeof buf, "%d,%.6f,%.9g,%.6g\n", t.iteration, t.seconds, t.objective, t.lr);
    s += buf;
  }
  return s;
}

SteOptions parse_options(const Args& args, const std::string& out) {
  SteOptions opt;
  opt.surrogate = surrogate_from_method(args.str("method", ""));
  opt.name = args.str("name", name_from_path(out));
  if (!is_identifier(opt.name)) fail("option --name " + quote(opt.name) + " is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  opt.depth = static_cast<int>(args.integer("depth", 2, 2, 3));
  opt.width = static_cast<int>(args.integer("width", 64, 1, 100000));
  opt.iterations = static_cast<int>(args.integer("iterations", 2000, 0, 100'000'000));
  opt.lr = args.num("lr", 0.01);
  if (!(opt.lr > 0)) fail("option --lr must be positive");
  opt.patience = static_cast<int>(args.integer("patience", 100, 0, 100'000'000));
  opt.beta = args.num("beta", -1);
  if (args.has("beta") && !(opt.beta > 0)) fail("option --beta must be positive");
  opt.input_bits = static_cast<int>(args.integer("input-bits", 8, 1, 16));
  opt.weight_bits = static_cast<int>(args.integer("weight-bits", 12, 2, 32));
  opt.output_bits = static_cast<int>(args.integer("output-bits", 12, 2, 32));
  opt.seed = static_cast<uint64_t>(args.integer("seed", 1, 0, INT64_MAX));
  return opt;
}
}  // namespace

bool wants_ste(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--method=ste-", 0) == 0) return true;
    if (args[i] == "--method" && i + 1 < args.size() && args[i + 1].rfind("ste-", 0) == 0) return true;
  }
  return false;
}

int cmd_train_ste(const std::vector<std::string>& raw) {
  std::vector<std::string> argv = raw;
  for (auto& a : argv)
    if (a == "-o") a = "--output";
  if (wants_help(argv)) {
    std::printf("usage: heaviside train <data.csv> --method ste-<surrogate> [options]\n\n%s",
                options_help(kSpec).c_str());
    return 0;
  }
  Args args("train", kSpec, argv);
  args.expect_positional({"data.csv"});
  const std::string data_path = args.positional()[0];
  const std::string out = args.str("output", name_from_path(data_path) + ".hnet");
  SteOptions opt = parse_options(args, out);
  double test_fraction = args.num("test-fraction", 0.25);
  if (test_fraction < 0 || test_fraction >= 1) fail("option --test-fraction must be in [0, 1)");

  CsvOptions copt;
  copt.label_column = args.str("label", "");
  Dataset all = read_csv(data_path, copt);
  Dataset train, test;
  if (args.has("test")) {
    copt.label_column = all.label_name;
    test = read_csv(args.str("test", ""), copt);
    if (test.feature_names != all.feature_names)
      fail_at({test.source, 1, 0}, "the test file's columns differ from the training file's");
    train = std::move(all);
  } else {
    std::tie(train, test) = split_dataset(all, test_fraction, opt.seed);
  }
  if (train.n_rows < 2) fail_at({data_path, 0, 0}, "fewer than 2 training rows");

  SteReport rep;
  Network net = train_ste(train, test, opt, rep);
  PassLog plog;
  net = run_pipeline(net, plog);
  print_report(data_path, train, net, opt, rep);
  for (const auto& l : plog.lines) std::printf("pass:       %s\n", l.c_str());
  if (args.has("trace")) write_file_atomic(args.str("trace", ""), trace_csv(rep));
  write_file_atomic(out, print_network(net));
  std::printf("wrote %s\n", out.c_str());
  return 0;
}

}  // namespace hv

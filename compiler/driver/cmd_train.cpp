// `heaviside train`: CSV or IDX -> certified convex training -> pass pipeline -> model file (.hnet).
#include <cstdio>

#include "args.hpp"
#include "commands.hpp"
#include "frontend/idx.hpp"
#include "ir/print.hpp"
#include "ir/verify.hpp"
#include "passes/pipeline.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"
#include "train/split.hpp"
#include "train/train.hpp"

namespace hv {

namespace {
const std::vector<OptionSpec> kSpec = {
    {"output", true, "model file to write (default: <data stem>.hnet); also -o"},
    {"label", true, "CSV: name of the label column (default: the last column)"},
    {"labels", true, "IDX: the label file of the images (default: the MNIST-named one next to them)"},
    {"test", true, "data file used as the test set, CSV or IDX images (default: a split of the data)"},
    {"test-labels", true, "IDX: the label file of the --test images (default: the MNIST-named one)"},
    {"test-fraction", true, "fraction of each class held out for testing (default 0.25)"},
    {"name", true, "model name, used for generated modules and files (default: from --output)"},
    {"method", true, "lasso (two layers), shattered (closed form) or deep-lasso (layer by layer)"},
    {"depth", true, "layers including the output layer (default 2; 3 or more for shattered / deep-lasso)"},
    {"shatter", true, "shattered: the shattering layer, sorted (projection) or random (units, rank-checked)"},
    {"realize", true, "shattered: realize level sets by pi (pseudo-inverse) or svm"},
    {"width", true, "shattered --shatter random: units (default max(1000, n), the paper's); deep-lasso: hidden width (default 32)"},
    {"dictionary", true, "gaussian (the paper's), sparse (integer, every threshold) or exact (d <= 2)"},
    {"directions", true, "directions sampled for the dictionary (default 2000)"},
    {"fan-in", true, "sparse dictionary: at most this many inputs per neuron (default 4)"},
    {"cost", true, "per-neuron penalty weight: uniform or fan-in (trades accuracy for area)"},
    {"loss", true, "squared (the paper's) or logistic (two classes)"},
    {"path", true, "solve a warm-started path of this many betas from beta_max and print it"},
    {"max-neurons", true, "a hard bound on the hidden neurons (the path keeps the best network within it)"},
    {"max-luts", true, "a hard bound on the cost model's xc7 LUT estimate of the network"},
    {"refit", true, "refit the output layer on the kept neurons (certified by its own gap): ridge, none, or auto "
                    "(default: whichever is better on validation; with --beta/--beta-rel: none)"},
    {"colgen", false, "grow the dictionary by column generation until no violating pattern is found"},
    {"colgen-rounds", true, "column generation: at most this many rounds (default 10)"},
    {"colgen-candidates", true, "column generation: random directions priced per round (default 500)"},
    {"colgen-pricing", true, "column generation: classifier (default: also a weighted linear fit of sign(U)) or random"},
    {"beta", true, "l1 regularization strength (the paper's reference code uses 1e-3 * n)"},
    {"beta-rel", true, "beta as a fraction of beta_max (default: chosen on a validation part of the training rows)"},
    {"tol", true, "relative duality gap at which the solver stops (default 1e-6)"},
    {"time-limit", true, "seconds for the convex solves: at the limit keep the current network and report its "
                         "certified gap (checked between solver iterations)"},
    {"input-bits", true, "bits per quantized input (default 8)"},
    {"weight-bits", true, "bits per first-layer weight (default 8; shattered: the direction widens from 8 up to 32 "
                          "bits as needed unless this is given)"},
    {"output-bits", true, "bits per output weight (default: the fewest up to 12 that keep validation accuracy)"},
    {"seed", true, "random seed for the split and the dictionary (default 1)"},
    {"verbose", false, "solver progress on stderr"},
    memory_limit_option(),
    {"help", false, "this text"},
};

std::string pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * v);
  return buf;
}

void print_report(const std::string& data_path, const Dataset& train, const Network& net, const TrainOptions& opt,
                  const TrainReport& rep) {
  std::printf("data:       %s: %zu train rows, %zu test rows, %zu features, %zu classes\n", data_path.c_str(),
              rep.n_train, rep.n_test, train.n_features(), net.classes.size());
  if (opt.method == "shattered") {
    std::printf("solve:      closed form, beta %.6g (beta_max %.6g): exact optimum, duality gap 0\n", rep.beta,
                rep.beta_max);
  } else {
    std::printf("dictionary: %s, %zu candidate patterns -> %zu distinct (%zu duplicate, %zu constant)%s\n",
                (rep.dictionary_kind.empty() ? opt.dict.kind : rep.dictionary_kind).c_str(), rep.dict.candidates, rep.patterns, rep.dict.duplicates, rep.dict.constant,
                rep.exact_dictionary ? "; every arrangement pattern" : "");
    if (rep.selected) {
      std::printf("select:     path on %zu of the training rows, scored on the other %zu (validation; test rows unused)\n",
                  rep.n_fit, rep.n_val);
      std::printf("            %10s %8s %9s %9s %6s %8s %10s %8s\n", "beta/bmax", "neurons", "fit", "valid.", "refit", "LUT est",
                  "rel.gap", "time");
      for (size_t i = 0; i < rep.selection_path.size(); ++i) {
        const auto& p = rep.selection_path[i];
        std::printf("          %s %10.4g %8zu %9s %9s %6s %8.0f %10.2e %7.2fs%s\n", i == rep.selected_point ? "->" : "  ",
                    p.beta / rep.selection_beta_max, p.neurons, pct(p.acc.train).c_str(), pct(p.val).c_str(),
                    p.refit ? "ridge" : "none", p.luts, p.rel_gap, p.seconds,
                    p.in_budget ? "" : "  over the budget");
      }
      std::printf("            kept beta = %.4g beta_max: %s\n", rep.selected_beta_rel, rep.selection_reason.c_str());
      if (!rep.output_bits_tried.empty()) {
        std::string t;
        for (const auto& [b, a] : rep.output_bits_tried) t += " " + std::to_string(b) + ":" + pct(a);
        std::printf("            output bits (validation accuracy):%s -> %d bits\n", t.c_str(), rep.output_bits);
      }
      std::printf("            then retrained on all %zu training rows at that beta\n", rep.n_train);
    }
    if (!rep.path.empty()) {
      std::printf("path:       %10s %8s %9s %9s %10s %8s\n", "beta", "neurons", "train", "test", "rel.gap", "time");
      for (const auto& p : rep.path)
        std::printf("            %10.5g %8zu %9s %9s %10.2e %7.2fs\n", p.beta, p.neurons, pct(p.acc.train).c_str(),
                    pct(p.acc.test).c_str(), p.rel_gap, p.seconds);
    }
    std::printf("solve:      %s loss, beta %.6g (beta_max %.6g), duality gap %.3e (relative %.3e), %d iterations, "
                "%zu screened, %s\n",
                opt.loss.c_str(), rep.beta, rep.beta_max, rep.lasso.gap, rep.lasso.rel_gap(), rep.lasso.outer_iterations,
                rep.lasso.screened,
                rep.lasso.converged ? "converged" : (rep.stopped_at_time_limit ? "stopped at the time limit" : "NOT converged"));
    if (rep.stopped_at_time_limit && !rep.lasso.converged)
      std::printf("time limit: stopped at the %.6g s limit before the relative gap reached %.3g; the network is kept, "
                  "certified within relative gap %.3e of the optimum\n",
                  opt.time_limit, opt.tol, rep.lasso.rel_gap());
  }
  if (rep.refit_ran)
    std::printf("refit:      output layer refit on the %zu kept neurons (ridge, lambda %.4g): duality gap %.3e "
                "(%.3e of its objective, %.3e of P(0)) - the Lasso's certificate is for which neurons, this one for "
                "their weights\n",
                rep.neurons, rep.refit.lambda, rep.refit.gap, rep.refit.gap_over_objective(), rep.refit.rel_gap());
  if (rep.colgen_ran)
    std::printf("colgen:     %d rounds%s, %zu directions examined (%zu re-priced before stopping), %zu columns added; "
                "max violation %.4f x beta; certified gap over all examined %.3e (relative %.3e)\n",
                rep.colgen.rounds, rep.colgen.stopped_at_time_limit ? " (stopped at the time limit)" : "",
                rep.colgen.examined, rep.colgen.repriced, rep.colgen.added_columns, rep.colgen.max_score,
                rep.colgen.gap_examined, rep.colgen.gap_examined / rep.lasso.p0);
  std::printf("formulation: %s\n", rep.formulation.c_str());
  for (const auto& note : rep.notes) std::printf("            %s\n", note.c_str());
  if (rep.exact_dictionary)
    std::printf("certificate: global over every threshold network of any width (exact enumeration)\n");
  std::printf("objective:  convex %.9g, reconstructed network %.9g\n", rep.lasso.primal, rep.reconstructed_objective);
  std::string shape = std::to_string(train.n_features()) + " inputs";
  for (const auto& l : net.hidden) shape += " -> " + std::to_string(l.n_out);
  std::printf("network:    %s threshold neurons -> %d score(s); output weights %d-bit; estimated %.0f xc7 LUTs\n",
              shape.c_str(), net.output.n_out, rep.output_bits > 0 ? rep.output_bits : opt.output_bits, rep.est_luts);
  std::printf("patterns:   %zu of %zu hidden activations on the training set differ from the dictionary\n",
              rep.pattern_mismatches, rep.pattern_checks);
  std::printf("accuracy:   float   train %s  test %s   (output weights before quantization)\n",
              pct(rep.float_acc.train).c_str(), pct(rep.float_acc.test).c_str());
  std::printf("            integer train %s  test %s   (the compiled network)\n", pct(rep.int_acc.train).c_str(),
              pct(rep.int_acc.test).c_str());
  std::printf("time:       %.2f s\n", rep.seconds);
}
}  // namespace

int cmd_train(const std::vector<std::string>& raw) {
  if (wants_ste(raw)) return cmd_train_ste(raw);
  std::vector<std::string> argv = raw;
  for (auto& a : argv)
    if (a == "-o") a = "--output";
  if (wants_help(argv)) {
    std::printf("usage: heaviside train <data> [options]\n\n"
                "<data> is a CSV file (a header row, one row per sample) or IDX images (the MNIST format,\n"
                "unsigned bytes, optionally gzip-compressed: a name ending in 'ubyte' or '.idx', plus '.gz'),\n"
                "whose labels come from --labels or the file named like it with 'labels-idx1' for\n"
                "'images-idx3'. Fashion-MNIST's standard split:\n"
                "  heaviside train /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz \\\n"
                "      --test /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz\n\n%s",
                options_help(kSpec).c_str());
    return 0;
  }
  Args args("train", kSpec, argv);
  apply_memory_limit(args);
  args.expect_positional({"data"});
  const std::string data_path = args.positional()[0];
  std::string out = args.str("output", name_from_path(data_path) + ".hnet");

  TrainOptions opt;
  opt.name = args.str("name", name_from_path(out));
  if (!is_identifier(opt.name)) fail("option --name " + quote(opt.name) + " is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  opt.dict.kind = args.str("dictionary", "gaussian");
  if (opt.dict.kind != "gaussian" && opt.dict.kind != "sparse" && opt.dict.kind != "exact")
    fail("option --dictionary is " + quote(opt.dict.kind) + ", expected gaussian, sparse or exact");
  opt.dict.directions = static_cast<size_t>(args.integer("directions", 2000, 1, 10'000'000));
  opt.dict.max_fan_in = static_cast<int>(args.integer("fan-in", 4, 1, 100000));
  std::string cost = args.str("cost", "uniform");
  if (cost != "uniform" && cost != "fan-in") fail("option --cost is " + quote(cost) + ", expected uniform or fan-in");
  opt.dict.fan_in_cost = cost == "fan-in";
  opt.loss = args.str("loss", "squared");
  if (opt.loss != "squared" && opt.loss != "logistic")
    fail("option --loss is " + quote(opt.loss) + ", expected squared or logistic");
  opt.path_points = static_cast<int>(args.integer("path", 0, 0, 1000));
  opt.method = args.str("method", "lasso");
  if (opt.method != "lasso" && opt.method != "shattered" && opt.method != "deep-lasso")
    fail("option --method is " + quote(opt.method) + ", expected lasso, shattered or deep-lasso");
  opt.depth = static_cast<int>(args.integer("depth", opt.method == "lasso" ? 2 : 3, 2, 16));
  opt.shatter = args.str("shatter", "sorted");
  if (opt.shatter != "sorted" && opt.shatter != "random")
    fail("option --shatter is " + quote(opt.shatter) + ", expected sorted or random");
  opt.realize = args.str("realize", "pi");
  if (opt.realize != "pi" && opt.realize != "svm") fail("option --realize is " + quote(opt.realize) + ", expected pi or svm");
  opt.deep_width = static_cast<size_t>(args.integer("width", 0, 0, 1'000'000));
  opt.max_neurons = static_cast<size_t>(args.has("max-neurons") ? args.integer("max-neurons", 0, 1, 1'000'000) : 0);
  opt.max_luts = args.num("max-luts", 0);
  if (args.has("max-luts") && !(opt.max_luts >= 1)) fail("option --max-luts must be at least 1");
  opt.refit = args.str("refit", "auto");
  if (opt.refit != "ridge" && opt.refit != "none" && opt.refit != "auto")
    fail("option --refit is " + quote(opt.refit) + ", expected auto, ridge or none");
  // Plain `train` chooses beta on a validation part of the training rows; a given beta or path is used as is.
  if (args.has("beta") || args.has("beta-rel") || args.has("path")) opt.select = "fixed";
  if (args.has("output-bits")) opt.size_output_bits = false;
  opt.colgen = args.flag("colgen");
  opt.colgen_opt.rounds = static_cast<int>(args.integer("colgen-rounds", 10, 1, 10000));
  opt.colgen_opt.candidates = static_cast<size_t>(args.integer("colgen-candidates", 500, 1, 10'000'000));
  std::string pricing = args.str("colgen-pricing", "classifier");
  if (pricing != "classifier" && pricing != "random")
    fail("option --colgen-pricing is " + quote(pricing) + ", expected classifier or random");
  opt.colgen_opt.classifier_pricing = pricing == "classifier";
  opt.beta = args.num("beta", -1);
  if (args.has("beta") && opt.beta <= 0) fail("option --beta must be positive");
  opt.beta_rel = args.num("beta-rel", 0.05);
  if (opt.beta_rel <= 0) fail("option --beta-rel must be positive");
  opt.tol = args.num("tol", 1e-6);
  if (opt.tol <= 0) fail("option --tol must be positive");
  opt.time_limit = args.num("time-limit", 0);
  if (args.has("time-limit") && !(opt.time_limit > 0)) fail("option --time-limit must be a positive number of seconds");
  opt.input_bits = static_cast<int>(args.integer("input-bits", 8, 1, 16));
  opt.dict.weight_bits = static_cast<int>(args.integer("weight-bits", 8, 2, 32));
  if (args.has("weight-bits")) opt.shatter_max_weight_bits = opt.dict.weight_bits;  // a given width is a limit
  opt.output_bits = static_cast<int>(args.integer("output-bits", 12, 2, 32));
  uint64_t seed = static_cast<uint64_t>(args.integer("seed", 1, 0, INT64_MAX));
  opt.dict.seed = seed;
  opt.colgen_opt.seed = seed + 1;
  opt.colgen_opt.max_fan_in = opt.dict.max_fan_in;
  opt.colgen_opt.weight_bits = opt.dict.weight_bits;
  opt.colgen_opt.fan_in_cost = opt.dict.fan_in_cost;
  opt.verbose = args.flag("verbose");
  double test_fraction = args.num("test-fraction", 0.25);
  if (test_fraction < 0 || test_fraction >= 1) fail("option --test-fraction must be in [0, 1)");

  CsvOptions copt;
  copt.label_column = args.str("label", "");
  if (args.has("label") && is_idx_path(data_path))
    fail("option --label names a CSV column, but " + quote_path(data_path) + " is IDX images (use --labels FILE)");
  Dataset all = read_dataset(data_path, args.str("labels", ""), "labels", copt, true);
  Dataset train, test;
  if (args.has("test-labels") && !args.has("test")) fail("option --test-labels needs --test (the test images)");
  if (args.has("test")) {
    copt.label_column = all.label_name;
    test = read_dataset(args.str("test", ""), args.str("test-labels", ""), "test-labels", copt, true);
    if (test.feature_names != all.feature_names && test.has_value_range && all.has_value_range)
      fail_at({test.source, 0, 0}, "the test images have " + std::to_string(test.n_features()) + " pixels (" +
                                       quote(test.feature_names.back()) + " last), the training images " +
                                       std::to_string(all.n_features()) + " (" + quote(all.feature_names.back()) +
                                       " last)");
    if (test.feature_names != all.feature_names)
      fail_at({test.source, 1, 0}, "the test file's columns differ from the training file's");
    train = std::move(all);
  } else {
    std::tie(train, test) = split_dataset(all, test_fraction, seed);
  }
  if (train.n_rows < 2) fail_at({data_path, 0, 0}, "fewer than 2 training rows");

  TrainReport rep;
  Network net = train_network(train, test, opt, rep);
  PassLog plog;
  net = run_pipeline(net, plog);
  std::string text = print_network(net);

  print_report(data_path, train, net, opt, rep);
  for (const auto& l : plog.lines) std::printf("pass:       %s\n", l.c_str());
  write_file_atomic(out, text);
  std::printf("wrote %s\n", out.c_str());
  return 0;
}

}  // namespace hv

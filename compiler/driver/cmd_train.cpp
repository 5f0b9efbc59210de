// `heaviside train`: data file(s) -> flow::train (any method, then the pass pipeline) -> model
// file (.hnet) with its provenance, the summary on stdout, and optionally the result as JSON.
#include <fmt/format.h>
#include <map>

#include "driver/commands.hpp"
#include "support/mpi_comm.hpp"
#include "flow/json.hpp"
#include "flow/load.hpp"
#include "flow/provenance.hpp"
#include "flow/train.hpp"
#include "frontend/idx.hpp"
#include "ir/verify.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"

namespace hv::cli {

namespace {
enum class Family { any, convex, ste };

struct TrainCli {
  flow::TrainSettings s;
  std::optional<std::string> output, name, label, labels, test, test_labels, json, trace;
  std::map<const CLI::Option*, Family> family;
};

int run_train(Command& cmd, TrainCli& c) {
  // Options that belong to the other family of methods are errors, not silently ignored.
  for (const auto& [opt, fam] : c.family) {
    if (opt->count() == 0 || fam == Family::any) continue;
    if ((fam == Family::ste) != flow::is_ste(c.s.method))
      fail("option " + long_name(opt) + " does not apply to --method " + flow::to_string(c.s.method) + " (it is an option of " +
           (fam == Family::ste ? "the ste-* methods" : "the convex methods: lasso, shattered, deep-lasso") + ")");
  }
  if (flow::is_ste(c.s.method) && c.s.depth && *c.s.depth > 3)
    fail("option --depth is " + std::to_string(*c.s.depth) + ", expected 2..3");
  const std::string data_path = cmd.args[0];
  const std::string out = c.output.value_or(flow::name_from_path(data_path) + ".hnet");
  c.s.name = c.name.value_or(flow::name_from_path(out));
  if (!is_identifier(c.s.name))
    fail("option --name " + quote(c.s.name) + " is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  if (c.label && is_idx_path(data_path))
    fail("option --label names a CSV column, but " + quote_path(data_path) + " is IDX images (use --labels FILE)");
  if (c.labels && !is_idx_path(data_path))
    fail("option --labels names an IDX label file, but " + quote_path(data_path) +
         " is read as CSV (its labels are a column; IDX data files end in 'ubyte' or '.idx', optionally '.gz')");
  if (c.test_labels && !c.test) fail("option --test-labels needs --test (the test images)");
  if (c.trace && !flow::is_ste(c.s.method)) fail("option --trace applies to the ste-* methods only");

  std::vector<std::filesystem::path> inputs = {data_path};
  for (const auto* p : {&c.labels, &c.test, &c.test_labels})
    if (*p) inputs.push_back(**p);
  for (const auto* p : {&c.json, &c.trace})
    if (*p) check_output_path(**p, inputs);
  check_output_path(out, inputs);

  flow::DataFile data{data_path, c.labels.value_or(""), c.label.value_or("")};
  std::optional<flow::DataFile> test;
  if (c.test) test = flow::DataFile{*c.test, c.test_labels.value_or(""), ""};
  flow::TrainTest tt =
      flow::load_train_test(data, test, c.s.test_fraction, c.s.seed, c.s.task == Task::regression);
  flow::TrainResult r = flow::train(tt.train, tt.test, c.s);
  if (comm::rank() != 0) return 0;  // under mpirun every rank trained; rank 0 prints and writes
  r.net.provenance = flow::provenance(r, c.s, data, test);

  print(flow::train_summary(r, c.s, data_path));
  OutputBatch batch;  // the model, the trace and the JSON appear together or not at all
  if (c.trace) write_file_atomic(*c.trace, flow::ste_trace_csv(r.ste));
  flow::save_model(r.net, out);
  if (c.json) write_file_atomic(*c.json, flow::json_text(flow::to_json(r, c.s, data_path)));
  batch.commit();
  print(fmt::format("wrote {}\n", out));
  if (c.json) print(fmt::format("wrote {}\n", *c.json));
  return 0;
}
}  // namespace

Command make_train() {
  Command cmd;
  cmd.name = "train";
  cmd.summary = "train a threshold network on a CSV or IDX file (convex program, certified by its duality gap)";
  cmd.positionals = {"data"};
  cmd.intro =
      "<data> is a CSV file (a header row, one row per sample) or IDX images (the MNIST format, unsigned bytes,\n"
      "optionally gzip-compressed: a name ending in 'ubyte' or '.idx', plus '.gz'), whose labels come from --labels\n"
      "or the file named like it with 'labels-idx1' for 'images-idx3'. Fashion-MNIST's standard split:\n"
      "  heaviside train /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz \\\n"
      "      --test /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz\n"
      "Methods: lasso (the paper's two-layer Convex-Lasso, default), shattered (closed form, deep), deep-lasso\n"
      "(layer by layer), and the non-convex baselines ste-identity, ste-relu, ste-lrelu, ste-crelu.";
  cmd.app = std::make_unique<CLI::App>("", "train");
  auto st = std::make_shared<TrainCli>();
  CLI::App& a = *cmd.app;
  a.set_help_flag();
  flow::TrainSettings& s = st->s;
  auto fam = [&](CLI::Option* o, Family f) { st->family[o] = f; return o; };

  const char* G = "Data and output";
  text(a, "-o,--output", st->output, "model file to write (default: <data stem>.hnet)")->group(G);
  text(a, "--name", st->name, "model name, used for generated modules and files (default: from --output)", "<name>")->group(G);
  text(a, "--label", st->label, "CSV: name of the label column (default: the last column)", "<column>")->group(G);
  text(a, "--labels", st->labels, "IDX: the label file of the images (default: the MNIST-named one next to them)")->group(G);
  text(a, "--test", st->test, "data file used as the test set, CSV or IDX images (default: a split of the data)")->group(G);
  text(a, "--test-labels", st->test_labels, "IDX: the label file of the --test images (default: the MNIST-named one)")->group(G);
  number(a, "--test-fraction", s.test_fraction, "fraction of each class held out for testing (default 0.25)",
         [](double v) { return v >= 0 && v < 1; }, "must be in [0, 1)")->group(G);
  text(a, "--json", st->json, "also write the training result (certificate, accuracies, sizes) to this JSON file")->group(G);

  G = "Method";
  choice(a, "--task", s.task, flow::task_names(),
         "classification (default: the labels are classes) or regression (the labels are numbers, predicted by the "
         "integer score: y = offset + step * score; method lasso)")->group(G);
  choice(a, "--method", s.method, flow::method_names(),
         "lasso (two layers, default), shattered (closed form), deep-lasso (layer by layer), or a straight-through "
         "baseline: ste-identity, ste-relu, ste-lrelu, ste-crelu")->group(G);
  integer(a, "--depth", s.depth, 2, 16,
          "layers including the output layer (default 2; shattered / deep-lasso 3 or more; ste-* 2 or 3)")->group(G);
  integer(a, "--width", s.width, 1, 1'000'000,
          "hidden width: shattered --shatter random units (default max(1000, n), the paper's); deep-lasso (default "
          "32); ste-* (default 64)")->group(G);
  number(a, "--beta", s.beta, "l1 regularization strength (the paper's reference code uses 1e-3 * n; ste-* default)",
         positive, "must be positive")->group(G);
  number(a, "--time-limit", s.time_limit,
         "seconds: convex methods stop their solves at the limit and report the certified gap of the network kept; "
         "ste-* stop their descent", positive, "must be a positive number of seconds")->group(G);
  integer(a, "--seed", s.seed, 0, INT64_MAX, "random seed for the split, the dictionary, the initialization (default 1)")->group(G);
  fam(flag(a, "--verbose", s.verbose, "solver progress on stderr"), Family::convex)->group(G);

  G = "Convex solver (lasso, shattered, deep-lasso)";
  fam(choice(a, "--loss", s.loss, flow::loss_names(), "squared (the paper's) or logistic (softmax cross-entropy for several classes)"), Family::convex)->group(G);
  fam(number(a, "--beta-rel", s.beta_rel, "beta as a fraction of beta_max (default: chosen on a validation part of the training rows)",
             positive, "must be positive"), Family::convex)->group(G);
  fam(number(a, "--tol", s.convex.tol, "relative duality gap (gap / P(0)) at which the solver stops (default 1e-6)",
             positive, "must be positive"), Family::convex)->group(G);
  fam(integer(a, "--path", s.convex.path_points, 1, 1000, "solve a warm-started path of this many betas from beta_max and print it"),
      Family::convex)->group(G);
  fam(integer(a, "--max-neurons", s.convex.max_neurons, 1, 1'000'000,
              "a hard bound on the hidden neurons (the path keeps the best network within it)"), Family::convex)->group(G);
  fam(number(a, "--max-luts", s.convex.max_luts, "a hard bound on the cost model's xc7 LUT estimate of the network",
             [](double v) { return v >= 1; }, "must be at least 1"), Family::convex)->group(G);
  static const std::vector<std::pair<std::string, std::string>> refits = {
      {"auto", "auto"}, {"ridge", "ridge"}, {"none", "none"}};
  fam(choice(a, "--refit", s.convex.refit, refits,
             "refit the output layer on the kept neurons (certified by its own gap): ridge, none, or auto (default: "
             "whichever is better on validation; with --beta/--beta-rel: none)"),
      Family::convex)->group(G);
  fam(flag(a, "--colgen", s.convex.colgen, "grow the dictionary by column generation, pricing random directions each round"),
      Family::convex)->group(G);
  fam(integer(a, "--colgen-rounds", s.convex.colgen_opt.rounds, 1, 10000, "column generation: at most this many rounds (default 10)"),
      Family::convex)->group(G);
  static const std::vector<std::pair<std::string, bool>> pricings = {{"classifier", true}, {"random", false}};
  fam(choice(a, "--colgen-pricing", s.convex.colgen_opt.classifier_pricing, pricings,
             "column generation: classifier (default: also a weighted linear fit of sign(U)) or random"),
      Family::convex)->group(G);
  fam(integer(a, "--colgen-candidates", s.convex.colgen_opt.candidates, 1, 10'000'000,
              "column generation: random directions priced per round (default 500)"), Family::convex)->group(G);

  G = "Dictionary (lasso, deep-lasso)";
  fam(choice(a, "--dictionary", s.dictionary, flow::dictionary_names(),
             "gaussian (the paper's), sparse (integer, every threshold), exact (d <= 2) or comparators (fan-in 1: "
             "each input against each threshold, the splits of a decision tree)"), Family::convex)->group(G);
  fam(integer(a, "--directions", s.convex.dict.directions, 1, 10'000'000, "directions sampled for the dictionary (default 2000)"),
      Family::convex)->group(G);
  fam(integer(a, "--fan-in", s.convex.dict.max_fan_in, 1, 100000, "sparse dictionary: at most this many inputs per neuron (default 4)"),
      Family::convex)->group(G);
  fam(choice(a, "--cost", s.cost, flow::cost_names(), "per-neuron penalty weight: uniform or fan-in (trades accuracy for area)"),
      Family::convex)->group(G);

  G = "Deep networks (shattered)";
  fam(choice(a, "--shatter", s.shatter, flow::shatter_names(),
             "the shattering layer, sorted (projection) or random (units, rank-checked)"), Family::convex)->group(G);
  fam(choice(a, "--realize", s.realize, flow::realize_names(), "realize level sets by pi (pseudo-inverse) or svm"),
      Family::convex)->group(G);

  G = "Straight-through baselines (ste-*)";
  fam(integer(a, "--iterations", s.ste.iterations, 1, 100'000'000, "full-batch gradient steps (default 2000)"), Family::ste)->group(G);
  fam(number(a, "--lr", s.ste.lr, "learning rate, halved on plateau (default 0.01)", positive, "must be positive"), Family::ste)->group(G);
  fam(integer(a, "--patience", s.ste.patience, 0, 100'000'000,
              "steps without progress before the learning rate is halved (default 100)"), Family::ste)->group(G);
  fam(text(a, "--trace", st->trace, "CSV file receiving iteration,seconds,objective,lr of every step"), Family::ste)->group(G);

  G = "Quantization";
  integer(a, "--input-bits", s.input_bits, 1, 16, "bits per quantized input (default 8)")->group(G);
  integer(a, "--weight-bits", s.weight_bits, 2, 32,
          "bits per first-layer weight (default 8; shattered: the direction widens from 8 up to 32 bits as needed "
          "unless this is given; ste-*: every threshold layer, default 12)")->group(G);
  integer(a, "--output-bits", s.output_bits, 2, 32,
          "bits per output weight (default 12; plain lasso: the fewest up to 12 that keep validation accuracy)")->group(G);

  memory_limit(a);
  standard_flags(a);
  cmd.run = [st](Command& c) { return run_train(c, *st); };
  return cmd;
}

}  // namespace hv::cli

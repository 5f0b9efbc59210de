// `heaviside predict`: runs the reference interpreter on every row of a CSV file or every image of
// an IDX file. Predictions go to stdout (or --output) as CSV `line,predicted[,label]`; the
// accuracy, when the file has the label column (IDX: a label file), goes to stderr. A regressor
// predicts y = offset + step * score (its RMSE and R^2 go to stderr). Columns the model does not
// read are ignored.
#include <fmt/format.h>
#include <cmath>

#include "driver/commands.hpp"
#include "flow/load.hpp"
#include "reference.hpp"
#include "train/regression.hpp"
#include "support/files.hpp"

namespace hv::cli {

namespace {
struct PredictCli {
  std::optional<std::string> output, labels;
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

int run_predict(Command& cmd, PredictCli& c) {
  if (c.output) check_output_path(*c.output, {cmd.args[0], cmd.args[1], c.labels.value_or("")});
  Network net = flow::load_model(cmd.args[0]);
  flow::ModelData md = flow::load_model_data(net, {cmd.args[1], c.labels.value_or(""), ""});
  std::string out = md.has_labels ? "line,predicted," + csv_field(net.label) + "\n" : "line,predicted\n";
  size_t correct = 0;
  if (net.regression()) {  // y of target 0 (a regressor trained by heaviside has one target)
    const Target& t = net.targets[0];
    const std::vector<double> y = md.has_labels ? regression_targets(md.data) : std::vector<double>();
    double sse = 0, sum = 0, sum2 = 0;
    for (size_t r = 0; r < md.q.size(); ++r) {
      const double pred = t.offset + t.step * static_cast<double>(ref::run(net, md.q[r]).scores[0]);
      out += fmt::format("{},{:.9g}", md.data.row_line[r], pred);
      if (md.has_labels) {
        out += "," + csv_field(md.data.labels[r]);
        sse += (pred - y[r]) * (pred - y[r]);
        sum += y[r];
        sum2 += y[r] * y[r];
      }
      out += "\n";
    }
    if (c.output) write_file_atomic(*c.output, out);
    else print(out);
    if (md.has_labels && !md.q.empty()) {
      const double n = static_cast<double>(md.q.size()), sst = sum2 - sum * sum / n;
      fmt::print(stderr, "RMSE {:.6g}, R^2 {:.4f} over {} rows\n", std::sqrt(sse / n), sst > 0 ? 1 - sse / sst : 0.0,
                 md.q.size());
    }
    return 0;
  }
  for (size_t r = 0; r < md.q.size(); ++r) {
    const std::string& pred = net.classes[static_cast<size_t>(ref::run(net, md.q[r]).cls)];
    out += std::to_string(md.data.row_line[r]) + "," + csv_field(pred);
    if (md.has_labels) {
      out += "," + csv_field(md.data.labels[r]);
      correct += pred == md.data.labels[r];
    }
    out += "\n";
  }
  if (c.output) write_file_atomic(*c.output, out);
  else print(out);
  if (md.has_labels && !md.q.empty())
    fmt::print(stderr, "accuracy: {}/{} = {:.2f}%\n", correct, md.q.size(),
               100.0 * static_cast<double>(correct) / static_cast<double>(md.q.size()));
  return 0;
}
}  // namespace

Command make_predict() {
  Command cmd;
  cmd.name = "predict";
  cmd.summary = "run the reference interpreter on a CSV or IDX file";
  cmd.positionals = {"model.hnet", "data"};
  cmd.intro = "<data> is a CSV file or IDX images (see 'heaviside help train'); for IDX the 'line'\n"
              "column is the 1-based image number.";
  cmd.app = std::make_unique<CLI::App>("", "predict");
  CLI::App& a = *cmd.app;
  a.set_help_flag();
  auto st = std::make_shared<PredictCli>();
  const char* G = "Data and output";
  text(a, "-o,--output", st->output, "write the predictions to this CSV file instead of stdout")->group(G);
  text(a, "--labels", st->labels, "IDX: the label file of the images (default: the MNIST-named one next to them, if any)")
      ->group(G);
  memory_limit(a);
  standard_flags(a);
  cmd.run = [st](Command& c) { return run_predict(c, *st); };
  return cmd;
}

}  // namespace hv::cli

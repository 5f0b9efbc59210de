// `heaviside predict`: runs the reference interpreter on every row of a CSV file or every image of
// an IDX file. Predictions go to stdout (or --output) as CSV `line,predicted[,label]`; the
// accuracy, when the file has the label column (IDX: a label file), goes to stderr.
#include <cstdio>

#include "args.hpp"
#include "commands.hpp"
#include "frontend/hnet_parse.hpp"
#include "reference.hpp"
#include "support/files.hpp"

namespace hv {

namespace {
const std::vector<OptionSpec> kSpec = {
    {"output", true, "write the predictions to this CSV file instead of stdout; also -o"},
    {"labels", true, "IDX: the label file of the images (default: the MNIST-named one next to them, if any)"},
    memory_limit_option(),
    {"help", false, "this text"},
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}
}  // namespace

int cmd_predict(const std::vector<std::string>& raw) {
  std::vector<std::string> argv = raw;
  for (auto& a : argv)
    if (a == "-o") a = "--output";
  if (wants_help(argv)) {
    std::printf("usage: heaviside predict <model.hnet> <data> [options]\n\n"
                "<data> is a CSV file or IDX images (see 'heaviside train --help'); for IDX the 'line'\n"
                "column is the 1-based image number.\n\n%s",
                options_help(kSpec).c_str());
    return 0;
  }
  Args args("predict", kSpec, argv);
  apply_memory_limit(args);
  args.expect_positional({"model.hnet", "data"});
  Network net = read_hnet(args.positional()[0]);
  ModelData md = read_model_data(net, args.positional()[1], args.str("labels", ""));
  std::string out = md.has_labels ? "line,predicted," + csv_field(net.label) + "\n" : "line,predicted\n";
  size_t correct = 0;
  for (size_t r = 0; r < md.q.size(); ++r) {
    const std::string& pred = net.classes[static_cast<size_t>(ref::run(net, md.q[r]).cls)];
    out += std::to_string(md.data.row_line[r]) + "," + csv_field(pred);
    if (md.has_labels) {
      out += "," + csv_field(md.data.labels[r]);
      correct += pred == md.data.labels[r];
    }
    out += "\n";
  }
  if (args.has("output")) write_file_atomic(args.str("output", ""), out);
  else std::fputs(out.c_str(), stdout);
  if (md.has_labels && !md.q.empty())
    std::fprintf(stderr, "accuracy: %zu/%zu = %.2f%%\n", correct, md.q.size(),
                 100.0 * static_cast<double>(correct) / static_cast<double>(md.q.size()));
  return 0;
}

}  // namespace hv

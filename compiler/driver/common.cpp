// Helpers shared by the subcommands (see commands.hpp).
#include <algorithm>
#include <filesystem>
#include <span>

#include "args.hpp"
#include "commands.hpp"
#include "frontend/idx.hpp"
#include "ir/verify.hpp"
#include "reference.hpp"
#include "support/diagnostics.hpp"
#include "support/resources.hpp"

namespace hv {

bool wants_help(const std::vector<std::string>& args) {
  return std::find(args.begin(), args.end(), "--help") != args.end() ||
         std::find(args.begin(), args.end(), "-h") != args.end();
}

OptionSpec memory_limit_option() {
  return {"memory-limit", true, "refuse inputs needing more memory than this, e.g. 4G, 512M (default: 3/4 of RAM)"};
}

void apply_memory_limit(const Args& args) {
  if (args.has("memory-limit")) set_memory_limit(parse_memory_size(args.str("memory-limit", ""), "--memory-limit"));
}

// Per vector: the input row (vector header, allocator slack, n_in values), its origin string, and
// its line of the vector file (inputs, class, scores as decimal text).
void check_vectors_memory(const Network& net, size_t n_vectors) {
  uint64_t n_in = net.inputs.size(), n_scores = static_cast<uint64_t>(net.output.n_out);
  uint64_t per_vector = add_sat(add_sat(112, mul_sat(n_in, 8 + 7)), mul_sat(n_scores, 21));
  check_memory("", "verification", mul_sat(n_vectors, per_vector),
               std::to_string(n_vectors) + " vectors of " + std::to_string(n_in) + " inputs",
               "lower --random or set --memory-limit");
}

Dataset read_dataset(const std::string& path, const std::string& labels, const std::string& labels_option,
                     const CsvOptions& opt, bool need_labels) {
  if (!is_idx_path(path)) {
    if (!labels.empty())
      fail("option --" + labels_option + " names an IDX label file, but " + quote_path(path) +
           " is read as CSV (its labels are a column; IDX data files end in 'ubyte' or '.idx', optionally '.gz')");
    return read_csv(path, opt);
  }
  std::string lab = labels;
  if (lab.empty()) {
    std::string sibling = idx_sibling_labels(path);
    std::error_code ec;
    if (!sibling.empty() && std::filesystem::is_regular_file(sibling, ec)) lab = sibling;
    else if (need_labels)
      fail_at({path, 0, 0}, "IDX images need a label file: give --" + labels_option + " (" +
                                (sibling.empty() ? std::string("the name does not follow the MNIST pattern '*-images-idx3-ubyte'")
                                                 : "there is no " + quote_path(sibling)) +
                                ")");
  }
  return read_idx(path, lab);
}

ModelData read_model_data(const Network& net, const std::string& path, const std::string& labels) {
  // The model's label column is read when the header has it; without it every column is a feature.
  CsvOptions opt;
  opt.label_column = net.label;
  opt.label_optional = true;
  ModelData md;
  Dataset raw = read_dataset(path, labels, "labels", opt, false);
  md.has_labels = !raw.labels.empty();
  std::vector<size_t> col;
  for (const auto& f : net.inputs) {
    auto it = std::find(raw.feature_names.begin(), raw.feature_names.end(), f.name);
    if (it == raw.feature_names.end())
      fail_at({path, is_idx_path(path) ? 0 : 1, 0},
              "the model's input " + quote(f.name) + " is not a " + (is_idx_path(path) ? "pixel of these images" : "column of this file"));
    col.push_back(static_cast<size_t>(it - raw.feature_names.begin()));
  }
  Dataset& d = md.data;
  d.source = raw.source;
  d.label_name = raw.label_name;
  d.n_rows = raw.n_rows;
  d.labels = raw.labels;
  d.row_line = raw.row_line;
  for (const auto& f : net.inputs) d.feature_names.push_back(f.name);
  d.x.reserve(raw.n_rows * col.size());
  for (size_t r = 0; r < raw.n_rows; ++r)
    for (size_t c : col) d.x.push_back(raw.at(r, c));
  for (size_t r = 0; r < d.n_rows; ++r)
    md.q.push_back(ref::quantize(net, std::span<const double>(d.x.data() + r * col.size(), col.size())));
  return md;
}

std::string name_from_path(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string(), out;
  for (char c : stem) out += ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '_';
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out = "m_" + out;
  if (out.size() > 64) out.resize(64);
  return out;
}

}  // namespace hv

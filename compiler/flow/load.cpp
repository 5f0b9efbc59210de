// flow/load: data and model files (see load.hpp).
#include "flow/load.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <span>

#include "frontend/hnet_parse.hpp"
#include "frontend/idx.hpp"
#include "ir/print.hpp"
#include "reference.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"
#include "support/mpi_comm.hpp"
#include "train/regression.hpp"
#include "train/split.hpp"

namespace hv::flow {

namespace {
// Rows [lo, hi) of d.
Dataset slice_rows(Dataset d, size_t lo, size_t hi) {
  const size_t f = d.n_features();
  d.x = std::vector<double>(d.x.begin() + static_cast<long>(lo * f), d.x.begin() + static_cast<long>(hi * f));
  d.labels = std::vector<std::string>(d.labels.begin() + static_cast<long>(lo), d.labels.begin() + static_cast<long>(hi));
  d.row_line = std::vector<int>(d.row_line.begin() + static_cast<long>(lo), d.row_line.begin() + static_cast<long>(hi));
  d.n_rows = hi - lo;
  return d;
}

// This MPI rank's block of a CSV file's rows (support/mpi_comm.hpp): its share of the bytes, with
// the file's own line numbers. A bad row in any rank's block fails every rank with its
// file:line:col (the lowest such rank's).
Dataset read_csv_block(const std::string& path, const CsvOptions& opt) {
  CsvPart part;
  comm::collective([&] { part = read_csv_part(path, static_cast<size_t>(comm::rank()), static_cast<size_t>(comm::size())); });
  const int first_line = part.header_lines + 1 + static_cast<int>(comm::exclusive_sum(part.newlines));
  Dataset d;
  comm::collective([&] { d = parse_csv_part(part, first_line, path, opt); });
  if (comm::sum(static_cast<uint64_t>(d.n_rows)) == 0)
    fail_at({path, part.header_lines, 1}, "the file has a header row but no data rows");
  return d;
}
}  // namespace

Dataset load_data(const DataFile& file, bool need_labels) {
  if (!is_idx_path(file.path)) {
    if (!file.labels.empty())
      fail_at({file.labels, 0, 0}, "an IDX label file was given for " + quote_path(file.path) +
                                       ", which is read as CSV (its labels are a column; IDX data files end in "
                                       "'ubyte' or '.idx', optionally '.gz')");
    CsvOptions opt;
    opt.label_column = file.label_column;
    if (comm::distributed()) return read_csv_block(file.path, opt);
    return read_csv(file.path, opt);
  }
  if (!file.label_column.empty())
    fail_at({file.path, 0, 0}, "a label column " + quote(file.label_column) +
                                   " was named, but this file is IDX images (their labels are an IDX label file)");
  std::string lab = file.labels;
  if (lab.empty()) {
    std::string sibling = idx_sibling_labels(file.path);
    std::error_code ec;
    if (!sibling.empty() && std::filesystem::is_regular_file(sibling, ec)) lab = sibling;
    else if (need_labels)
      fail_at({file.path, 0, 0}, "IDX images need a label file, and none was given (" +
                                     (sibling.empty() ? std::string("the name does not follow the MNIST pattern "
                                                                    "'*-images-idx3-ubyte'")
                                                      : "there is no " + quote_path(sibling)) +
                                     ")");
  }
  if (!comm::distributed()) return read_idx(file.path, lab);
  // An MPI rank keeps its share of the images (the file is read whole, then sliced).
  Dataset all;
  comm::collective([&] { all = read_idx(file.path, lab); });
  const size_t n = all.n_rows, r = static_cast<size_t>(comm::rank()), p = static_cast<size_t>(comm::size());
  return slice_rows(std::move(all), n * r / p, n * (r + 1) / p);
}

namespace {
// A label of `test` that `train` never has would become a class without a training row.
// Under MPI the training labels are every rank's, and the first bad test row of any rank fails all.
void check_test_labels(const Dataset& train, const Dataset& test) {
  std::set<std::string> known(train.labels.begin(), train.labels.end());
  std::vector<std::string> every = comm::all_gather_concat(std::vector<std::string>(known.begin(), known.end()));
  known.insert(every.begin(), every.end());
  comm::collective([&] {
    for (size_t r = 0; r < test.n_rows; ++r)
      if (!known.count(test.labels[r]))
        fail_at({test.source, test.row_line[r], 0},
                "the label " + quote(test.labels[r]) + " occurs in the test data but never in the training data " +
                    quote_path(train.source) + " (a class needs training rows)");
  });
}
}  // namespace

TrainTest load_train_test(const DataFile& data, const std::optional<DataFile>& test, double test_fraction,
                          uint64_t seed, bool regression) {
  if (!(test_fraction >= 0 && test_fraction < 1))
    fail("the test fraction is " + std::to_string(test_fraction) + "; it must lie in [0, 1)");
  TrainTest tt;
  Dataset all = load_data(data, true);
  const std::vector<double> y = regression ? regression_targets(all) : std::vector<double>();
  if (comm::sum(static_cast<uint64_t>(all.n_rows)) < 2 && test) fail_at({data.path, 0, 0}, "fewer than 2 training rows");
  if (test) {
    DataFile tf = *test;
    if (!is_idx_path(tf.path) && tf.label_column.empty()) tf.label_column = all.label_name;
    tt.test = load_data(tf, true);
    if (tt.test.feature_names != all.feature_names && tt.test.has_value_range && all.has_value_range)
      fail_at({tt.test.source, 0, 0}, "the test images have " + std::to_string(tt.test.n_features()) + " pixels (" +
                                          quote(tt.test.feature_names.back()) + " last), the training images " +
                                          std::to_string(all.n_features()) + " (" +
                                          quote(all.feature_names.back()) + " last)");
    if (tt.test.feature_names != all.feature_names)
      fail_at({tt.test.source, 1, 0}, "the test file's columns differ from the training file's");
    if (regression) regression_targets(tt.test);  // numbers, or an error at the line
    else check_test_labels(all, tt.test);
    tt.train = std::move(all);
  } else {
    auto [tr, te] = regression ? split_dataset_by(all, target_strata(y), test_fraction, seed)
                               : split_dataset(all, test_fraction, seed);
    tt.train = std::move(tr);
    tt.test = std::move(te);
  }
  if (comm::sum(static_cast<uint64_t>(tt.train.n_rows)) < 2) fail_at({data.path, 0, 0}, "fewer than 2 training rows");
  return tt;
}

ModelData load_model_data(const Network& net, const DataFile& file) {
  const bool idx = is_idx_path(file.path);
  Dataset raw;
  if (idx) {
    raw = load_data(file, false);
  } else {
    // The model's label column is read when the header has it; columns the model does not read
    // are skipped whatever they hold.
    CsvOptions opt;
    opt.label_column = net.label;
    opt.label_optional = true;
    for (const auto& f : net.inputs) opt.only_columns.push_back(f.name);
    raw = read_csv(file.path, opt);
  }
  ModelData md;
  md.has_labels = !raw.labels.empty();
  std::vector<size_t> col;
  for (const auto& f : net.inputs) {
    auto it = std::find(raw.feature_names.begin(), raw.feature_names.end(), f.name);
    if (it == raw.feature_names.end())
      fail_at({file.path, idx ? 0 : 1, 0}, "the model's input " + quote(f.name) + " is not a " +
                                               (idx ? "pixel of these images" : "column of this file"));
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
  md.q.reserve(d.n_rows);
  for (size_t r = 0; r < d.n_rows; ++r)
    md.q.push_back(ref::quantize(net, std::span<const double>(d.x.data() + r * col.size(), col.size())));
  return md;
}

Network load_model(const std::filesystem::path& path) { return read_hnet(path); }

Network parse_model(const std::string& text, const std::string& filename) { return parse_hnet(text, filename); }

std::string model_text(const Network& net) { return print_network(net); }

void save_model(const Network& net, const std::filesystem::path& path) { write_file_atomic(path, print_network(net)); }

std::string name_from_path(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string(), out;
  for (char c : stem) out += ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '_';
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out = "m_" + out;
  if (out.size() > 64) out.resize(64);
  return out;
}

}  // namespace hv::flow

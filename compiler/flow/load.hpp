// flow/load: the loading stage of the library flow API. Data files (CSV, or IDX images with their
// label file, optionally gzip-compressed) become a Dataset, a training file and an optional test
// file become a train/test pair (or a seeded stratified split), a data file read for a model
// becomes its quantized rows, and model files (.hnet) are read, parsed, printed and saved.
// Errors are UserErrors located in the data or model file; none of them names a CLI option.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "frontend/csv.hpp"
#include "ir/network.hpp"

namespace hv::flow {

// A data file and where its labels are.
struct DataFile {
  std::string path = {};          // CSV, or IDX images (frontend/idx.hpp: is_idx_path)
  std::string labels = {};        // IDX: the label file ("" : the MNIST-named file next to the images, if any)
  std::string label_column = {};  // CSV: the label column ("" : the last column)
};

// Reads a data file. IDX images without a label file are an error when `need_labels`. A label
// file given for a CSV file, or a label column for IDX images, is an error.
Dataset load_data(const DataFile& file, bool need_labels);

// The training set and the test set: `test` read with the training file's label column and
// checked to have the same features, or a seeded stratified split of `data` holding out
// `test_fraction` of each class. A label of the test file that the training file never has is
// an error at its line. A regressor's data (`regression`): every label must be a number (an
// error at its line otherwise), the split is stratified by target quantile, and test targets
// need not occur in the training file.
struct TrainTest {
  Dataset train, test;
};
TrainTest load_train_test(const DataFile& data, const std::optional<DataFile>& test, double test_fraction,
                          uint64_t seed, bool regression = false);

// A data file read for a model: its columns matched to the model's inputs by name, in any order
// (columns the model does not read are ignored), quantized as the model quantizes; labels kept
// when the file has the model's label column (IDX: a label file).
struct ModelData {
  Dataset data;                         // features in the model's input order
  std::vector<std::vector<int64_t>> q;  // quantized rows
  bool has_labels = false;
};
ModelData load_model_data(const Network& net, const DataFile& file);

// Model files.
Network load_model(const std::filesystem::path& path);
Network parse_model(const std::string& text, const std::string& filename);
std::string model_text(const Network& net);
void save_model(const Network& net, const std::filesystem::path& path);  // atomic

// A legal model name from a file stem ("my-data.hnet" -> "my_data").
std::string name_from_path(const std::string& path);

}  // namespace hv::flow

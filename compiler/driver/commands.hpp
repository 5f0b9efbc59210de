// The subcommands of the `heaviside` CLI, one file each (cmd_<name>.cpp), and helpers they share.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "frontend/csv.hpp"
#include "ir/network.hpp"

namespace hv {

class Args;
struct OptionSpec;

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args);  // returns the exit code
};

int cmd_train(const std::vector<std::string>& args);
// `train --method ste-*` (cmd_train_ste.cpp): the straight-through-estimator baselines.
bool wants_ste(const std::vector<std::string>& args);
int cmd_train_ste(const std::vector<std::string>& args);
int cmd_compile(const std::vector<std::string>& args);
int cmd_verify(const std::vector<std::string>& args);
int cmd_predict(const std::vector<std::string>& args);
int cmd_report(const std::vector<std::string>& args);

bool wants_help(const std::vector<std::string>& args);

// The --memory-limit option every command takes, and its application (support/resources.hpp).
OptionSpec memory_limit_option();
void apply_memory_limit(const Args& args);

// Refuses, before allocating, a verification run whose vectors would not fit in the memory budget.
void check_vectors_memory(const Network& net, size_t n_vectors);

// A data file: CSV, or IDX images (frontend/idx.hpp: is_idx_path) with their labels read from
// `labels` or, when that is empty, from the MNIST-named file next to the images when it exists.
// `labels_option` names the option for messages (--labels, --test-labels); `need_labels`: a
// missing label file is an error. A label file given with a CSV is an error.
Dataset read_dataset(const std::string& path, const std::string& labels, const std::string& labels_option,
                     const CsvOptions& opt, bool need_labels);

// Reads a data file (CSV or IDX, as read_dataset) whose columns include the model's inputs (matched by name, in any order) and
// returns the quantized rows; labels are returned when the file has the model's label column.
struct ModelData {
  Dataset data;                               // features reordered to the model's input order
  std::vector<std::vector<int64_t>> q;        // quantized rows
  bool has_labels = false;
};
ModelData read_model_data(const Network& net, const std::string& path, const std::string& labels = "");

// A legal model name from a file stem ("my-data.hnet" -> "my_data").
std::string name_from_path(const std::string& path);

}  // namespace hv

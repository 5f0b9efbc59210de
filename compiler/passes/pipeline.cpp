// The pipeline, on one screen. Add a pass: write passes/<name>.{hpp,cpp}, list it here.
#include "pipeline.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>

#include "fold_constants.hpp"
#include "ir/print.hpp"
#include "ir/verify.hpp"
#include "prune.hpp"
#include "share_rows.hpp"

namespace hv {

namespace {
struct Pass {
  const char* name;
  std::function<std::string(Network&)> run;  // returns a summary line, or "" if nothing changed
};

const std::vector<Pass>& passes() {
  static const std::vector<Pass> list = {
      {"fold_constants", fold_constants},  // neurons that always / never fire -> next layer's bias
      {"share_rows", share_rows},          // neurons with identical rows -> one neuron, all consumers
      {"prune", prune},                    // neurons no later layer reads -> removed
  };
  return list;
}
}  // namespace

std::vector<std::string> pass_names() {
  std::vector<std::string> names;
  for (const auto& p : passes()) names.push_back(p.name);
  return names;
}

Network run_pipeline(Network net, PassLog& log, const std::string& dump_after, const std::vector<std::string>& skip) {
  verify_network(net, "pipeline input");
  for (const auto& p : passes()) {
    if (std::find(skip.begin(), skip.end(), p.name) != skip.end()) continue;
    std::string line = p.run(net);
    verify_network(net, std::string("after pass ") + p.name);
    if (!line.empty()) log.lines.push_back(std::string(p.name) + ": " + line);
    if (dump_after == p.name) std::fputs(print_network(net).c_str(), stderr);
  }
  return net;
}

}  // namespace hv

// Merging hidden neurons with identical rows (see share_rows.hpp).
#include "share_rows.hpp"

#include <cstddef>
#include <map>
#include <vector>

namespace hv {

std::string share_rows(Network& net) {
  size_t merged = 0;
  for (size_t l = 0; l < net.hidden.size(); ++l) {
    Layer& layer = net.hidden[l];
    Layer& next = l + 1 < net.hidden.size() ? net.hidden[l + 1] : net.output;
    std::map<std::vector<int64_t>, int> first;  // row (weights, then bias) -> first neuron with it
    for (int j = 0; j < layer.n_out; ++j) {
      std::vector<int64_t> row(layer.weights.begin() + static_cast<std::ptrdiff_t>(j) * layer.n_in,
                               layer.weights.begin() + static_cast<std::ptrdiff_t>(j + 1) * layer.n_in);
      row.push_back(layer.bias[static_cast<size_t>(j)]);
      auto [it, fresh] = first.emplace(std::move(row), j);
      if (fresh) continue;
      bool read = false;
      for (int k = 0; k < next.n_out; ++k) {
        read = read || next.w(k, j) != 0;
        next.w(k, it->second) += next.w(k, j);
        next.w(k, j) = 0;
      }
      merged += read;
    }
  }
  return merged ? std::to_string(merged) + " duplicate neuron(s) merged into an identical one" : "";
}

}  // namespace hv

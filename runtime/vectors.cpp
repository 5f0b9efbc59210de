// Building and writing test vectors (see vectors.hpp). Expected values come from the reference.
#include "vectors.hpp"

#include <random>

#include "reference.hpp"

namespace hv {

VectorSet make_vectors(const Network& net, const std::vector<std::vector<int64_t>>& data_rows,
                       size_t n_random, uint64_t seed) {
  VectorSet vs;
  vs.n_in = static_cast<int>(net.inputs.size());
  for (size_t r = 0; r < data_rows.size(); ++r) {
    vs.inputs.push_back(data_rows[r]);
    vs.origin.push_back("data row " + std::to_string(r + 1));
  }
  add_random_vectors(net, vs, n_random, seed);
  return vs;
}

void add_random_vectors(const Network& net, VectorSet& vs, size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> dist(0, net.input_max());
  for (size_t k = 0; k < n; ++k) {
    std::vector<int64_t> q(vs.n_in);
    for (auto& v : q) v = dist(rng);
    vs.inputs.push_back(std::move(q));
    vs.origin.push_back("random vector " + std::to_string(k + 1));
  }
}

std::string vectors_text(const Network& net, const VectorSet& vs) {
  std::string out;
  out.reserve(vs.inputs.size() * (vs.n_in * 4 + 16));
  for (const auto& q : vs.inputs) {
    ref::Result r = ref::run(net, q);
    for (int64_t v : q) {
      out += std::to_string(v);
      out += ' ';
    }
    out += std::to_string(r.cls);
    for (int64_t s : r.scores) {
      out += ' ';
      out += std::to_string(s);
    }
    out += '\n';
  }
  return out;
}

}  // namespace hv

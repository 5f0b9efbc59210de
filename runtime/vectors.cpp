// Building, writing and reading test vectors (see vectors.hpp): inputs only.
#include "vectors.hpp"

#include <random>
#include <stdexcept>

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
  (void)net;
  std::string out;
  out.reserve(vs.inputs.size() * (static_cast<size_t>(vs.n_in) * 4 + 1));
  for (const auto& q : vs.inputs) {
    for (size_t i = 0; i < q.size(); ++i) {
      if (i) out += ' ';
      out += std::to_string(q[i]);
    }
    out += '\n';
  }
  return out;
}

VectorSet parse_vectors_text(const Network& net, const std::string& text, const std::string& filename) {
  VectorSet vs;
  vs.n_in = static_cast<int>(net.inputs.size());
  size_t at = 0, line = 0;
  while (at < text.size()) {
    size_t eol = text.find('\n', at);
    if (eol == std::string::npos) eol = text.size();
    ++line;
    std::vector<int64_t> q;
    const char* p = text.data() + at;
    const char* end = text.data() + eol;
    while (p < end) {
      while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) ++p;
      if (p == end) break;
      const char* start = p;
      int64_t v = 0;
      while (p < end && *p >= '0' && *p <= '9' && v <= net.input_max()) v = v * 10 + (*p++ - '0');
      if (p == start || v > net.input_max() || (p < end && *p != ' ' && *p != '\t' && *p != '\r'))
        throw std::runtime_error(filename + ":" + std::to_string(line) + ": error: field " +
                                 std::to_string(q.size() + 1) + " is not an input value in [0, " +
                                 std::to_string(net.input_max()) + "]");
      q.push_back(v);
    }
    at = eol + 1;
    if (q.empty()) continue;
    if (q.size() != net.inputs.size())
      throw std::runtime_error(filename + ":" + std::to_string(line) + ": error: " + std::to_string(q.size()) +
                               " inputs, expected " + std::to_string(net.inputs.size()));
    vs.inputs.push_back(std::move(q));
    vs.origin.push_back("vector file line " + std::to_string(line));
  }
  return vs;
}

}  // namespace hv

// Boundary vectors (runtime: add_tie_vectors): every vector it adds puts its target exactly at 0,
// it finds the layer-0 ties that exist (and none where none can exist), and it is deterministic.
#include <catch2/catch.hpp>

#include <numeric>

#include "ir/bounds.hpp"
#include "reference.hpp"
#include "vectors.hpp"
#include "verilator/verilog_nets.hpp"

namespace {

int64_t z_of(const hv::Layer& l, int j, const std::vector<int64_t>& in) {
  int64_t s = l.bias[j];
  for (int i = 0; i < l.n_in; ++i) s += l.w(j, i) * in[i];
  return s;
}

}  // namespace

TEST_CASE("add_tie_vectors: layer-0 ties are exact and found for every neuron that has one", "[verilog][ties]") {
  for (const auto& net : {hvtest::binary_net(), hvtest::deep_net(), hvtest::tie_net(), hvtest::keyword_net()}) {
    INFO(net.name);
    hv::VectorSet vs;
    vs.n_in = static_cast<int>(net.inputs.size());
    size_t n = hv::add_tie_vectors(net, vs, 200, 5);
    CHECK(n == vs.inputs.size());
    std::vector<bool> hit(net.hidden[0].n_out, false);
    for (size_t v = 0; v < vs.inputs.size(); ++v) {
      const std::string& o = vs.origin[v];
      if (o.rfind("tie: hidden layer 1 neuron ", 0) != 0) continue;
      int j = std::stoi(o.substr(27));
      CHECK(z_of(net.hidden[0], j, vs.inputs[v]) == 0);
      hit[j] = true;
    }
    auto bounds = hv::layer_bounds(net)[0];
    for (int j = 0; j < net.hidden[0].n_out; ++j) {
      int64_t g = 0;
      for (int i = 0; i < net.hidden[0].n_in; ++i) g = std::gcd(g, net.hidden[0].w(j, i));
      bool possible = g != 0 && net.hidden[0].bias[j] % g == 0 && bounds[j].lo < 0 && bounds[j].hi > 0;
      INFO("neuron " << j);
      CHECK(hit[j] == possible);
    }
  }
}

TEST_CASE("add_tie_vectors: output ties, impossible targets, determinism", "[verilog][ties]") {
  hv::Network net = hvtest::tie_net();
  hv::VectorSet a, b;
  a.n_in = b.n_in = 3;
  size_t n = hv::add_tie_vectors(net, a, 50, 1);
  hv::add_tie_vectors(net, b, 50, 1);
  CHECK(a.inputs == b.inputs);
  for (size_t v = 0; v < n; ++v) {
    if (a.origin[v] == "tie: score 0 = 0") CHECK(hv::ref::run(net, a.inputs[v]).scores[0] == 0);
    CHECK(a.origin[v] != "tie: hidden layer 1 neuron 2 z = 0");  // no weights, bias -1: never 0
  }
  hv::Network three = hvtest::three_class_net();  // scores 1 and 2 are equal on every vector
  hv::VectorSet t;
  t.n_in = 3;
  hv::add_tie_vectors(three, t, 100, 2);
  bool tie12 = false;
  for (size_t v = 0; v < t.inputs.size(); ++v) {
    if (t.origin[v].rfind("tie: score ", 0) != 0) continue;
    auto r = hv::ref::run(three, t.inputs[v]);
    int c = t.origin[v][11] - '0', d = t.origin[v][t.origin[v].size() - 1] - '0';
    CHECK(r.scores[c] == r.scores[d]);
    tie12 = tie12 || (c == 1 && d == 2);
  }
  CHECK(tie12);
}

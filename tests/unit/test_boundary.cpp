// Boundary vectors (runtime/boundary.hpp): every witness is exactly on its boundary (checked with
// the reference), the layer-0 DP decides exactly what a brute force over every input decides
// (covered / unreachable), the score tie of issue 13 (reachable at one input only) is found,
// impossible targets are proven unreachable, and the search is deterministic and fast.
#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <set>

#include "boundary.hpp"
#include "reference.hpp"
#include "vectors.hpp"
#include "verilator/verilog_nets.hpp"

namespace {

int64_t z_of(const hv::Layer& l, int j, const std::vector<int64_t>& in) {
  int64_t s = l.bias[j];
  for (int i = 0; i < l.n_in; ++i) s += l.w(j, i) * in[i];
  return s;
}

// Checks a covered item's witness against its description, with the reference.
void check_witness(const hv::Network& net, const hv::Boundary& b) {
  INFO(b.what);
  auto acts = hv::ref::activations(net, b.q);
  auto r = hv::ref::run(net, b.q);
  int layer = 0, neuron = 0, a = 0, c = 0;
  long long t = 0;
  if (std::sscanf(b.what.c_str(), "hidden layer %d neuron %d: z = %lld", &layer, &neuron, &t) == 3) {
    std::vector<int64_t> in = b.q;
    if (layer > 1) in.assign(acts[layer - 2].begin(), acts[layer - 2].end());
    CHECK(z_of(net.hidden[layer - 1], neuron, in) == t);
  } else if (std::sscanf(b.what.c_str(), "score %d - score %d = %lld", &a, &c, &t) == 3) {
    CHECK(r.scores[a] - r.scores[c] == t);
    for (size_t k = 0; k < r.scores.size(); ++k)
      if (static_cast<int>(k) != a && static_cast<int>(k) != c) CHECK(r.scores[k] <= std::min(r.scores[a], r.scores[c]));
  } else if (std::sscanf(b.what.c_str(), "hidden layer 1 neuron %d: -q%d <= z <= -1", &neuron, &a) == 2) {
    const int64_t z = z_of(net.hidden[0], neuron, b.q);
    CHECK(z < 0);
    CHECK(z >= -b.q[a]);
  } else if (std::sscanf(b.what.c_str(), "hidden layer 1 neuron %d: 0 <= z < q%d", &neuron, &a) == 2) {
    const int64_t z = z_of(net.hidden[0], neuron, b.q);
    CHECK(z >= 0);
    CHECK(z < b.q[a]);
  } else {
    REQUIRE(std::sscanf(b.what.c_str(), "score 0 = %lld", &t) == 1);
    CHECK(r.scores[0] == t);
  }
}

// 3 inputs of 7 bits (21 bits: above the exhaustive limit, so layer 0 goes through the DP).
hv::Network dp_net() {
  hv::Network n = hvtest::base_net("dpnet", 3, 7, 2);
  n.hidden.push_back({3, 4, {6, 10, 0, 4, -6, 8, 7, 3, 0, 0, 0, 0}, {-2, 5, -10, 4}});
  n.output = {4, 1, {3, -2, 1, 5}, {-4}};
  return n;
}

// Issue 13's tie: scores 0 and 1 are equal at q = (200, 100) only (10-bit inputs: no exhaustion).
hv::Network tie_at_one_point() {
  hv::Network n = hvtest::base_net("tie1", 2, 10, 3);
  n.hidden.push_back({2, 4, {1, 0, -1, 0, 0, 1, 0, -1}, {-200, 200, -100, 100}});
  n.output = {4, 3, {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0}, {10, 6, -100}};
  return n;
}

}  // namespace

TEST_CASE("find_boundaries: every witness is exactly on its boundary", "[boundary]") {
  for (const auto& net : {hvtest::binary_net(), hvtest::deep_net(), hvtest::tie_net(), hvtest::keyword_net(),
                          hvtest::three_class_net(), hvtest::extreme_net(), dp_net(), tie_at_one_point()}) {
    INFO(net.name);
    hv::BoundaryReport r = hv::find_boundaries(net, 5);
    CHECK(r.covered + r.unreachable + r.not_found == r.items.size());
    CHECK(r.covered > 0);
    for (const auto& b : r.items)
      if (b.status == hv::BoundaryStatus::covered) check_witness(net, b);
  }
}

TEST_CASE("find_boundaries: the layer-0 DP decides what a brute force over every input decides", "[boundary]") {
  hv::Network net = dp_net();
  hv::BoundaryReport r = hv::find_boundaries(net, 3);
  std::map<std::string, bool> reachable;
  std::vector<int64_t> q(3);
  for (q[0] = 0; q[0] <= net.input_max(); ++q[0])
    for (q[1] = 0; q[1] <= net.input_max(); ++q[1])
      for (q[2] = 0; q[2] <= net.input_max(); ++q[2])
        for (int j = 0; j < 4; ++j) {
          int64_t z = z_of(net.hidden[0], j, q);
          const std::string neuron = "hidden layer 1 neuron " + std::to_string(j) + ": ";
          for (int i = 0; i < 3; ++i) {
            if (z < 0 && z >= -q[i]) reachable[neuron + "-q" + std::to_string(i) + " <= z <= -1"] = true;
            if (z >= 0 && z < q[i]) reachable[neuron + "0 <= z < q" + std::to_string(i)] = true;
          }
          if (z >= -1 && z <= 1) reachable[neuron + "z = " + std::to_string(z)] = true;
        }
  size_t layer0 = 0;
  for (const auto& b : r.items) {
    if (b.what.rfind("hidden layer 1 ", 0) != 0) continue;
    INFO(b.what << " (" << b.how << ")");
    if (b.what.find(" <= z <= -1") != std::string::npos || b.what.find("0 <= z < q") != std::string::npos) {
      // per-input bands: never a false claim
      if (b.status == hv::BoundaryStatus::covered) CHECK(reachable[b.what]);
      if (b.status == hv::BoundaryStatus::unreachable) CHECK_FALSE(reachable[b.what]);
      continue;
    }
    ++layer0;
    CHECK(b.status != hv::BoundaryStatus::not_found);  // the DP decides every one
    CHECK((b.status == hv::BoundaryStatus::covered) == reachable[b.what]);
  }
  CHECK(layer0 == 12);
  // Neuron 0 (6 q0 + 10 q1 - 2) never reaches z = 0 although gcd(6, 10) divides 2 (it needs a
  // negative q); neuron 1 (4 q0 - 6 q1 + 8 q2 + 5) is odd: z = 0 unreachable, z = -1 and 1 reached.
  for (const auto& b : r.items) {
    if (b.what == "hidden layer 1 neuron 0: z = 0" || b.what == "hidden layer 1 neuron 1: z = 0") {
      CHECK(b.status == hv::BoundaryStatus::unreachable);
      CHECK(b.how == (b.what.find("neuron 0") != std::string::npos ? "DP" : "gcd of the weights"));
    }
    if (b.what == "hidden layer 1 neuron 1: z = -1" || b.what == "hidden layer 1 neuron 1: z = 1")
      CHECK(b.status == hv::BoundaryStatus::covered);
  }
}

TEST_CASE("find_boundaries: a score tie reachable at one input only is found", "[boundary]") {
  hv::Network net = tie_at_one_point();
  hv::BoundaryReport r = hv::find_boundaries(net, 1);
  bool tie = false;
  for (const auto& b : r.items)
    if (b.what == "score 0 - score 1 = 0, both on top") {
      INFO(b.how);
      REQUIRE(b.status == hv::BoundaryStatus::covered);
      CHECK(b.q == std::vector<int64_t>{200, 100});
      CHECK(hv::ref::run(net, b.q).cls == 0);  // the tie goes to the lowest class
      tie = true;
    }
  CHECK(tie);
}

TEST_CASE("find_boundaries: impossible targets are proven unreachable, exhaustively on small spaces",
          "[boundary]") {
  hv::Network net = hvtest::tie_net();  // neuron 2 has no weights and bias -1: z is always -1
  hv::BoundaryReport r = hv::find_boundaries(net, 1);
  for (const auto& b : r.items) {
    if (b.what == "hidden layer 1 neuron 2: z = 0" || b.what == "hidden layer 1 neuron 2: z = 1")
      CHECK(b.status == hv::BoundaryStatus::unreachable);
    if (b.what == "hidden layer 1 neuron 2: z = -1") CHECK(b.status == hv::BoundaryStatus::covered);
  }
  hv::Network small = hvtest::base_net("small", 2, 4, 2);  // 8 input bits: exhaustive
  small.hidden.push_back({2, 2, {2, 2, 3, 0}, {-1, -2}});
  small.output = {2, 1, {1, 1}, {-1}};
  hv::BoundaryReport s = hv::find_boundaries(small, 1);
  for (const auto& b : s.items) {
    INFO(b.what);
    CHECK(b.how == "exhaustive");
    CHECK(b.status != hv::BoundaryStatus::not_found);
    if (b.what == "hidden layer 1 neuron 0: z = 0") CHECK(b.status == hv::BoundaryStatus::unreachable);  // odd
    if (b.what == "hidden layer 1 neuron 0: z = 1") CHECK(b.status == hv::BoundaryStatus::covered);
  }
  CHECK(s.not_found == 0);
}

TEST_CASE("find_boundaries: deterministic, and add_boundary_vectors adds each witness once", "[boundary]") {
  hv::Network net = hvtest::deep_net();
  hv::BoundaryReport a = hv::find_boundaries(net, 9), b = hv::find_boundaries(net, 9);
  REQUIRE(a.items.size() == b.items.size());
  for (size_t k = 0; k < a.items.size(); ++k) {
    CHECK(a.items[k].status == b.items[k].status);
    CHECK(a.items[k].q == b.items[k].q);
  }
  CHECK(a.summary() == std::to_string(a.items.size()) + " boundaries: " + std::to_string(a.covered) + " covered, " +
                           std::to_string(a.unreachable) + " proven unreachable, " + std::to_string(a.not_found) +
                           " not found");
  hv::VectorSet vs;
  vs.n_in = static_cast<int>(net.inputs.size());
  size_t added = hv::add_boundary_vectors(a, vs);
  std::set<std::vector<int64_t>> distinct(vs.inputs.begin(), vs.inputs.end());
  CHECK(added == vs.inputs.size());
  CHECK(distinct.size() == added);
  CHECK(added <= a.covered);
  hv::VectorSet capped;
  capped.n_in = vs.n_in;
  CHECK(hv::add_tie_vectors(net, capped, 3, 9) == 3);
}

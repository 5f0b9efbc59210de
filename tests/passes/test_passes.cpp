// Passes preserve the integer contract's outputs exactly and remove what they claim to remove.
#include <catch2/catch.hpp>
#include <random>

#include "passes/fold_constants.hpp"
#include "passes/pipeline.hpp"
#include "passes/prune.hpp"
#include "passes/share_rows.hpp"
#include "reference.hpp"

namespace {

hv::Network sample_network() {
  hv::Network n;
  n.name = "p";
  n.label = "y";
  n.classes = {"a", "b", "c"};
  n.input_bits = 4;
  n.inputs = {{"x0", 0, 1}, {"x1", 0, 1}};
  hv::Layer h;
  h.n_in = 2;
  h.n_out = 4;
  h.weights = {1, -1,  // varies
               0, 0,   // bias 5: always fires
               0, 0,   // bias -1: never fires
               2, 1};  // varies, but no one reads it (zero column below)
  h.bias = {0, 5, -1, -20};
  hv::Layer o;
  o.n_in = 4;
  o.n_out = 3;
  o.weights = {3, 4, 7, 0,  //
               -2, 1, 1, 0,  //
               1, -5, 2, 0};
  o.bias = {0, 1, 2};
  n.hidden = {h};
  n.output = o;
  return n;
}

void same_outputs(const hv::Network& a, const hv::Network& b) {
  for (int64_t x0 = 0; x0 < 16; ++x0)
    for (int64_t x1 = 0; x1 < 16; ++x1) {
      std::vector<int64_t> q{x0, x1};
      auto ra = hv::ref::run(a, q), rb = hv::ref::run(b, q);
      CHECK(ra.scores == rb.scores);
      CHECK(ra.cls == rb.cls);
    }
}

}  // namespace

TEST_CASE("fold_constants moves constant neurons into the next bias", "[passes]") {
  hv::Network n = sample_network(), f = n;
  CHECK(hv::fold_constants(f) == "2 constant neuron(s) folded into the next layer's bias");
  CHECK(f.output.bias == std::vector<int64_t>{4, 2, -3});
  same_outputs(n, f);
  CHECK(hv::fold_constants(f).empty());  // idempotent
}

TEST_CASE("prune removes unread neurons", "[passes]") {
  hv::Network n = sample_network(), p = n;
  CHECK(hv::prune(p) == "1 unused neuron(s) removed");
  CHECK(p.hidden[0].n_out == 3);
  same_outputs(n, p);
}

TEST_CASE("the pipeline preserves outputs and verifies between passes", "[passes]") {
  hv::Network n = sample_network();
  hv::PassLog log;
  hv::Network out = hv::run_pipeline(n, log);
  same_outputs(n, out);
  CHECK(out.hidden[0].n_out == 1);
  CHECK(log.lines.size() == 2);  // fold_constants and prune; no duplicate rows
}

TEST_CASE("prune keeps one neuron when nothing is read", "[passes]") {
  hv::Network n = sample_network();
  std::fill(n.output.weights.begin(), n.output.weights.end(), 0);
  hv::Network p = n;
  hv::prune(p);
  CHECK(p.hidden[0].n_out == 1);
  same_outputs(n, p);
}

TEST_CASE("share_rows merges neurons with identical rows into one", "[passes]") {
  hv::Network n = sample_network();
  // Neuron 4 repeats neuron 0 (row 1, -1, bias 0); neuron 5 has its row but another bias.
  hv::Layer& h = n.hidden[0];
  h.weights.insert(h.weights.end(), {1, -1, 1, -1});
  h.bias.insert(h.bias.end(), {0, 1});
  h.n_out = 6;
  std::vector<int64_t> w;
  for (int k = 0; k < 3; ++k) {
    for (int j = 0; j < 4; ++j) w.push_back(n.output.w(k, j));
    w.push_back(k - 1);  // neuron 4: -1, 0, 1
    w.push_back(2);      // neuron 5
  }
  n.output.weights = w;
  n.output.n_in = 6;
  hv::Network s = n;
  CHECK(hv::share_rows(s) == "1 duplicate neuron(s) merged into an identical one");
  for (int k = 0; k < 3; ++k) {
    CHECK(s.output.w(k, 4) == 0);
    CHECK(s.output.w(k, 0) == n.output.w(k, 0) + k - 1);
    CHECK(s.output.w(k, 5) == 2);
  }
  same_outputs(n, s);
  CHECK(hv::share_rows(s).empty());  // idempotent
  hv::PassLog log;
  hv::Network out = hv::run_pipeline(n, log);
  same_outputs(n, out);
  CHECK(out.hidden[0].n_out == 2);  // neurons 0 and 5; 1, 2 folded, 3 unread, 4 merged
}

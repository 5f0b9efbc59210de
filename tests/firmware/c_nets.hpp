// Shared helpers of the C backend tests: seeded random networks, local tie-boundary vectors,
// emitting a model into a scratch folder and the strict compile flags every generated file must
// pass without a single diagnostic.
#pragma once
#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "backends/c/prepare_c.hpp"
#include "ir/network.hpp"
#include "vectors.hpp"

namespace hvtest {

inline const char* kStrict =
    "-std=c99 -O2 -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wstrict-prototypes -Wmissing-prototypes "
    "-Wcast-qual -Wundef -Werror";
inline const char* kSanitize = "-g -fsanitize=address,undefined -fno-sanitize-recover=all";

// Weights uniform in [-wmax, wmax]; biases put each neuron near the middle of its range, so that
// activations vary across random inputs.
inline hv::Layer random_layer(std::mt19937_64& rng, int n_in, int n_out, int64_t wmax, int64_t in_max) {
  std::uniform_int_distribution<int64_t> w(-wmax, wmax);
  hv::Layer l;
  l.n_in = n_in;
  l.n_out = n_out;
  for (int j = 0; j < n_out; ++j) {
    int64_t sum = 0;
    for (int i = 0; i < n_in; ++i) {
      l.weights.push_back(w(rng));
      sum += l.weights.back();
    }
    l.bias.push_back(-(sum / 2) * in_max + w(rng) / 4);
  }
  return l;
}

inline hv::Network random_net(const std::string& name, int n_inputs, std::vector<int> hidden, int n_classes,
                              int input_bits, int64_t wmax, uint64_t seed) {
  std::mt19937_64 rng(seed);
  hv::Network net;
  net.name = name;
  net.label = std::string("y");
  for (int c = 0; c < n_classes; ++c) net.classes.push_back("class" + std::to_string(c));
  net.input_bits = input_bits;
  for (int i = 0; i < n_inputs; ++i) net.inputs.push_back({"x" + std::to_string(i), -1.5, 0.25});
  int width = n_inputs;
  for (size_t l = 0; l < hidden.size(); ++l) {
    net.hidden.push_back(random_layer(rng, width, hidden[l], wmax, l == 0 ? net.input_max() : 1));
    width = hidden[l];
  }
  net.output = random_layer(rng, width, n_classes == 2 ? 1 : n_classes, wmax, 1);
  return net;
}

// `net` with a sparse hidden layer 0: neuron j keeps j % (k + 1) nonzero weights, k = n_in unless
// `max_fan_in` is smaller (so every fan-in from 0 to k occurs), at seeded positions, each drawn
// from `values` (put the extremes there); the biases put each neuron near the middle of its
// range, as random_layer does.
inline void sparsify_layer0(hv::Network& net, const std::vector<int64_t>& values, uint64_t seed,
                            int max_fan_in = 1 << 30) {
  std::mt19937_64 rng(seed);
  hv::Layer& l = net.hidden[0];
  std::vector<int> order(static_cast<size_t>(l.n_in));
  for (int j = 0; j < l.n_out; ++j) {
    for (int i = 0; i < l.n_in; ++i) order[static_cast<size_t>(i)] = i;
    std::shuffle(order.begin(), order.end(), rng);
    const int keep = j % (std::min(l.n_in, max_fan_in) + 1);
    int64_t sum = 0;
    for (int i = 0; i < l.n_in; ++i) l.weights[static_cast<size_t>(j) * l.n_in + i] = 0;
    for (int k = 0; k < keep; ++k) {
      const int64_t w = values[rng() % values.size()];
      l.weights[static_cast<size_t>(j) * l.n_in + order[static_cast<size_t>(k)]] = w;
      sum += w;
    }
    l.bias[static_cast<size_t>(j)] = -(sum / 2) * net.input_max() + static_cast<int64_t>(rng() % 7) - 3;
  }
}

// Up to `n` inputs on which some neuron of hidden layer 0 sits exactly on its threshold (z = 0,
// where the tie fires): from seeded random q, one input is solved for so that z becomes 0.
std::vector<std::vector<int64_t>> tie_vectors(const hv::Network& net, size_t n, uint64_t seed);

// Data-free vector set: `n_random` seeded random vectors, then the tie vectors.
hv::VectorSet vectors_with_ties(const hv::Network& net, size_t n_random, uint64_t seed, size_t* ties = nullptr);

struct Emitted {
  std::filesystem::path dir, h, c, vectors;
};

// Emits `net` with `options` into a fresh scratch folder and writes its vector file.
Emitted emit(const hv::Network& net, const std::string& test, const hv::COptions& options = {},
             size_t n_random = 3000);

// Compiles a .c file with `compiler` at kStrict (plus `extra`); returns all its output ("" = clean).
std::string strict_compile(const std::string& compiler, const std::filesystem::path& c_file,
                           const std::string& extra = "");

}  // namespace hvtest

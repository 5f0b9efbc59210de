// FNV-1a fingerprint of the IR (see hash.hpp). O(size of the network).
#include "ir/hash.hpp"

#include <fmt/format.h>
#include <cstdio>
#include <cstring>

namespace hv {

namespace {
struct Fnv {
  uint64_t h = 1469598103934665603ull;
  void bytes(const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < n; ++i) {
      h ^= b[i];
      h *= 1099511628211ull;
    }
  }
  void i64(int64_t v) { bytes(&v, sizeof v); }
  void f64(double v) {
    uint64_t u;
    std::memcpy(&u, &v, sizeof u);
    bytes(&u, sizeof u);
  }
  void str(const std::string& s) {
    i64(static_cast<int64_t>(s.size()));
    bytes(s.data(), s.size());
  }
  void layer(const Layer& l) {
    i64(l.n_in);
    i64(l.n_out);
    for (int64_t w : l.weights) i64(w);
    for (int64_t b : l.bias) i64(b);
  }
};
}  // namespace

uint64_t network_hash(const Network& net) {
  Fnv f;
  f.str(net.name);
  f.str(net.label);
  f.i64(static_cast<int64_t>(net.classes.size()));
  for (const auto& c : net.classes) f.str(c);
  f.i64(net.input_bits);
  f.i64(static_cast<int64_t>(net.inputs.size()));
  for (const auto& in : net.inputs) {
    f.str(in.name);
    f.f64(in.lo);
    f.f64(in.step);
  }
  f.i64(static_cast<int64_t>(net.hidden.size()));
  for (const auto& l : net.hidden) f.layer(l);
  f.layer(net.output);
  f.f64(net.score_scale);
  if (net.regression()) {  // classifiers hash as before the task existed
    f.str("regression");
    f.i64(static_cast<int64_t>(net.targets.size()));
    for (const auto& t : net.targets) {
      f.str(t.name);
      f.f64(t.offset);
      f.f64(t.step);
    }
  }
  return f.h;
}

std::string network_hash_hex(const Network& net) {
  return fmt::format("{:016x}", network_hash(net));
}

}  // namespace hv

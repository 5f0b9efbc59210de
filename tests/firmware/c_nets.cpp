// Helpers of the C backend tests (see c_nets.hpp).
#include "firmware/c_nets.hpp"

#include "backends/c/emit_c.hpp"
#include "support/cli.hpp"

namespace hvtest {

std::vector<std::vector<int64_t>> tie_vectors(const hv::Network& net, size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> dist(0, net.input_max());
  const hv::Layer& l0 = net.hidden[0];
  std::vector<std::vector<int64_t>> out;
  for (size_t tries = 0; out.size() < n && tries < 200 * n; ++tries) {
    std::vector<int64_t> q(net.inputs.size());
    for (auto& v : q) v = dist(rng);
    const int j = static_cast<int>(tries % static_cast<size_t>(l0.n_out));
    const int k = static_cast<int>(rng() % static_cast<uint64_t>(l0.n_in));
    const int64_t wk = l0.w(j, k);
    if (wk == 0) continue;
    int64_t rest = l0.bias[j];
    for (int i = 0; i < l0.n_in; ++i)
      if (i != k) rest += l0.w(j, i) * q[i];
    if (rest % wk != 0) continue;
    const int64_t qk = -rest / wk;  // w_k q_k + rest = 0
    if (qk < 0 || qk > net.input_max()) continue;
    q[k] = qk;
    out.push_back(q);
  }
  return out;
}

hv::VectorSet vectors_with_ties(const hv::Network& net, size_t n_random, uint64_t seed, size_t* ties) {
  hv::VectorSet vs = hv::make_vectors(net, {}, n_random, seed);
  auto t = tie_vectors(net, 500, seed + 1);
  for (auto& q : t) {
    vs.inputs.push_back(q);
    vs.origin.push_back("tie");
  }
  if (ties) *ties = t.size();
  return vs;
}

Emitted emit(const hv::Network& net, const std::string& test, const hv::COptions& options, size_t n_random) {
  Emitted e;
  e.dir = scratch("firmware_" + test);
  auto files = hv::emit_c(net, e.dir, options);
  e.h = files.at(0);
  e.c = files.at(1);
  e.vectors = e.dir / "vectors.txt";
  write(e.vectors, hv::vectors_text(net, vectors_with_ties(net, n_random, 7)));
  return e;
}

std::string strict_compile(const std::string& compiler, const std::filesystem::path& c_file, const std::string& extra) {
  const std::string obj = (c_file.parent_path() / (compiler + ".o")).string();
  auto r = run(compiler + " " + kStrict + " " + extra + " -c " + c_file.string() + " -o " + obj);
  return r.code == 0 ? r.out : "exit " + std::to_string(r.code) + ": " + r.out;
}

}  // namespace hvtest

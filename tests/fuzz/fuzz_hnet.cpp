// libFuzzer target for the model file parser (frontend/hnet_parse.cpp). Beyond "no crash, no
// undefined behaviour", it checks the parser's contract:
//   - a rejected input raises a UserError naming the file ("f.hnet...: error: ..."), printable as
//     valid UTF-8, and nothing else;
//   - an accepted model passes verify_network, prints to text that parses back to the identical
//     model, and prints identically again (print is a fixed point);
//   - the pass pipeline accepts it and preserves the reference's scores on the all-zero and the
//     all-maximum input vectors, whose scores stay inside the verifier's bounds.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "frontend/hnet_parse.hpp"
#include "ir/bounds.hpp"
#include "ir/print.hpp"
#include "ir/verify.hpp"
#include "passes/pipeline.hpp"
#include "reference.hpp"
#include "fuzz_util.hpp"
#include "support/diagnostics.hpp"

namespace {

void check(bool ok, const char* what) { hvfuzz::check(ok, "fuzz_hnet", what); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  hv::Network net;
  try {
    net = hv::parse_hnet(text, "f.hnet");
  } catch (const hv::UserError& e) {
    hvfuzz::check_message(e.what(), "f.hnet", "fuzz_hnet");
    return 0;
  }
  hv::verify_network(net, "fuzz");  // throws (an uncaught exception: a finding) if the parser let it through
  const std::string printed = hv::print_network(net);
  hv::Network back = hv::parse_hnet(printed, "printed.hnet");
  check(back == net, "parse(print(net)) != net");
  check(hv::print_network(back) == printed, "print is not a fixed point");

  hv::PassLog log;
  hv::Network opt = hv::run_pipeline(net, log);
  auto bounds = hv::layer_bounds(net);
  for (int64_t level : {int64_t{0}, net.input_max()}) {
    std::vector<int64_t> q(net.inputs.size(), level);
    auto a = hv::ref::run(net, q), b = hv::ref::run(opt, q);
    check(a.scores == b.scores && a.cls == b.cls, "the pass pipeline changed an output");
    for (size_t c = 0; c < a.scores.size(); ++c)
      check(a.scores[c] >= bounds.back()[c].lo && a.scores[c] <= bounds.back()[c].hi, "score outside its bound");
  }
  return 0;
}

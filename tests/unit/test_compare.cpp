// The verdict (runtime/compare.hpp): computed from the reference in the verifier's process; a
// changed class or score, a late output, a missing, extra or malformed line is a mismatch, and
// nothing else in the outputs makes a difference.
#include <catch2/catch.hpp>

#include "compare.hpp"
#include "reference.hpp"
#include "verilator/verilog_nets.hpp"

namespace {

std::vector<std::vector<int64_t>> inputs_of(const hv::Network& net, size_t n) {
  std::vector<std::vector<int64_t>> in;
  for (size_t k = 0; k < n; ++k) {
    std::vector<int64_t> q(net.inputs.size());
    for (size_t i = 0; i < q.size(); ++i) q[i] = static_cast<int64_t>((k * 37 + i * 11) % (net.input_max() + 1));
    in.push_back(q);
  }
  return in;
}

// What a correct target writes (optionally with timing fields).
std::string correct(const hv::Network& net, const std::vector<std::vector<int64_t>>& in, const std::string& timing = "") {
  std::string out;
  for (const auto& q : in) {
    auto r = hv::ref::run(net, q);
    out += std::to_string(r.cls);
    for (int64_t s : r.scores) out += " " + std::to_string(s);
    out += timing + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("compare_outputs: agreement, and each kind of disagreement", "[compare]") {
  hv::Network net = hvtest::three_class_net();
  auto in = inputs_of(net, 20);
  hv::CheckReport r;
  hv::compare_outputs(net, in, correct(net, in), {}, r);
  CHECK(r.ran);
  CHECK(r.vectors == 20);
  CHECK(r.mismatches == 0);

  std::string text = correct(net, in);
  // vector 5: one score changed
  size_t line5 = 0;
  for (int k = 0; k < 5; ++k) line5 = text.find('\n', line5) + 1;
  size_t eol = text.find('\n', line5);
  std::string bad = text.substr(0, eol) + "7" + text.substr(eol);
  hv::compare_outputs(net, in, bad, {}, r);
  CHECK(r.mismatches == 1);
  CHECK(r.first_bad == std::vector<size_t>{5});
  CHECK(r.details.rfind("mismatch vector 5: expected scores ", 0) == 0);

  // the last 3 lines missing; an extra line; a malformed line
  size_t cut = text.size();
  for (int k = 0; k < 4; ++k) cut = text.rfind('\n', cut - 1);
  hv::compare_outputs(net, in, text.substr(0, cut + 1), {}, r);
  CHECK(r.mismatches == 3);
  CHECK(r.details.find("missing outputs: 3 of 20 vectors produced no output (from vector 17 on)") != std::string::npos);
  hv::compare_outputs(net, in, text + "0 0 0 0\n", {}, r);
  CHECK(r.mismatches == 1);
  CHECK(r.details.find("an output with no vector in flight") != std::string::npos);
  hv::compare_outputs(net, in, "20 vectors, 0 mismatches\n" + text, {}, r);
  CHECK(r.mismatches >= 1);  // the old summary line is just a malformed output (and shifts the rest)
  CHECK(r.details.rfind("mismatch vector 0: malformed output line \"20 vectors, 0 mismatches\"", 0) == 0);
  hv::compare_outputs(net, in, "", {}, r);
  CHECK(r.mismatches == 20);
}

TEST_CASE("compare_outputs: a pipeline's timing fields and a class-only port", "[compare]") {
  hv::Network net = hvtest::binary_net();
  auto in = inputs_of(net, 10);
  hv::OutputLayout timed;
  timed.timing = true;
  timed.latency = 3;
  hv::CheckReport r;
  hv::compare_outputs(net, in, correct(net, in, " 3 0"), timed, r);
  CHECK(r.mismatches == 0);
  std::string late = correct(net, in, " 3 0");
  late.replace(late.find(" 3 0\n"), 5, " 4 0\n");
  hv::compare_outputs(net, in, late, timed, r);
  CHECK(r.mismatches == 1);
  CHECK(r.details.find("came out after 4 pipeline advances, expected 3") != std::string::npos);
  std::string skid = correct(net, in, " 3 0");
  skid.replace(skid.find(" 3 0\n"), 5, " 4 1\n");  // from the skid buffer: one more
  hv::compare_outputs(net, in, skid, timed, r);
  CHECK(r.mismatches == 0);
  hv::OutputLayout class_only;
  class_only.scores = false;
  std::string classes;
  for (const auto& q : in) classes += std::to_string(hv::ref::run(net, q).cls) + "\n";
  hv::compare_outputs(net, in, classes, class_only, r);
  CHECK(r.mismatches == 0);
  classes[0] = classes[0] == '0' ? '1' : '0';
  hv::compare_outputs(net, in, classes, class_only, r);
  CHECK(r.mismatches == 1);
  CHECK(r.first_bad == std::vector<size_t>{0});
}

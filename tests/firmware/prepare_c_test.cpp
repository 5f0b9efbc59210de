// Tests of prepare_c: the C backend's decisions (identifier prefix, table, term and accumulator
// types, word packing, walk or bit planes) on tiny hand-made networks, where the right answer can
// be worked out by hand.
#include <catch2/catch.hpp>

#include "backends/c/prepare_c.hpp"
#include "support/diagnostics.hpp"

namespace {

hv::Layer layer(int n_in, int n_out, std::vector<int64_t> w, std::vector<int64_t> b) {
  hv::Layer l;
  l.n_in = n_in;
  l.n_out = n_out;
  l.weights = std::move(w);
  l.bias = std::move(b);
  return l;
}

// 2 inputs -> 2 hidden -> binary output, with the given weights for hidden[0].
hv::Network tiny(const std::string& name, std::vector<int64_t> w0, std::vector<int64_t> b0, int bits = 8) {
  hv::Network net;
  net.name = name;
  net.label = std::string("y");
  net.classes = {"no", "yes"};
  net.input_bits = bits;
  net.inputs = {{"a", 0.0, 1.0}, {"b", 0.0, 1.0}};
  net.hidden.push_back(layer(2, 2, std::move(w0), std::move(b0)));
  net.output = layer(2, 1, {1, -1}, {0});
  return net;
}

}  // namespace

TEST_CASE("prepare_c: table types are the smallest that hold every entry", "[firmware][prepare]") {
  CHECK(hv::c_int_type(1) == "int8_t");
  CHECK(hv::c_int_type(8) == "int8_t");
  CHECK(hv::c_int_type(9) == "int16_t");
  CHECK(hv::c_int_type(17) == "int32_t");
  CHECK(hv::c_int_type(33) == "int64_t");

  auto plan = hv::prepare_c(tiny("t", {127, -128, 1, 2}, {-129, 0}));
  REQUIRE(plan.layers.size() == 2);
  CHECK(plan.layers[0].weight_type == "int8_t");
  CHECK(plan.layers[0].bias_type == "int16_t");
  CHECK(plan.layers[0].acc_bits == 17);  // 127 * 255 + 2 * 255 - 129 needs 17 bits
  CHECK(plan.layers[0].acc_type == "t_acc24");  // __int24 on AVR, else int32_t
  CHECK(plan.layers[0].prod_type == "int16_t");  // one term: 8-bit weight times 8-bit input
  CHECK(plan.input_type == "uint8_t");
  CHECK(plan.layers[1].weight_type == "int8_t");
  CHECK(plan.score_type == "int16_t");  // scores in [-1, 1]: the smallest accumulator is 16 bits
  CHECK(plan.binary);

  plan = hv::prepare_c(tiny("t", {40000, 1, 2, 3}, {70000, 0}, 9));
  CHECK(plan.layers[0].weight_type == "int32_t");
  CHECK(plan.layers[0].bias_type == "int32_t");
  CHECK(plan.input_type == "uint16_t");
}

TEST_CASE("prepare_c: accumulators widen to int64_t only when a sum or a term needs it", "[firmware][prepare]") {
  // 2 * 2^22 * 255 < 2^31: int32 holds every sum.
  auto plan = hv::prepare_c(tiny("t", {1 << 22, 1 << 22, 0, 0}, {0, 0}));
  CHECK(plan.layers[0].acc_type == "int32_t");
  CHECK(plan.layers[0].acc_bits == 32);
  // 2 * 2^23 * 255 >= 2^31.
  plan = hv::prepare_c(tiny("t", {1 << 23, 1 << 23, 0, 0}, {0, 0}));
  CHECK(plan.layers[0].acc_type == "int64_t");
  // The sum's range fits 32 bits, but the single term w * q does not.
  plan = hv::prepare_c(tiny("t", {(int64_t{1} << 31) / 255 + 1, 0, 0, 0}, {-(int64_t{1} << 31), 0}));
  CHECK(plan.layers[0].acc_bits <= 32);
  CHECK(plan.layers[0].acc_type == "int64_t");
  // A weight of 2^32 - 1 cancelled by the bias: sums fit 33 bits, the weight alone needs int64.
  hv::Network net = tiny("t", {1, 1, 1, 1}, {0, 0});
  net.output = layer(2, 1, {(int64_t{1} << 32) - 1, 0}, {-(int64_t{1} << 31)});
  plan = hv::prepare_c(net);
  CHECK(plan.layers[1].weight_type == "int64_t");
  CHECK(plan.score_type == "int64_t");
}

TEST_CASE("prepare_c: activations pack into 8-, 16- or 32-bit words", "[firmware][prepare]") {
  hv::Network net = tiny("t", {1, 1, 1, 1}, {0, 0});
  for (int wb : {8, 16, 32})
    for (int n : {1, 8, 9, 16, 17, 32, 33, 64, 65}) {
      net.hidden[0] = layer(2, n, std::vector<int64_t>(2 * n, 1), std::vector<int64_t>(n, 0));
      net.output = layer(n, 1, std::vector<int64_t>(n, 1), {0});
      auto plan = hv::prepare_c(net, {wb, "auto"});
      CHECK(plan.word_type == "uint" + std::to_string(wb) + "_t");
      CHECK(plan.layers[0].out_words == (n + wb - 1) / wb);
      CHECK(plan.layers[1].in_words == (n + wb - 1) / wb);
      CHECK_FALSE(plan.layers[0].reads_bits);
      CHECK(plan.layers[1].reads_bits);
    }
  CHECK(hv::prepare_c(net).word_bits == 32);
}

TEST_CASE("prepare_c: bad C options are user errors", "[firmware][prepare]") {
  hv::Network net = tiny("t", {1, 1, 1, 1}, {0, 0});
  CHECK_THROWS_AS(hv::prepare_c(net, {12, "auto"}), hv::UserError);
  CHECK_THROWS_AS(hv::prepare_c(net, {32, "popcount"}), hv::UserError);
}

// 2 inputs -> n_in neurons -> 3 neurons whose weights are all `w` -> 1 score.
hv::Network two_hidden(int n_in, int64_t w) {
  hv::Network net = tiny("t", std::vector<int64_t>(2 * n_in, 1), std::vector<int64_t>(n_in, 0));
  net.hidden[0] = layer(2, n_in, std::vector<int64_t>(2 * n_in, 1), std::vector<int64_t>(n_in, 0));
  net.hidden.push_back(layer(n_in, 3, std::vector<int64_t>(3 * n_in, w), {0, 1, 2}));
  net.output = layer(3, 1, {1, 1, 1}, {0});
  return net;
}

TEST_CASE("prepare_c: the cost model picks bit planes for few-bit weights, the walk for wide ones", "[firmware][prepare]") {
  // Measured (docs/FIRMWARE.md): planes win up to 3-bit weights with 8-bit words (AVR), up to
  // 4-bit weights with 32-bit words (host); the output layer always walks.
  for (int wb : {8, 32})
    for (int64_t w : {0, 1, 3, -4, 31, 127}) {
      auto plan = hv::prepare_c(two_hidden(64, w), {wb, "auto"});
      const auto& l = plan.layers[1];
      const int bits = l.planes;
      CHECK(bits == (w == 0 ? 1 : w == 1 ? 2 : w == 3 || w == -4 ? 3 : w == 31 ? 6 : 8));
      const bool want = wb == 8 ? bits <= 3 : bits <= 4;
      INFO("word " << wb << ", weight " << w << ", walk " << l.walk_cost << ", planes " << l.planes_cost);
      CHECK((l.dot == hv::CDot::planes) == want);
      CHECK(plan.popcount == want);
      CHECK(plan.layers.back().dot == hv::CDot::walk);
      CHECK(hv::prepare_c(two_hidden(64, w), {wb, "walk"}).layers[1].dot == hv::CDot::walk);
      CHECK(hv::prepare_c(two_hidden(64, w), {wb, "planes"}).layers[1].dot == hv::CDot::planes);
    }
}

TEST_CASE("prepare_c: bit planes widen the accumulator for Horner's partial sums", "[firmware][prepare]") {
  // 300 inputs of weight 127: sums need 17 bits (walk); the planes' s reaches -2^7 * 300 too.
  auto walk = hv::prepare_c(two_hidden(300, 127), {32, "walk"});
  CHECK(walk.layers[1].acc_type == "int32_t");
  // 100 weights of -1: sums within [-100, 2] fit 16 bits either way.
  auto planes = hv::prepare_c(two_hidden(100, -1), {32, "planes"});
  CHECK(planes.layers[1].planes == 1);
  CHECK(planes.layers[1].acc_type == "int16_t");
  // 300 weights of 100 (8 planes): sums reach 30002 (16 bits) but Horner's s reaches 2^7 * 300.
  auto wide = hv::prepare_c(two_hidden(300, 100), {32, "planes"});
  CHECK(wide.layers[1].acc_bits <= 16);
  CHECK(wide.layers[1].acc_type == "int32_t");
}

TEST_CASE("prepare_c: weight bit planes are two's complement, packed LSB-first", "[firmware][prepare]") {
  const int64_t row[] = {1, -1, 2, -4, 3, 0, 0, 0, 0, -2};
  auto p = hv::weight_planes(row, 10, 3, 8);  // 3 planes x 2 words of 8 bits
  REQUIRE(p.size() == 6);
  // plane 0 (bit 0): weights 1, -1, 3 -> bits 0, 1, 4
  CHECK(p[0] == 0x13u);
  CHECK(p[1] == 0x00u);
  // plane 1 (bit 1): -1, 2, 3, -2 -> bits 1, 2, 4 and bit 9 (word 1, bit 1)
  CHECK(p[2] == 0x16u);
  CHECK(p[3] == 0x02u);
  // plane 2 (sign, -4): -1, -4, -2 -> bits 1, 3 and 9
  CHECK(p[4] == 0x0au);
  CHECK(p[5] == 0x02u);
  // Reassembling: w = sum_p<2 2^p b_p - 4 b_2 for every weight.
  for (int j = 0; j < 10; ++j) {
    auto bit = [&](int plane) { return static_cast<int64_t>((p[static_cast<size_t>(plane) * 2 + j / 8] >> (j % 8)) & 1u); };
    CHECK(bit(0) + 2 * bit(1) - 4 * bit(2) == row[j]);
  }
}

TEST_CASE("prepare_c: the prefix is the model name unless that is a keyword or reserved", "[firmware][prepare]") {
  CHECK(hv::c_prefix("iris") == "iris");
  CHECK(hv::c_prefix("Model_7") == "Model_7");
  CHECK(hv::c_prefix("int") == "hv_int");
  CHECK(hv::c_prefix("while") == "hv_while");
  CHECK(hv::c_prefix("_x") == "hv_x");
  CHECK(hv::c_prefix("__") == "hv_model");
  CHECK(hv::c_prefix("isolet") == "hv_isolet");    // is[a-z]: reserved for <ctype.h>
  CHECK(hv::c_prefix("strength") == "hv_strength");  // str[a-z]: reserved for <string.h>
  CHECK(hv::c_prefix("example") == "hv_example");  // macro EXAMPLE_...: E[A-Z] is <errno.h>'s
  CHECK(hv::c_prefix("sig") == "hv_sig");          // SIG_N_INPUTS: SIG_[A-Z] is <signal.h>'s
  CHECK(hv::c_prefix("e") == "e");                 // E_N_INPUTS is not reserved
  auto plan = hv::prepare_c(tiny("int", {1, 1, 1, 1}, {0, 0}));
  CHECK(plan.prefix == "hv_int");
  CHECK(plan.macro == "HV_INT");
  CHECK(plan.model == "int");
  CHECK(plan.layers[0].function == "hv_int_layer0");
  CHECK(plan.layers[1].weight_table == "hv_int_output_w");
}

TEST_CASE("prepare_c: an invalid network is a user error", "[firmware][prepare]") {
  hv::Network net = tiny("t", {1, 1, 1, 1}, {0, 0});
  net.output.n_out = 2;
  CHECK_THROWS_AS(hv::prepare_c(net), hv::UserError);
}

TEST_CASE("prepare_c: describe_plan names every decision", "[firmware][prepare]") {
  auto text = hv::describe_plan(hv::prepare_c(tiny("t", {1, 2, 3, 4}, {300, 0})));
  CHECK(text.find("prefix t (macros T_*)") != std::string::npos);
  CHECK(text.find("hidden layer 0: 2 -> 2, reads q; weights int8_t, bias int16_t, accumulator int16_t") !=
        std::string::npos);
  CHECK(text.find("terms int16_t") != std::string::npos);
  CHECK(text.find("output layer: 2 -> 1, reads 1 packed word(s)") != std::string::npos);
  CHECK(text.find("dot: walk over set bits") != std::string::npos);
  CHECK(text.find("packed LSB-first in uint32_t words") != std::string::npos);
  CHECK(text.find("class: 1 iff score 0 >= 0") != std::string::npos);
}

// n_in inputs -> n_out neurons whose rows have `nonzero` weights of value `w` (the first inputs).
hv::Network layer0_net(int n_in, int n_out, int nonzero, int64_t w, int bits = 8) {
  hv::Network net = tiny("t", {1, 1, 1, 1}, {0, 0}, bits);
  net.inputs.clear();
  for (int i = 0; i < n_in; ++i) net.inputs.push_back({"x" + std::to_string(i), 0.0, 1.0});
  std::vector<int64_t> weights;
  for (int j = 0; j < n_out; ++j)
    for (int i = 0; i < n_in; ++i) weights.push_back(i < nonzero ? w : 0);
  net.hidden[0] = layer(n_in, n_out, weights, std::vector<int64_t>(static_cast<size_t>(n_out), 0));
  net.output = layer(n_out, 1, std::vector<int64_t>(static_cast<size_t>(n_out), 1), {0});
  return net;
}

TEST_CASE("prepare_c: the cost model stores layer 0 dense, unrolled, sparse or as signs", "[firmware][prepare]") {
  using hv::CTerms;
  auto terms = [](const hv::Network& net, int wb = 8) { return hv::prepare_c(net, {wb, "auto"}).layers[0].terms; };
  // Measured (docs/FIRMWARE.md): the unrolled form wins for up to 4 inputs and is not a
  // candidate beyond; dense rows win when most weights are nonzero; lists win when few are.
  CHECK(terms(layer0_net(4, 10, 4, 100)) == CTerms::unrolled);
  CHECK(terms(layer0_net(2, 10, 1, -1)) == CTerms::unrolled);
  CHECK(terms(layer0_net(5, 10, 5, 100)) == CTerms::dense);
  CHECK(hv::prepare_c(layer0_net(5, 10, 5, 100)).layers[0].unrolled_cost < 0);
  CHECK(terms(layer0_net(30, 20, 30, 100)) == CTerms::dense);
  CHECK(terms(layer0_net(30, 20, 3, 100)) == CTerms::sparse);
  CHECK(terms(layer0_net(30, 20, 3, -1)) == CTerms::signs);
  CHECK(terms(layer0_net(30, 20, 30, 1)) == CTerms::dense);  // ternary but dense: no lists
  CHECK(terms(layer0_net(30, 20, 3, 1), 32) == CTerms::signs);
  CHECK(terms(layer0_net(30, 20, 30, 100), 32) == CTerms::dense);
  // Not ternary: signs is no candidate, and forcing it is a user error naming the weight.
  auto p = hv::prepare_c(layer0_net(30, 20, 3, 2), {8, "auto"});
  CHECK(p.layers[0].signs_cost < 0);
  CHECK(p.layers[0].nonzeros == 60);
  CHECK_THROWS_WITH(hv::prepare_c(layer0_net(30, 20, 3, 2), {8, "auto", "signs"}),
                    Catch::Contains("needs every weight of hidden layer 0 in {-1, 0, 1}, found 2"));
  CHECK_THROWS_AS(hv::prepare_c(layer0_net(3, 2, 3, 1), {8, "auto", "csr"}), hv::UserError);
  // Forced methods are taken as given.
  for (auto [name, want] : {std::pair{"dense", CTerms::dense}, std::pair{"unrolled", CTerms::unrolled},
                            std::pair{"sparse", CTerms::sparse}, std::pair{"signs", CTerms::signs}})
    CHECK(hv::prepare_c(layer0_net(30, 20, 30, -1), {32, "auto", name}).layers[0].terms == want);
  // Index and count types: a byte up to 256 inputs and 255 terms per row.
  p = hv::prepare_c(layer0_net(256, 3, 255, 1), {8, "auto", "sparse"});
  CHECK(p.layers[0].index_type == "uint8_t");
  CHECK(p.layers[0].count_type == "uint8_t");
  p = hv::prepare_c(layer0_net(257, 3, 256, 1), {8, "auto", "sparse"});
  CHECK(p.layers[0].index_type == "uint16_t");
  CHECK(p.layers[0].count_type == "uint16_t");
}

TEST_CASE("prepare_c: layer 0 sums of 17 to 24 bits use <prefix>_acc24", "[firmware][prepare]") {
  // 2 inputs of weight w: sums up to 2 * 255 w.
  auto acc = [](int64_t w) { return hv::prepare_c(layer0_net(2, 3, 2, w)).layers[0].acc_type; };
  CHECK(acc(64) == "int16_t");      // 32640: 16 bits
  CHECK(acc(65) == "t_acc24");      // 33150: 17 bits
  CHECK(acc(16448) == "t_acc24");   // 8388480: 24 bits
  CHECK(acc(16449) == "int32_t");   // 8388990: 25 bits
  CHECK(hv::prepare_c(layer0_net(2, 3, 2, 65)).acc24);
  CHECK_FALSE(hv::prepare_c(layer0_net(2, 3, 2, 64)).acc24);
  // Only layer 0 uses it: a bit layer or the scores of 17..24 bits keep int32_t.
  hv::Network net = layer0_net(2, 3, 2, 1);
  net.output = layer(3, 1, {70000, 1, 1}, {0});
  const auto plan = hv::prepare_c(net);
  CHECK(plan.score_type == "int32_t");
  CHECK_FALSE(plan.acc24);
}

TEST_CASE("prepare_c: the output layer walks by rows for one score, by columns for more", "[firmware][prepare]") {
  hv::Network net = tiny("t", {1, 2, 3, 4}, {0, 0});
  CHECK(hv::prepare_c(net).layers.back().dot == hv::CDot::walk);
  net.classes = {"a", "b", "c"};
  net.output = layer(2, 3, {1, 2, 3, 4, 5, 6}, {0, 0, 0});
  for (const char* dot : {"auto", "walk", "planes"})
    CHECK(hv::prepare_c(net, {8, dot}).layers.back().dot == hv::CDot::columns);
}

TEST_CASE("prepare_c: term lists keep inputs in order, signs put +1 before -1", "[firmware][prepare]") {
  // Rows: every fan-in from 0 to 4, negative weights, extremes.
  hv::Layer l = layer(4, 5, {0, 0, 0, 0, /**/ 0, 0, -128, 0, /**/ 127, 0, 0, -1, /**/ 5, -7, 0, 3, /**/ -2, 9, 1, -6},
                      {0, 0, 0, 0, 0});
  auto t = hv::term_lists(l, hv::CTerms::sparse);
  CHECK(t.count == std::vector<int64_t>{0, 1, 2, 3, 4});
  CHECK(t.index == std::vector<int64_t>{2, 0, 3, 0, 1, 3, 0, 1, 2, 3});
  CHECK(t.weight == std::vector<int64_t>{-128, 127, -1, 5, -7, 3, -2, 9, 1, -6});
  hv::Layer s = layer(4, 4, {0, 0, 0, 0, /**/ -1, 1, -1, 1, /**/ 1, 0, 0, 0, /**/ 0, -1, 0, -1}, {0, 0, 0, 0});
  t = hv::term_lists(s, hv::CTerms::signs);
  CHECK(t.count == std::vector<int64_t>{0, 0, 2, 2, 1, 0, 0, 2});  // per neuron: added, subtracted
  CHECK(t.index == std::vector<int64_t>{1, 3, 0, 2, 0, 1, 3});
  CHECK(t.weight.empty());
}

TEST_CASE("prepare_c: describe_plan names layer 0's storage and its estimates", "[firmware][prepare]") {
  auto text = hv::describe_plan(hv::prepare_c(layer0_net(30, 20, 3, -1), {8, "auto"}));
  CHECK(text.find("60 nonzero weights stored as signs, lists of inputs added and subtracted (estimated cycles: "
                  "dense ") != std::string::npos);
  CHECK(text.find("unrolled n/a") != std::string::npos);
  text = hv::describe_plan(hv::prepare_c(layer0_net(30, 20, 3, 7), {8, "auto"}));
  CHECK(text.find("stored as sparse, (input, weight) lists") != std::string::npos);
  CHECK(text.find("signs n/a") != std::string::npos);
}

// Tests of prepare_c: the C backend's decisions (identifier prefix, table and accumulator types,
// word packing) on tiny hand-made networks, where the right answer can be worked out by hand.
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
  CHECK(plan.layers[0].acc_type == "int32_t");
  CHECK(plan.input_type == "uint8_t");
  CHECK(plan.layers[1].weight_type == "int8_t");
  CHECK(plan.score_type == "int32_t");
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

TEST_CASE("prepare_c: activations pack into 32-bit words", "[firmware][prepare]") {
  hv::Network net = tiny("t", {1, 1, 1, 1}, {0, 0});
  for (int n : {1, 32, 33, 64, 65}) {
    net.hidden[0] = layer(2, n, std::vector<int64_t>(2 * n, 1), std::vector<int64_t>(n, 0));
    net.output = layer(n, 1, std::vector<int64_t>(n, 1), {0});
    auto plan = hv::prepare_c(net);
    CHECK(plan.layers[0].out_words == (n + 31) / 32);
    CHECK(plan.layers[1].in_words == (n + 31) / 32);
    CHECK_FALSE(plan.layers[0].reads_bits);
    CHECK(plan.layers[1].reads_bits);
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
  CHECK(text.find("hidden layer 0: 2 -> 2, reads q; weights int8_t, bias int16_t, accumulator int32_t") !=
        std::string::npos);
  CHECK(text.find("output layer: 2 -> 1, reads 1 packed word(s)") != std::string::npos);
  CHECK(text.find("class: 1 iff score 0 >= 0") != std::string::npos);
}

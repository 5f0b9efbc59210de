// End-to-end tests of the C backend: hand-made and seeded networks are emitted in three variants
// (32-bit words and the cost model; 8-bit words, bit planes, under ASan and UBSan; 16-bit words,
// walk), compiled with gcc and clang at strict C99 flags (no output allowed), and checked bit for
// bit against the reference on random and tie-boundary vectors through check_c. Negative tests
// corrupt a vector file or the emitted C and expect check_c to notice. Also: the generated text
// itself (banner, includes, floating point only in the optional helper).
#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <regex>
#include <sstream>

#include "backends/c/check_c.hpp"
#include "backends/c/emit_c.hpp"
#include "backends/c/prepare_c.hpp"
#include "firmware/c_nets.hpp"
#include "ir/hash.hpp"
#include "reference.hpp"
#include "support/cli.hpp"
#include "vectors.hpp"

namespace {

namespace fs = std::filesystem;
using hvtest::Emitted;
using hvtest::random_net;

// The variants every network is checked in: the default (32-bit words, cost model), 8-bit words
// with every layer on bit planes under ASan and UBSan, 16-bit words walking the set bits.
struct Variant {
  hv::COptions options;
  const char* tag;
  bool sanitize;
};
const Variant kVariants[] = {{{32, "auto"}, "w32", false}, {{8, "planes"}, "w8p", true}, {{16, "walk"}, "w16w", false}};

// The whole gate for one network in one variant: strict gcc and clang (`both`; check_c itself
// builds with gcc at -Wconversion -Werror), then every vector (random and tie-boundary)
// bit-exact, optionally under the sanitizers.
Emitted require_exact(const hv::Network& net, const std::string& test, const Variant& v = kVariants[0],
                      bool both = true) {
  INFO(test << " " << v.tag);
  Emitted e = hvtest::emit(net, test + "_" + v.tag, v.options);
  if (both) {
    CHECK(hvtest::strict_compile("gcc", e.c) == "");
    CHECK(hvtest::strict_compile("clang", e.c) == "");
  }
  hv::CheckReport r = hv::check_c(net, e.c, e.vectors, e.dir / "work", v.sanitize ? hvtest::kSanitize : "");
  INFO(r.log);
  INFO(r.details);
  REQUIRE(r.ran);
  CHECK(r.target == "c (cc)");
  CHECK(r.vectors >= 3000);
  CHECK(r.mismatches == 0);
  CHECK(r.first_bad.empty());
  return e;
}

void require_exact_all(const hv::Network& net, const std::string& test) {
  for (const Variant& v : kVariants) require_exact(net, test, v, &v == &kVariants[0]);
}

}  // namespace

TEST_CASE("emit_c: binary, one hidden layer", "[firmware][c]") {
  require_exact_all(random_net("bin1", 5, {6}, 2, 8, 20, 1), "bin1");
}

TEST_CASE("emit_c: three classes", "[firmware][c]") {
  require_exact_all(random_net("tri", 4, {10}, 3, 6, 15, 2), "tri");
}

TEST_CASE("emit_c: two and three hidden layers", "[firmware][c]") {
  require_exact_all(random_net("deep2", 6, {12, 7}, 4, 8, 9, 3), "deep2");
  require_exact_all(random_net("deep3", 3, {9, 8, 5}, 2, 4, 5, 4), "deep3");
}

TEST_CASE("emit_c: tie-boundary vectors are found and agree", "[firmware][c]") {
  hv::Network net = random_net("tiev", 3, {12, 6}, 3, 6, 3, 21);
  size_t ties = 0;
  auto vs = hvtest::vectors_with_ties(net, 10, 7, &ties);
  CHECK(ties == 500);
  size_t zero = 0;
  for (size_t k = 10; k < vs.inputs.size(); ++k) {
    const auto& q = vs.inputs[k];
    bool hit = false;
    for (int j = 0; j < net.hidden[0].n_out && !hit; ++j) {
      int64_t z = net.hidden[0].bias[j];
      for (int i = 0; i < net.hidden[0].n_in; ++i) z += net.hidden[0].w(j, i) * q[i];
      hit = z == 0;
    }
    zero += hit;
  }
  CHECK(zero == ties);
  require_exact_all(net, "tiev");
}

TEST_CASE("emit_c: bit planes and the walk agree on 1- to 8-bit weights", "[firmware][c]") {
  for (int64_t wmax : {0, 3, 127}) {
    hv::Network net = random_net("pl" + std::to_string(wmax), 4, {40, 70, 9}, 3, 8, 5, 30 + wmax);
    std::mt19937_64 rng(static_cast<uint64_t>(wmax));
    for (size_t l = 1; l < net.hidden.size(); ++l)
      net.hidden[l] = hvtest::random_layer(rng, net.hidden[l].n_in, net.hidden[l].n_out, wmax, 1);
    for (int wb : {8, 32}) {
      const hv::CPlan plan = hv::prepare_c(net, {wb, "planes"});
      CHECK(plan.layers[1].dot == hv::CDot::planes);
      CHECK(plan.layers[1].planes == (wmax == 0 ? 1 : wmax == 3 ? 3 : 8));
      CHECK(plan.layers.back().dot == hv::CDot::columns);  // the output layer walks, 3 scores at once
      require_exact(net, net.name, {{wb, "planes"}, wb == 8 ? "w8p" : "w32p", false}, false);
      require_exact(net, net.name, {{wb, "walk"}, wb == 8 ? "w8w" : "w32w", false}, false);
    }
  }
}

TEST_CASE("emit_c: extreme weights force int64 with 12- and 16-bit inputs", "[firmware][c]") {
  const int64_t big = int64_t{1} << 40;
  for (int bits : {12, 16}) {
    hv::Network net = random_net("wide" + std::to_string(bits), 4, {8, 6}, 3, bits, big, 5 + bits);
    auto plan = hv::prepare_c(net);
    CHECK(plan.input_type == "uint16_t");
    for (const auto& l : plan.layers) {
      CHECK(l.weight_type == "int64_t");
      CHECK(l.acc_type == "int64_t");
    }
    require_exact_all(net, net.name);
  }
}

TEST_CASE("emit_c: hidden layers crossing 32-bit word boundaries", "[firmware][c]") {
  require_exact_all(random_net("w33", 4, {33}, 2, 8, 7, 8), "w33");
  require_exact_all(random_net("w65", 5, {65, 64, 40}, 3, 5, 6, 9), "w65");
  require_exact_all(random_net("w100", 3, {100, 97}, 5, 8, 4, 10), "w100");
}

TEST_CASE("emit_c: reachable ties in a neuron, a binary score and an argmax", "[firmware][c]") {
  hv::Network net = random_net("ties", 2, {3}, 3, 3, 3, 11);
  // Neuron 0: z = q0 - q1, zero whenever q0 == q1 (1 vector in 8); the tie must fire.
  net.hidden[0].weights = {1, -1, 2, 1, -1, 2};
  net.hidden[0].bias = {0, -7, 1};
  // Scores 1 and 2 are always equal (argmax tie -> the lower index); score 0 reads neuron 0.
  net.output.weights = {3, 0, 1, 1, 1, -1, 1, 1, -1};
  net.output.bias = {-2, 0, 0};
  auto vs = hv::make_vectors(net, {}, 5000, 7);
  size_t ties = 0;
  for (const auto& q : vs.inputs)
    if (q[0] == q[1]) ++ties;
  CHECK(ties > 100);
  CHECK(hv::ref::run(net, std::vector<int64_t>{4, 4}).cls == 0);  // all fire: score 0 = 2 beats 1, 1
  require_exact_all(net, "ties");

  hv::Network bin = random_net("tieb", 2, {2}, 2, 2, 3, 12);
  bin.hidden[0].weights = {1, -1, -1, 1};
  bin.hidden[0].bias = {0, 0};
  bin.output.weights = {1, -1};
  bin.output.bias = {0};  // score 0 when both neurons agree (q0 == q1): class 1
  CHECK(hv::ref::run(bin, std::vector<int64_t>{2, 2}).scores[0] == 0);
  CHECK(hv::ref::run(bin, std::vector<int64_t>{2, 2}).cls == 1);
  require_exact_all(bin, "tieb");
}

// `text` without the blocks guarded by #ifndef <guard> ... #endif /* <guard> */ (or #endif).
std::string without_guarded(const std::string& text, const std::string& guard) {
  std::string out = text;
  for (size_t at; (at = out.find("#ifdef " + guard)) != std::string::npos;) {
    size_t end = out.find("#endif", at);
    REQUIRE(end != std::string::npos);
    out.erase(at, out.find('\n', end) - at);
  }
  return out;
}

TEST_CASE("emit_c: generated text: banner, includes, no float, no heap, deterministic", "[firmware][c]") {
  hv::Network net = random_net("text", 3, {40, 5}, 3, 8, 30, 13);
  Emitted e = hvtest::emit(net, "text");
  const std::string c = hvtest::slurp(e.c), h = hvtest::slurp(e.h);
  const std::string banner = "/* Generated by heaviside 0.1.0 from model text (hash " +
                             hv::network_hash_hex(net) + "). Do not edit. */\n";
  CHECK(c.rfind(banner, 0) == 0);
  CHECK(h.rfind(banner, 0) == 0);
  // Floating point only inside the optional quantize helper, which only TEXT_FLOAT adds.
  for (const std::string& text : {without_guarded(c, "TEXT_FLOAT"), without_guarded(h, "TEXT_FLOAT")})
    for (const char* word : {"float", "double", "malloc", "free(", "__builtin"}) {
      INFO(word);
      CHECK(text.find(word) == std::string::npos);
    }
  CHECK(c.find("void text_quantize(const float x[TEXT_N_INPUTS], uint8_t q[TEXT_N_INPUTS])") != std::string::npos);
  auto pre = hvtest::run("gcc -std=c99 -E -P -I" + e.dir.string() + " " + e.c.string());  // no -D: the default
  REQUIRE(pre.code == 0);
  CHECK(pre.out.find("text_predict") != std::string::npos);
  CHECK(pre.out.find("text_quantize_fixed") != std::string::npos);
  for (const char* word : {"float", "double", "text_quantize("}) {
    INFO(word);
    CHECK(pre.out.find(word) == std::string::npos);
  }
  CHECK(hvtest::strict_compile("gcc", e.c, "") == "");
  CHECK(hvtest::strict_compile("gcc", e.c, "-DTEXT_FLOAT") == "");
  CHECK(h.find("#define TEXT_MODEL_HASH \"" + hv::network_hash_hex(net) + "\"") != std::string::npos);
  std::regex include(R"(#\s*include\s*(\S+))");
  std::vector<std::string> c_inc, h_inc;
  for (std::sregex_iterator it(c.begin(), c.end(), include), end; it != end; ++it) c_inc.push_back((*it)[1]);
  for (std::sregex_iterator it(h.begin(), h.end(), include), end; it != end; ++it) h_inc.push_back((*it)[1]);
  CHECK(c_inc == std::vector<std::string>{"<stddef.h>", "<stdint.h>", "\"text.h\""});
  CHECK(h_inc == std::vector<std::string>{"<stdint.h>"});
  for (const char* macro : {"#define TEXT_N_INPUTS 3", "#define TEXT_N_CLASSES 3", "#define TEXT_N_SCORES 3",
                            "#define TEXT_INPUT_BITS 8", "int text_predict(const uint8_t q[TEXT_N_INPUTS]);",
                            "void text_scores(const uint8_t q[TEXT_N_INPUTS], int16_t scores[TEXT_N_SCORES]);",
                            "#ifndef TEXT_H"})
    CHECK(h.find(macro) != std::string::npos);
  CHECK(c.find("static const TEXT_ROM int8_t text_hidden0_w[40][3] = {") != std::string::npos);
  CHECK(c.find("uint32_t a0[2];") != std::string::npos);
  CHECK(c.find("hidden layer 1: 40 -> 5, reads 2 packed word(s)") != std::string::npos);

  auto again = hv::emit_c(net, hvtest::scratch("firmware_text_again"));
  CHECK(hvtest::slurp(again[0]) == h);
  CHECK(hvtest::slurp(again[1]) == c);
  // The header is also valid C++ (extern "C" guards) and the pair links into a program.
  CHECK(hvtest::run("g++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -x c++ " + e.h.string()).out == "");
}

TEST_CASE("emit_c: strict C99 for 16- and 32-bit microcontrollers (clang cross targets)", "[firmware][c]") {
  // Freestanding: clang brings its own <stdint.h>. MSP430 has a 16-bit int, where the
  // integer promotions differ; -Wconversion must stay silent there too.
  // Also layer 0 as sparse lists and as signs, with 16-bit inputs (acc24: int32_t on clang).
  hv::Network small = random_net("mcu", 4, {40, 6}, 3, 8, 30, 19);
  hv::Network wide = random_net("mcu64", 3, {5}, 2, 16, int64_t{1} << 40, 20);
  hv::Network sparse = random_net("mcusp", 20, {30}, 3, 8, 100, 65);
  hvtest::sparsify_layer0(sparse, {-128, 127, 3}, 66, 4);
  hv::Network signs = random_net("mcusg", 12, {21}, 2, 16, 1, 67);
  hvtest::sparsify_layer0(signs, {-1, 1}, 68, 5);
  const std::pair<const hv::Network*, hv::COptions> nets[] = {
      {&small, {}}, {&wide, {}}, {&sparse, {32, "auto", "sparse"}}, {&signs, {16, "auto", "signs"}}};
  for (const auto& [net, options] : nets) {
    fs::path dir = hvtest::scratch("firmware_cross_" + net->name);
    fs::path c = hv::emit_c(*net, dir, options)[1];
    // Not clang's AVR target: clang 14's experimental AVR backend fails on 64-bit arithmetic at -Os
    // (a segfault, or "ran out of registers"), which every model's integer quantizer has; the AVR
    // (16-bit int) is covered by avr-gcc and simavr in targets_c_test.cpp, and MSP430 has 16-bit int.
    for (const char* target : {"msp430", "thumbv7m-none-eabi", "riscv32"}) {
      INFO(target);
      auto probe = hvtest::run(std::string("clang --target=") + target + " -ffreestanding -std=c99 -c " +
                               c.string() + " -o " + (dir / "probe.o").string() + " -w");
      if (probe.code != 0) {
        FAIL_CHECK("clang cannot target " << target << ": " << probe.out);
        continue;
      }
      auto r = hvtest::run(std::string("clang --target=") + target + " -ffreestanding -Os " + hvtest::kStrict + " -c " +
                           c.string() + " -o " + (dir / (std::string(target) + ".o")).string());
      CHECK(r.code == 0);
      CHECK(r.out == "");
    }
  }
}

TEST_CASE("emit_c: a keyword model name gets a legal prefix", "[firmware][c]") {
  Emitted e = require_exact(random_net("int", 3, {4}, 2, 8, 5, 14), "int");
  CHECK(e.h.filename() == "int.h");
  CHECK(hvtest::slurp(e.h).find("int hv_int_predict(const uint8_t q[HV_INT_N_INPUTS]);") != std::string::npos);
}

TEST_CASE("check_c: a forged verdict (a constructor that prints the summary and exits 0) is FAIL",
          "[firmware][c][negative][forge]") {
  hv::Network net = random_net("forge1", 4, {7}, 3, 8, 10, 15);
  Emitted e = hvtest::emit(net, "forge1");
  // The attack of issue 13: before main runs, print what the old harness printed on success.
  hvtest::write(e.c, hvtest::slurp(e.c) +
                         "\n#include <stdio.h>\n#include <stdlib.h>\n"
                         "__attribute__((constructor)) static void forge(void)\n{\n"
                         "    printf(\"10150 vectors, 0 mismatches\\n\");\n    exit(0);\n}\n");
  hv::CheckReport r = hv::check_c(net, e.c, e.vectors, e.dir / "work");
  INFO(r.log);
  CHECK(r.log.find("10150 vectors, 0 mismatches") != std::string::npos);  // it did print it
  CHECK(r.vectors >= 3000);
  CHECK(r.mismatches == r.vectors);  // and produced no output: every vector is missing
  CHECK(r.details.find("missing outputs: ") != std::string::npos);
}

TEST_CASE("check_c: a stale outputs file from an earlier run does not stand in for this one",
          "[firmware][c][negative][forge]") {
  hv::Network net = random_net("forge2", 3, {5}, 2, 8, 10, 16);
  Emitted e = hvtest::emit(net, "forge2");
  hv::CheckReport good = hv::check_c(net, e.c, e.vectors, e.dir / "work");
  REQUIRE(good.ran);
  REQUIRE(good.mismatches == 0);
  hvtest::write(e.c, hvtest::slurp(e.c) +
                         "\n#include <stdlib.h>\n__attribute__((constructor)) static void forge(void)\n{\n"
                         "    exit(0);\n}\n");
  hv::CheckReport r = hv::check_c(net, e.c, e.vectors, e.dir / "work");
  CHECK(r.mismatches == r.vectors);
}

TEST_CASE("check_c: a changed constant in the emitted C is caught", "[firmware][c][negative]") {
  hv::Network net = random_net("neg2", 4, {7}, 2, 8, 10, 16);
  Emitted e = hvtest::emit(net, "neg2");
  std::string c = hvtest::slurp(e.c);
  const std::string marker = "neg2_output_b[1] = {\n    ";
  size_t at = c.find(marker);
  REQUIRE(at != std::string::npos);
  at += marker.size();
  size_t end = c.find('\n', at);
  int64_t v = std::stoll(c.substr(at, end - at));
  c.replace(at, end - at, std::to_string(v > 0 ? v - 1 : v + 1));
  hvtest::write(e.c, c);
  hv::CheckReport r = hv::check_c(net, e.c, e.vectors, e.dir / "work");
  INFO(r.log);
  REQUIRE(r.ran);
  CHECK(r.vectors >= 3000);
  CHECK(r.mismatches == r.vectors);  // every score moves by one
  CHECK(r.first_bad.size() == 10);
  CHECK(r.first_bad.front() == 0);
}

TEST_CASE("check_c: C that does not compile is reported with the compiler's output", "[firmware][c][negative]") {
  hv::Network net = random_net("neg3", 2, {3}, 2, 8, 10, 17);
  Emitted e = hvtest::emit(net, "neg3");
  hvtest::write(e.c, hvtest::slurp(e.c) + "\nthis is not C;\n");
  hv::CheckReport r = hv::check_c(net, e.c, e.vectors, e.dir / "work");
  CHECK_FALSE(r.ran);
  CHECK(r.log.find("error") != std::string::npos);
  CHECK(fs::exists(e.dir / "work" / "cc.log"));
}

TEST_CASE("check_c: a malformed vector file does not count as a pass", "[firmware][c][negative]") {
  hv::Network net = random_net("neg4", 2, {3}, 2, 8, 10, 18);
  Emitted e = hvtest::emit(net, "neg4");
  hvtest::write(e.vectors, "1 2 0\n");
  hv::CheckReport r = hv::check_c(net, e.c, e.vectors, e.dir / "work");
  CHECK_FALSE(r.ran);
  CHECK(r.log.find(":1: error: 3 inputs, expected 2") != std::string::npos);
}

// Layer 0 in every storage method that applies (signs only for weights in -1..1): 32-bit words
// with strict gcc and clang, then 8-bit words under ASan and UBSan; every vector bit-exact.
void require_exact_layer0(const hv::Network& net, const std::string& test, bool ternary) {
  for (const char* method : {"dense", "unrolled", "sparse", "signs"}) {
    if (std::string(method) == "signs" && !ternary) continue;
    INFO(method);
    require_exact(net, test + "_" + method, {{32, "auto", method}, "w32", false});
    require_exact(net, test + "_" + method, {{8, "auto", method}, "w8s", true}, false);
  }
}

TEST_CASE("emit_c: sparse layer 0, 8-bit weights with extremes, every fan-in from 0 to n_in", "[firmware][c]") {
  hv::Network net = random_net("sp8", 9, {23, 7}, 3, 8, 100, 40);
  hvtest::sparsify_layer0(net, {-128, 127, -1, 1, 2, -77}, 41);
  const auto plan = hv::prepare_c(net, {8, "auto", "sparse"});
  CHECK(plan.layers[0].weight_type == "int8_t");
  CHECK(plan.layers[0].index_type == "uint8_t");
  CHECK(plan.layers[0].acc_type == "sp8_acc24");  // up to 9 * 128 * 255: 19 bits
  require_exact_layer0(net, "sp8", false);
  // The cost model's own choice, with words of 16 bits too.
  require_exact(net, "sp8_auto", {{16, "auto"}, "w16", false}, false);
}

TEST_CASE("emit_c: ternary layer 0 as signs, 8- and 16-bit inputs", "[firmware][c]") {
  hv::Network net = random_net("tern", 12, {37}, 2, 8, 1, 42);
  hvtest::sparsify_layer0(net, {-1, 1}, 43);
  CHECK(hv::prepare_c(net, {8, "auto"}).layers[0].terms == hv::CTerms::signs);
  CHECK(hv::prepare_c(net).layers[0].acc_type == "int16_t");
  require_exact_layer0(net, "tern", true);
  // 16-bit inputs: uint16_t q (which a 16-bit int promotes to unsigned), each term and the sums
  // need 17 to 20 bits (acc24); signs still add q without a multiply.
  hv::Network wide = random_net("tern16", 12, {20, 5}, 3, 16, 1, 44);
  hvtest::sparsify_layer0(wide, {-1, 1}, 45);
  const auto plan = hv::prepare_c(wide, {8, "auto", "signs"});
  CHECK(plan.input_type == "uint16_t");
  CHECK(plan.layers[0].acc_type == "tern16_acc24");
  require_exact_layer0(wide, "tern16", true);
}

TEST_CASE("emit_c: sparse layer 0 with 16-bit inputs and 2^40 weights (int64)", "[firmware][c]") {
  const int64_t big = int64_t{1} << 40;
  hv::Network net = random_net("sp64", 5, {13}, 3, 16, 5, 46);
  hvtest::sparsify_layer0(net, {-big, big - 1, 3, -1}, 47);
  const auto plan = hv::prepare_c(net, {8, "auto", "sparse"});
  CHECK(plan.layers[0].weight_type == "int64_t");
  CHECK(plan.layers[0].acc_type == "int64_t");
  require_exact_layer0(net, "sp64", false);
}

TEST_CASE("emit_c: sparse layer 0 over 300 inputs (16-bit indices and counts)", "[firmware][c]") {
  hv::Network net = random_net("sp300", 300, {6}, 3, 8, 1, 48);
  hvtest::sparsify_layer0(net, {-1, 1}, 49);
  hv::Layer& l = net.hidden[0];
  int64_t sum = 0;
  for (int i = 0; i < l.n_in; ++i) {  // neuron 5: 300 nonzero weights
    const int64_t w = i % 3 == 0 ? -1 : 1;
    l.weights[static_cast<size_t>(5) * l.n_in + i] = w;
    sum += w;
  }
  l.bias[5] = -(sum / 2) * net.input_max();
  for (const char* method : {"sparse", "signs"}) {
    const auto plan = hv::prepare_c(net, {8, "auto", method});
    CHECK(plan.layers[0].nonzeros == 310);
    CHECK(plan.layers[0].index_type == "uint16_t");
    CHECK(plan.layers[0].count_type == "uint16_t");
  }
  require_exact(net, "sp300_sparse", {{32, "auto", "sparse"}, "w32", false});
  require_exact(net, "sp300_signs", {{8, "auto", "signs"}, "w8s", true}, false);
}

TEST_CASE("emit_c: few inputs, layer 0 unrolled by the cost model", "[firmware][c]") {
  hv::Network net = random_net("few", 3, {11}, 3, 8, 127, 50);
  CHECK(hv::prepare_c(net, {8, "auto"}).layers[0].terms == hv::CTerms::unrolled);
  require_exact_layer0(net, "few", false);
}

// Replaces the first number after `table` + "] = {" (and `skip` more characters) in the emitted C.
template <typename F>
void corrupt(const Emitted& e, const std::string& table, size_t skip, F change) {
  std::string c = hvtest::slurp(e.c);
  size_t at = c.find(table + "[");
  REQUIRE(at != std::string::npos);
  at = c.find("= {\n    ", at);
  REQUIRE(at != std::string::npos);
  at += 8 + skip;
  const size_t end = c.find_first_of(",\n}", at);
  c.replace(at, end - at, std::to_string(change(std::stoll(c.substr(at, end - at)))));
  hvtest::write(e.c, c);
}

TEST_CASE("check_c: a wrong index, weight, count or sign in a sparse layer 0 is caught", "[firmware][c][negative]") {
  // 6 inputs, 9 neurons of fan-in j % 7: neuron 0 has no term, neuron 1 one, so each list's first
  // entry belongs to neuron 1; its count is the second entry of the count table.
  hv::Network net = random_net("negsp", 6, {9}, 3, 8, 100, 51);
  hvtest::sparsify_layer0(net, {-128, 127, 5, -3}, 52);
  hv::Network tern = random_net("negsg", 6, {9}, 3, 8, 1, 53);
  hvtest::sparsify_layer0(tern, {-1, 1}, 54);
  auto next_input = [](int64_t i) { return (i + 1) % 6; };
  auto other_weight = [](int64_t w) { return w > 0 ? w - 1 : w + 1; };
  auto fewer = [](int64_t n) { return n - 1; };
  auto toggle = [](int64_t n) { return 1 - n; };  // neuron 1's count of added inputs: 0 <-> 1
  struct Case {
    const hv::Network* net;
    const char* method;
    const char* table;
    size_t skip;
    std::function<int64_t(int64_t)> change;
  };
  const Case cases[] = {{&net, "sparse", "negsp_hidden0_i", 0, next_input},
                        {&net, "sparse", "negsp_hidden0_w", 0, other_weight},
                        {&net, "sparse", "negsp_hidden0_n", 3, fewer},
                        {&tern, "signs", "negsg_hidden0_i", 0, next_input},
                        {&tern, "signs", "negsg_hidden0_n", 13, toggle}};  // past "{0, 0},\n    {"
  for (const Case& k : cases) {
    INFO(k.table);
    Emitted e = hvtest::emit(*k.net, std::string("negl0_") + k.table, {32, "auto", k.method});
    hv::CheckReport r = hv::check_c(*k.net, e.c, e.vectors, e.dir / "work");
    REQUIRE(r.ran);
    CHECK(r.mismatches == 0);
    std::string before = hvtest::slurp(e.c);
    corrupt(e, k.table, k.skip, k.change);
    CHECK(hvtest::slurp(e.c) != before);
    r = hv::check_c(*k.net, e.c, e.vectors, e.dir / "work");
    INFO(r.log);
    REQUIRE(r.ran);
    CHECK(r.mismatches > 0);
  }
}

TEST_CASE("emit_c: generated text of the list methods and the 24-bit accumulator", "[firmware][c]") {
  hv::Network tern = random_net("txs", 12, {37}, 3, 8, 1, 55);
  hvtest::sparsify_layer0(tern, {-1, 1}, 56);
  Emitted e = hvtest::emit(tern, "text_signs", {8, "auto", "signs"}, 10);
  std::string c = hvtest::slurp(e.c);
  const size_t dot = c.find("static TXS_NOINLINE int16_t txs_layer0_dot(");
  REQUIRE(dot != std::string::npos);
  const size_t open = c.find("\n{\n", dot);
  const std::string body = c.substr(open, c.find("\n}\n", open) - open);
  size_t stars = 0, reads = 0;
  for (size_t at = 0; (at = body.find('*', at)) != std::string::npos; ++at) ++stars;
  for (size_t at = 0; (at = body.find("q[*i++]", at)) != std::string::npos; ++at) ++reads;
  CHECK(reads == 2);
  CHECK(stars == reads);  // every '*' reads an index: no multiply
  CHECK(c.find("static const TXS_ROM uint8_t txs_hidden0_n[37][2] = {") != std::string::npos);
  CHECK(c.find("txs_hidden0_w") == std::string::npos);  // signs keep no weight table
  CHECK(c.find("#define TXS_NOINLINE __attribute__((noinline))") != std::string::npos);

  hv::Network wide = random_net("txw", 9, {23}, 3, 8, 100, 57);
  hvtest::sparsify_layer0(wide, {-128, 127}, 58);
  e = hvtest::emit(wide, "text_acc24", {8, "auto", "sparse"}, 10);
  c = hvtest::slurp(e.c);
  CHECK(c.find("#if defined(__AVR__) && defined(__INT24_MAX__)\n__extension__ typedef __int24 txw_acc24;\n#else\n"
               "typedef int32_t txw_acc24;\n#endif") != std::string::npos);
  CHECK(c.find("static TXW_NOINLINE txw_acc24 txw_layer0_dot(txw_acc24 z,") != std::string::npos);
  // The output layer of 3 scores is stored transposed: [23 hidden neurons][3 scores].
  CHECK(c.find("static const TXW_ROM int8_t txw_output_w[23][3] = {") != std::string::npos);
}

TEST_CASE("emit_c: Arduino and PlatformIO library folders build with no -D", "[firmware][c]") {
  hv::Network net = random_net("lib", 3, {7}, 3, 8, 30, 17);
  for (const char* layout : {"arduino", "platformio"}) {
    INFO(layout);
    hv::COptions opt;
    opt.layout = layout;
    const std::filesystem::path dir = hvtest::scratch(std::string("firmware_layout_") + layout);
    auto files = hv::emit_c(net, dir, opt);
    REQUIRE(files.size() == 4);
    CHECK(files[0] == dir / "lib" / "src" / "lib.h");
    CHECK(files[1] == dir / "lib" / "src" / "lib.c");
    CHECK(files[3] == dir / "lib" / "examples" / "lib_classify" / "lib_classify.ino");
    const std::string manifest = hvtest::slurp(files[2]);
    if (std::string(layout) == "arduino") {
      CHECK(files[2].filename() == "library.properties");
      CHECK(manifest.find("\nname=lib\n") != std::string::npos);
      CHECK(manifest.find("\narchitectures=*\n") != std::string::npos);
    } else {
      CHECK(files[2].filename() == "library.json");
      CHECK(hvtest::run("python3 -m json.tool " + files[2].string()).code == 0);
    }
    const std::string ino = hvtest::slurp(files[3]);
    CHECK(ino.find("#include <lib.h>") != std::string::npos);
    CHECK(ino.find("lib_predict(q)") != std::string::npos);
    auto r = hvtest::run("avr-gcc -mmcu=atmega328p -Os -Wall -Wextra -Werror -c " + files[1].string() + " -o " +
                         (dir / "lib.o").string());
    INFO(r.out);
    CHECK(r.code == 0);
  }
}

TEST_CASE("emit_c: a model named like a system header gets files that cannot hide it", "[firmware][c][names]") {
  for (const std::string name : {"stdint", "stdio", "stddef", "features", "Stdlib"}) {
    INFO(name);
    hv::Network net = random_net(name, 3, {4}, 2, 6, 8, 41);
    Emitted e = hvtest::emit(net, "sysname_" + name, {}, 200);
    CHECK(e.h.filename() == "hv_" + name + ".h");
    CHECK(e.c.filename() == "hv_" + name + ".c");
    CHECK(hv::prepare_c(net).model == "hv_" + name);
    // Built the way a user would, with the generated directory on the include path.
    CHECK(hvtest::strict_compile("gcc", e.c, "-I" + e.dir.string()) == "");
    hv::CheckReport r = hv::check_c(net, e.c, e.vectors, e.dir / "work");
    INFO(r.log);
    CHECK(r.ran);
    CHECK(r.mismatches == 0);
  }
  CHECK(hv::c_file_stem("iris") == "iris");
  CHECK(hv::c_file_stem("_x") == "hv__x");
}

TEST_CASE("emit_c: labels and feature names that would end or nest a comment stay inside it", "[firmware][c][names]") {
  hv::Network net = random_net("cmt", 3, {4}, 3, 6, 8, 42);
  net.classes = {"a */ #error broken /*", "?\?/ b \\", "c/*"};
  net.inputs[0].name = "x0 /* nested";
  net.inputs[1].name = "x1 */ #error out";
  Emitted e = hvtest::emit(net, "comment_names", {}, 200);
  const std::string h = hvtest::slurp(e.h);
  CHECK(h.find("a * / #error broken / *") != std::string::npos);
  CHECK(h.find("x1 * / #error out") != std::string::npos);
  CHECK(hvtest::strict_compile("gcc", e.c) == "");
  hv::CheckReport r = hv::check_c(net, e.c, e.vectors, e.dir / "work");
  INFO(r.log);
  CHECK(r.ran);
  CHECK(r.mismatches == 0);
}

TEST_CASE("check_c: a work directory with spaces, quotes, $, backticks and non-ASCII", "[firmware][c][names]") {
  hv::Network net = random_net("paths", 3, {4}, 2, 6, 8, 43);
  Emitted e = hvtest::emit(net, "hostile_paths", {}, 200);
  const fs::path work = e.dir / "w $HOME `touch PWNED` \"q'\" \xc3\xa9";
  hv::CheckReport r = hv::check_c(net, e.c, e.vectors, work);
  INFO(r.log);
  CHECK(r.ran);
  CHECK(r.mismatches == 0);
  CHECK_FALSE(fs::exists("PWNED"));
  CHECK_FALSE(fs::exists(e.dir / "PWNED"));
  CHECK(fs::exists(work / "outputs.txt"));
}

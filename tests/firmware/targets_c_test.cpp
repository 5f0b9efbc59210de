// The generated C on real microcontroller toolchains (installed by scripts/install-deps.sh; a
// missing tool FAILS the test, naming the package, because CI must run every check):
//   arm-none-eabi-gcc for Cortex-M0+ and M4 at the strict flags, and by default (no -D) the
//   object has no floating-point symbol (its only possible helper: the integer quantizer's 64-bit
//   multiply on the M0+), with <NAME>_FLOAT it has some (the check can fail);
//   avr-gcc for the ATmega328P, tables in flash (__flash) and in RAM (plain C99);
//   the ATmega328P in simavr (bench/firmware/driver.c and simavr_run.c): class and scores equal
//   the reference on random and tie-boundary vectors, with 8- and 32-bit activation words.
// Each runs on four networks, one per way of storing layer 0 (dense with 17..24-bit sums, so
// avr-gcc's __int24 accumulator; unrolled; sparse 8-bit weights, also __int24; ternary signs).
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "backends/c/emit_c.hpp"
#include "firmware/c_nets.hpp"
#include "reference.hpp"
#include "support/cli.hpp"

namespace {

namespace fs = std::filesystem;

bool have(const std::string& tool) { return hvtest::run(tool + " --version").code == 0; }

// The networks every target check runs on, one per way of storing layer 0: the cost model picks
// it for the AVR (8-bit words); the checks force it, so that 32-bit words use it too.
struct McuNet {
  hv::Network net;
  hv::CTerms terms;
  const char* method;  // --c-layer0
};
std::vector<McuNet> mcu_nets() {
  hv::Network sparse = hvtest::random_net("mcu", 20, {30}, 2, 8, 100, 60);
  hvtest::sparsify_layer0(sparse, {-128, 127, 3, -9}, 61, 4);
  hv::Network signs = hvtest::random_net("mcu", 12, {37}, 3, 8, 1, 62);
  hvtest::sparsify_layer0(signs, {-1, 1}, 63, 5);
  return {{hvtest::random_net("mcu", 6, {40, 12}, 3, 8, 127, 19), hv::CTerms::dense, "dense"},
          {hvtest::random_net("mcu", 3, {19}, 3, 8, 127, 64), hv::CTerms::unrolled, "unrolled"},
          {sparse, hv::CTerms::sparse, "sparse"},
          {signs, hv::CTerms::signs, "signs"}};
}

std::string nm_undefined(const fs::path& obj) {
  auto r = hvtest::run("arm-none-eabi-nm -u " + obj.string());
  return r.code == 0 ? r.out : "nm failed: " + r.out;
}

// The floating-point symbols among `nm`'s output (libgcc's soft-float helpers on ARM and AVR:
// __aeabi_f*/__aeabi_d*, __addsf3, __muldf3, __floatsisf, __fixsfsi, avr-libc's __fp_*), one a line.
std::string float_symbols(const std::string& nm_tool, const fs::path& obj) {
  auto r = hvtest::run(nm_tool + " " + obj.string());
  if (r.code != 0) return "nm failed: " + r.out;
  static const std::regex fp(R"((__aeabi_[fd]|__aeabi_[a-z0-9]*2[fd]\b|[sdt]f[23]\b|__fp_|__float|__fix|__extend|__trunc))");
  std::string out;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);)
    if (std::regex_search(line, fp)) out += line + "\n";
  return out;
}

// bench_glue.h for driver.c: the model's names and the quantized vectors.
std::string glue(const hv::CPlan& plan, const hv::VectorSet& vs) {
  std::ostringstream s;
  s << "#include \"" << plan.model << ".h\"\n#define MODEL_INPUT_T " << plan.input_type << "\n#define MODEL_N_IN "
    << plan.n_inputs << "\n#define MODEL_SCORE_T " << plan.score_type << "\n#define MODEL_N_SCORES " << plan.n_scores
    << "\n#define MODEL_PREDICT(q) " << plan.prefix << "_predict(q)\n#define MODEL_SCORES(q, s) " << plan.prefix
    << "_scores(q, s)\n#define N_Q " << vs.inputs.size() << "\nstatic BENCH_ROM " << plan.input_type
    << " vec_q[N_Q][MODEL_N_IN] = {\n";
  for (const auto& q : vs.inputs) {
    s << "    {";
    for (size_t i = 0; i < q.size(); ++i) s << (i ? ", " : "") << q[i];
    s << "},\n";
  }
  s << "};\n";
  return s.str();
}

// The records simavr_run printed ("d <hex>": little-endian int64 class, then scores).
std::vector<std::vector<int64_t>> records(const std::string& out) {
  std::vector<std::vector<int64_t>> recs;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("d ", 0) != 0) continue;
    std::vector<int64_t> vals;
    for (size_t at = 2; at + 16 <= line.size(); at += 16) {
      uint64_t u = 0;
      for (int b = 7; b >= 0; --b) u = (u << 8) | std::stoul(line.substr(at + 2 * b, 2), nullptr, 16);
      vals.push_back(static_cast<int64_t>(u));
    }
    recs.push_back(vals);
  }
  return recs;
}

}  // namespace

TEST_CASE("targets: Cortex-M0+ and M4 (arm-none-eabi-gcc) at the strict flags", "[firmware][c][targets]") {
  if (!have("arm-none-eabi-gcc")) {
    FAIL("arm-none-eabi-gcc is not installed (scripts/install-deps.sh installs gcc-arm-none-eabi)");
  }
  for (const McuNet& m : mcu_nets()) {
    CHECK(hv::prepare_c(m.net, {8, "auto"}).layers[0].terms == m.terms);
    for (hv::COptions opt : {hv::COptions{32, "auto", m.method}, hv::COptions{8, "planes", m.method}}) {
      const hv::Network& net = m.net;
      const fs::path dir = hvtest::scratch("firmware_arm_w" + std::to_string(opt.word_bits) + "_" +
                                           std::to_string(static_cast<int>(m.terms)));
      const fs::path c = hv::emit_c(net, dir, opt)[1];
      for (const char* cpu : {"cortex-m0plus", "cortex-m4"}) {
        INFO(cpu << ", " << opt.word_bits << "-bit words");
        const std::string cc = std::string("arm-none-eabi-gcc -mcpu=") + cpu + " -mthumb -Os " + hvtest::kStrict + " -c ";
        const fs::path obj = dir / (std::string(cpu) + ".o");
        // The default build (no -D at all) is integer only: no floating-point symbol. Its only
        // possible libgcc helper is the 64-bit multiply of the integer quantizer (Cortex-M0+).
        auto r = hvtest::run(cc + c.string() + " -o " + obj.string());
        CHECK(r.code == 0);
        CHECK(r.out == "");
        CHECK(float_symbols("arm-none-eabi-nm", obj) == "");
        std::string undefined = nm_undefined(obj);
        CHECK((undefined == "" || undefined == "         U __aeabi_lmul\n"));
        r = hvtest::run(cc + "-DMCU_FLOAT " + c.string() + " -o " + (dir / "with_float.o").string());
        CHECK(r.code == 0);
        CHECK(r.out == "");
        CHECK(float_symbols("arm-none-eabi-nm", dir / "with_float.o") != "");  // the check can fail
      }
    }
  }
}

TEST_CASE("targets: ATmega328P (avr-gcc), tables in flash and in RAM", "[firmware][c][targets]") {
  if (!have("avr-gcc")) {
    FAIL("avr-gcc is not installed (scripts/install-deps.sh installs gcc-avr, avr-libc)");
  }
  for (const McuNet& m : mcu_nets()) {
    INFO("layer 0 method " << static_cast<int>(m.terms));
    const fs::path dir = hvtest::scratch("firmware_avr_cc_" + std::to_string(static_cast<int>(m.terms)));
    CHECK(hv::prepare_c(m.net, {8, "auto"}).layers[0].terms == m.terms);
    const fs::path c = hv::emit_c(m.net, dir, {8, "auto"})[1];
    const std::string cc = "avr-gcc -mmcu=atmega328p -Os -Wall -Wextra -Wpedantic -Wconversion -Werror -c ";
    auto r = hvtest::run(cc + "-std=gnu99 -DMCU_ROM=__flash " + c.string() + " -o " + (dir / "flash.o").string());
    CHECK(r.code == 0);
    CHECK(r.out == "");
    // No -D at all: tables in flash (.progmem.data, nothing in .rodata, which AVR copies to RAM)
    // and no floating point.
    r = hvtest::run("avr-gcc -mmcu=atmega328p -Os -c " + c.string() + " -o " + (dir / "default.o").string());
    CHECK(r.code == 0);
    CHECK(r.out == "");
    CHECK(float_symbols("avr-nm", dir / "default.o") == "");
    auto sections = hvtest::run("avr-objdump -h " + (dir / "default.o").string());
    CHECK(sections.out.find(".progmem") != std::string::npos);
    CHECK(sections.out.find(".rodata") == std::string::npos);
    r = hvtest::run(cc + "-std=c99 " + c.string() + " -o " + (dir / "ram.o").string());
    CHECK(r.code == 0);
    CHECK(r.out == "");
    // 17..24-bit sums: avr-gcc gets its 24-bit integer, the host int32_t.
    if (hv::prepare_c(m.net).acc24) {
      r = hvtest::run("avr-gcc -mmcu=atmega328p -std=c99 -E -P " + c.string());
      CHECK(r.out.find("typedef __int24 mcu_acc24;") != std::string::npos);
      r = hvtest::run("cc -std=c99 -E -P " + c.string());
      CHECK(r.out.find("typedef int32_t mcu_acc24;") != std::string::npos);
      CHECK(r.out.find("__int24") == std::string::npos);
    }
  }
  CHECK(hv::prepare_c(mcu_nets()[0].net).acc24);
  CHECK(hv::prepare_c(mcu_nets()[2].net).acc24);
}

TEST_CASE("targets: ATmega328P in simavr agrees with the reference", "[firmware][c][targets]") {
  if (!have("avr-gcc") || hvtest::run("pkg-config --exists simavr").code != 0) {
    FAIL("avr-gcc or simavr is not installed (scripts/install-deps.sh installs libsimavr-dev, libelf-dev)");
  }
  const fs::path bench = hvtest::source("bench/firmware");
  const fs::path top = hvtest::scratch("firmware_simavr");
  const fs::path runner = top / "simavr_run";
  auto r = hvtest::run("cc -O2 " + (bench / "simavr_run.c").string() + " $(pkg-config --cflags --libs simavr) -lelf -o " +
                       runner.string());
  INFO(r.out);
  REQUIRE(r.code == 0);
  for (const McuNet& m : mcu_nets()) {
    for (int wb : {8, 32}) {
      const hv::Network& net = m.net;
      hv::VectorSet vs = hvtest::vectors_with_ties(net, 120, 3);
      REQUIRE(vs.inputs.size() >= 200);
      vs.inputs.resize(200);  // 120 random, 80 tie-boundary vectors
      INFO(wb << "-bit words, layer 0 method " << static_cast<int>(m.terms));
      const hv::COptions opt{wb, "auto", m.method};
      const fs::path dir = top / ("w" + std::to_string(wb) + "_" + std::to_string(static_cast<int>(m.terms)));
      const fs::path c = hv::emit_c(net, dir, opt)[1];
      hvtest::write(dir / "bench_glue.h", glue(hv::prepare_c(net, opt), vs));
      const fs::path elf = dir / "mcu.elf";
      // The default build: no -D for the model (its tables go to flash by themselves).
      r = hvtest::run("avr-gcc -mmcu=atmega328p -Os -std=gnu99 -I" + dir.string() + " " +
                      (bench / "driver.c").string() + " " + c.string() + " -o " + elf.string());
      INFO(r.out);
      REQUIRE(r.code == 0);
      r = hvtest::run(runner.string() + " " + elf.string());
      REQUIRE(r.code == 0);
      auto got = records(r.out);
      REQUIRE(got.size() == vs.inputs.size());
      size_t same = 0;
      for (size_t k = 0; k < got.size(); ++k) {
        const hv::ref::Result want = hv::ref::run(net, vs.inputs[k]);
        std::vector<int64_t> w = {want.cls};
        w.insert(w.end(), want.scores.begin(), want.scores.end());
        same += got[k] == w;
      }
      CHECK(same == got.size());
    }
  }
}

TEST_CASE("targets: a model of 12 kB of tables links on the ATmega328P with the default build", "[firmware][c][targets]") {
  if (!have("avr-gcc")) {
    FAIL("avr-gcc is not installed (scripts/install-deps.sh installs gcc-avr, avr-libc)");
  }
  // 30 inputs x 400 neurons of 8-bit weights: 12 kB of tables, more than the part's 2 kB of RAM.
  hv::Network net = hvtest::random_net("big", 30, {400}, 4, 8, 100, 71);
  const fs::path dir = hvtest::scratch("firmware_avr_big");
  const fs::path c = hv::emit_c(net, dir, {8, "auto"})[1];
  hvtest::write(dir / "main.c", "#include \"big.h\"\nint main(void)\n{\n    static uint8_t q[BIG_N_INPUTS];\n"
                                "    return big_predict(q);\n}\n");
  const std::string link = "avr-gcc -mmcu=atmega328p -Os -I" + dir.string() + " " + (dir / "main.c").string() + " " +
                           c.string() + " -o ";
  auto r = hvtest::run(link + (dir / "big.elf").string());  // no -D at all
  INFO(r.out);
  REQUIRE(r.code == 0);
  auto size = hvtest::run("avr-size -A " + (dir / "big.elf").string());
  INFO(size.out);
  CHECK(size.out.find("\n.data                          0 ") != std::string::npos);  // nothing copied to RAM
  // The check can fail: with the tables in RAM (a strict C99 build) the same model does not link.
  r = hvtest::run(link + (dir / "ram.elf").string() + " -std=c99");
  CHECK(r.code != 0);
}

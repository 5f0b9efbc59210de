// Verilator testbench for a heaviside-generated pipeline (rendered by sim_verilog.cpp; the values
// below are the design's). It streams a vector file (runtime/vectors.hpp: the inputs per line,
// nothing else) through the valid/ready interface with random idle cycles on in_valid and random
// out_ready backpressure, and writes every output the design delivers to the outputs file, in the
// order it came out (runtime/compare.hpp): the class, the scores when the design has a scores
// port, the number of pipeline advances since the vector was accepted, and 1 when it was delivered
// from the skid buffer (on a clock where the pipeline did not advance). It is never given the
// expected values and decides nothing: the verifier compares, in its own process. Port names are
// the design's (plain or AXI4-Stream). A hang (no output for LATENCY + 1000 cycles) ends the run
// early; the missing outputs are then mismatches to the verifier.
// The model is tb_top.v around the design: the data input sits behind a register that tb_load
// loads when a vector is driven, so the design's first layer is evaluated once per vector instead
// of on both evals of every clock.
// Usage: Vhv_dut <vectors file> <outputs file> <seed> [trace.vcd]. Exit 0 when the run completed,
// 2 on a bad vector file or a write error, 3 on a hang.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <type_traits>
#include <vector>

#include "Vhv_dut.h"
#include "verilated.h"
#ifdef HV_TRACE
#include "verilated_vcd_c.h"
#endif

namespace {

constexpr int kInputs = @@N_IN@@;
constexpr int kInputBits = @@IN_BITS@@;
constexpr uint64_t kLatency = @@LATENCY@@;  // pipeline advances from acceptance to output
constexpr uint64_t kFold = @@FOLD@@;        // clocks per advance at least (II); > 1: no skid buffer
#define HV_SCORES @@HAS_SCORES@@
constexpr int kScores = @@N_SCORES@@;       // scores per vector in the file (and on the port)
constexpr int kScoreBits = @@SCORE_BITS@@;
constexpr int kScoresLsb = @@SCORES_LSB@@;  // first score bit in the scores port
constexpr int kClassBits = @@CLASS_BITS@@;
constexpr int kResetLevel = @@RST_LEVEL@@;  // the reset port's active value
// The design's port names.
#define HV_CLK @@P_CLK@@
#define HV_RST @@P_RST@@
#define HV_IN_VALID @@P_IN_VALID@@
#define HV_IN_READY @@P_IN_READY@@
#define HV_IN_DATA @@P_IN_DATA@@
#define HV_OUT_VALID @@P_OUT_VALID@@
#define HV_OUT_READY @@P_OUT_READY@@
#define HV_CLASS @@P_CLASS@@
#define HV_SCORE_PORT @@P_SCORES@@
constexpr uint64_t kHangCycles = kLatency * kFold + 1000;
uint32_t g_stall = 0x40000000u;  // P(stall) = g_stall / 2^32: 25%, or $HV_STALL_PERCENT
constexpr size_t kRing = 1u << 16;        // > LATENCY: vectors in flight never exceed LATENCY
static_assert(kLatency < kRing, "pipeline deeper than the testbench ring");

struct Vectors {
  std::vector<uint16_t> inputs;  // kInputs per vector
  size_t count = 0;
};

// One decimal field at p (optionally negative); false when malformed or too long.
bool field(const char*& p, const char* eol, bool allow_minus, int64_t& out) {
  while (p < eol && (*p == ' ' || *p == '\t')) ++p;
  bool minus = allow_minus && p < eol && *p == '-';
  if (minus) ++p;
  const char* start = p;
  uint64_t x = 0;
  while (p < eol && *p >= '0' && *p <= '9' && p - start < 19) x = x * 10 + static_cast<uint64_t>(*p++ - '0');
  out = minus ? -static_cast<int64_t>(x) : static_cast<int64_t>(x);
  return p > start && (p == eol || *p == ' ' || *p == '\t' || *p == '\r');
}

// Whole-file read and a hand-written decimal parser: no iostreams per number.
bool load(const char* path, Vectors& v) {
  std::FILE* f = std::fopen(path, "rb");
  if (!f) return std::fprintf(stderr, "cannot open vector file %s\n", path), false;
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  std::vector<char> buf(size > 0 ? static_cast<size_t>(size) + 1 : 1, '\n');
  size_t got = size > 0 ? std::fread(buf.data(), 1, static_cast<size_t>(size), f) : 0;
  std::fclose(f);
  if (size < 0 || got != static_cast<size_t>(size < 0 ? 0 : size))
    return std::fprintf(stderr, "cannot read vector file %s\n", path), false;
  size_t lines = static_cast<size_t>(std::count(buf.begin(), buf.end(), '\n'));
  v.inputs.reserve(lines * kInputs);
  const char* p = buf.data();
  const char* end = p + buf.size();
  for (size_t line = 1; p < end; ++line) {
    const char* eol = p;
    while (*eol != '\n') ++eol;
    bool blank = true;
    for (const char* c = p; c < eol; ++c) blank = blank && (*c == ' ' || *c == '\t' || *c == '\r');
    for (int k = 0; k < kInputs && !blank; ++k) {
      int64_t x = 0;
      if (!field(p, eol, false, x) || (x >> kInputBits) != 0) {
        std::fprintf(stderr, "%s:%zu: bad or out-of-range value %d on the line\n", path, line, k + 1);
        return false;
      }
      v.inputs.push_back(static_cast<uint16_t>(x));
    }
    if (!blank) ++v.count;
    p = eol + 1;
  }
  return true;
}

uint64_t g_rng;
uint32_t next_random() {  // splitmix64, upper half
  uint64_t z = (g_rng += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return static_cast<uint32_t>((z ^ (z >> 31)) >> 32);
}

// Feature fields into in_data, for ports that are plain integers (<= 64 bits) ...
template <typename T, typename = std::enable_if_t<std::is_integral_v<T>>>
void put_inputs(T& port, const uint16_t* q) {
  uint64_t w = 0;
  for (int i = 0; i < kInputs; ++i) w |= static_cast<uint64_t>(q[i]) << (i * kInputBits);
  port = static_cast<T>(w);
}

// ... and for wide ports (VlWide: 32-bit words, least significant first).
template <std::size_t W>
void put_inputs(VlWide<W>& port, const uint16_t* q) {
  for (std::size_t k = 0; k < W; ++k) port.at(k) = 0;
  for (int i = 0; i < kInputs; ++i) {
    unsigned lsb = static_cast<unsigned>(i * kInputBits);
    uint64_t shifted = static_cast<uint64_t>(q[i]) << (lsb % 32);
    port.at(lsb / 32) |= static_cast<uint32_t>(shifted);
    if ((shifted >> 32) != 0) port.at(lsb / 32 + 1) |= static_cast<uint32_t>(shifted >> 32);
  }
}

// Bits [lsb, lsb + w) of an output port (w <= 64), plain integer or VlWide.
template <typename T, typename = std::enable_if_t<std::is_integral_v<T>>>
uint64_t get_bits(const T& port, int lsb, int w) {
  uint64_t v = static_cast<uint64_t>(port) >> lsb;
  return w >= 64 ? v : v & ((uint64_t{1} << w) - 1);
}
template <std::size_t W>
uint64_t get_bits(const VlWide<W>& port, int lsb, int w) {
  uint64_t v = 0;
  for (int b = 0; b < w; ++b) v |= static_cast<uint64_t>((port.at((lsb + b) / 32) >> ((lsb + b) % 32)) & 1u) << b;
  return v;
}

int64_t sign_extend(uint64_t v, int w) {
  return w >= 64 ? static_cast<int64_t>(v) : static_cast<int64_t>(v << (64 - w)) >> (64 - w);
}

// The design under test with its clock, optional VCD, and cycle count.
struct Harness {
  std::unique_ptr<VerilatedContext> ctx = std::make_unique<VerilatedContext>();
  std::unique_ptr<Vhv_dut> top = std::make_unique<Vhv_dut>(ctx.get());
  uint64_t cycle = 0;
#ifdef HV_TRACE
  VerilatedVcdC tfp;
  explicit Harness(const char* vcd) {
    ctx->traceEverOn(true);
    top->trace(&tfp, 99);
    tfp.open(vcd);
  }
  ~Harness() { tfp.close(); }
#else
  explicit Harness(const char*) {}
#endif
  // Settles the inputs set for this cycle (clock low).
  void settle() {
    top->eval();
#ifdef HV_TRACE
    tfp.dump(2 * cycle);
#endif
  }
  // Rising edge; the clock is left low for the next cycle's inputs. tb_load falls here, so that
  // the next vector's load is a rising edge.
  void tick() {
    top->HV_CLK = 1;
    top->tb_load = 0;
    top->eval();
#ifdef HV_TRACE
    tfp.dump(2 * cycle + 1);
#endif
    top->HV_CLK = 0;
    ++cycle;
  }
  void reset() {
    top->HV_CLK = 0;
    top->tb_load = 0;
    top->HV_RST = kResetLevel;
    top->HV_IN_VALID = 0;
    top->HV_OUT_READY = 0;
    for (int k = 0; k < 3; ++k) {
      settle();
      tick();
    }
    top->HV_RST = !kResetLevel;
  }
};

// Streams every vector through the design and writes each delivered output to `out`; returns
// false on a hang (no output for kHangCycles).
bool stream(Harness& h, const Vectors& vs, std::FILE* out) {
  Vhv_dut* top = h.top.get();
  const size_t n = vs.count;
  std::vector<uint64_t> accepted_at(kRing);  // pipeline advance on which a vector was accepted
  size_t next = 0, received = 0;
  uint64_t advances = 0, last_out = h.cycle;
  bool driving = false;
  while (received < n) {
    if (!driving && next < n && next_random() >= g_stall) {
      put_inputs(top->HV_IN_DATA, &vs.inputs[next * kInputs]);
      top->tb_load = 1;  // tb_top.v: the design's data register loads on this eval
      top->HV_IN_VALID = 1;
      driving = true;
    }
    top->HV_OUT_READY = next_random() >= g_stall;
    h.settle();
    const bool advance = top->HV_IN_READY;
    if (top->HV_OUT_VALID && top->HV_OUT_READY) {
      // Pipeline advances since acceptance (0 for an output with no vector in flight), and
      // whether it was delivered on a clock where the pipeline does not advance (the skid buffer).
      uint64_t after = received < next ? advances - accepted_at[received % kRing] : 0;
      std::fprintf(out, "%llu", static_cast<unsigned long long>(get_bits(top->HV_CLASS, 0, kClassBits)));
#if HV_SCORES
      for (int c = 0; c < kScores; ++c)
        std::fprintf(out, " %lld",
                     static_cast<long long>(sign_extend(
                         get_bits(top->HV_SCORE_PORT, kScoresLsb + c * kScoreBits, kScoreBits), kScoreBits)));
#endif
      // A folded design has no skid buffer: its last stage holds the vector until it is taken.
      std::fprintf(out, " %llu %d\n", static_cast<unsigned long long>(after), kFold == 1 && !advance ? 1 : 0);
      ++received;
      last_out = h.cycle;
    }
    if (driving && advance) {
      accepted_at[next % kRing] = advances;
      ++next;
      driving = false;
    }
    if (advance) ++advances;
    h.tick();
    if (!driving) top->HV_IN_VALID = 0;
    if (h.cycle - last_out > kHangCycles) {
      std::fprintf(stderr, "hang: no output for %llu cycles; %zu of %zu vectors came out\n",
                   static_cast<unsigned long long>(kHangCycles), received, n);
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return std::fprintf(stderr, "usage: %s <vectors file> <outputs file> <seed> [trace.vcd]\n", argv[0]), 2;
  Vectors vs;
  if (!load(argv[1], vs)) return 2;
  std::FILE* out = std::fopen(argv[2], "w");
  if (!out) return std::fprintf(stderr, "cannot write %s\n", argv[2]), 2;
  g_rng = std::strtoull(argv[3], nullptr, 10);
  if (const char* p = std::getenv("HV_STALL_PERCENT")) g_stall = static_cast<uint32_t>(std::strtoul(p, nullptr, 10) % 100 * 42949673ull);
  bool finished = false;
  auto t0 = std::chrono::steady_clock::now();
  std::clock_t c0 = std::clock();
  uint64_t cycles = 0;
  {
    Harness h(argc > 4 ? argv[4] : "trace.vcd");
    h.reset();
    finished = stream(h, vs, out);
    h.top->final();
    cycles = h.cycle;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;  // this process only: load-independent
  const double n = static_cast<double>(vs.count);
  std::fprintf(stderr, "simulated %llu cycles in %.3f s (%.0f vectors/s); CPU time %.3f s (%.0f vectors per CPU second)\n",
               static_cast<unsigned long long>(cycles), secs, secs > 0 ? n / secs : 0.0, cpu, cpu > 0 ? n / cpu : 0.0);
  if (std::fclose(out) != 0) return std::fprintf(stderr, "write error on %s\n", argv[2]), 2;
  return finished ? 0 : 3;
}

// Verilator testbench for a heaviside-generated pipeline (rendered by sim_verilog.cpp; the values
// below are the design's). It streams a vector file (runtime/vectors.hpp: inputs, class, scores per
// line) through the valid/ready interface with random idle cycles on in_valid and random out_ready
// backpressure, and checks every output: the class bit for bit, the order, and that it leaves
// exactly LATENCY pipeline advances after it was accepted. Prints the first 10 mismatches as
// `mismatch vector <i>: expected class <e>, got <g>` and ends with `<N> vectors, <M> mismatches`.
// Usage: Vhv_dut <vectors file> <seed> [trace.vcd]. Exit 0 iff M == 0; 2 on a bad vector file.
#include <algorithm>
#include <chrono>
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
constexpr uint64_t kLatency = @@LATENCY@@;
constexpr uint64_t kHangCycles = kLatency + 1000;
constexpr uint32_t kStall = 0x40000000u;  // P(stall) = kStall / 2^32 = 25%
constexpr size_t kRing = 1u << 16;        // > LATENCY: vectors in flight never exceed LATENCY
static_assert(kLatency < kRing, "pipeline deeper than the testbench ring");

struct Vectors {
  std::vector<uint16_t> inputs;  // kInputs per vector
  std::vector<uint32_t> expected;
};

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
  v.expected.reserve(lines);
  const char* p = buf.data();
  const char* end = p + buf.size();
  for (size_t line = 1; p < end; ++line) {
    const char* eol = p;
    while (*eol != '\n') ++eol;
    bool blank = true;
    for (const char* c = p; c < eol; ++c) blank = blank && (*c == ' ' || *c == '\t' || *c == '\r');
    for (int k = 0; k <= kInputs && !blank; ++k) {
      while (p < eol && (*p == ' ' || *p == '\t')) ++p;
      uint64_t x = 0;
      const char* start = p;
      while (p < eol && *p >= '0' && *p <= '9' && x < (1u << 20)) x = x * 10 + static_cast<uint64_t>(*p++ - '0');
      bool ok = p > start && (p == eol || *p == ' ' || *p == '\t' || *p == '\r');
      if (!ok || (k < kInputs && x >> kInputBits)) {
        std::fprintf(stderr, "%s:%zu: bad or out-of-range value %d on the line\n", path, line, k + 1);
        return false;
      }
      if (k < kInputs) v.inputs.push_back(static_cast<uint16_t>(x));
      else v.expected.push_back(static_cast<uint32_t>(x));
    }
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
  // Rising edge; the clock is left low for the next cycle's inputs.
  void tick() {
    top->clk = 1;
    top->eval();
#ifdef HV_TRACE
    tfp.dump(2 * cycle + 1);
#endif
    top->clk = 0;
    ++cycle;
  }
  void reset() {
    top->clk = 0;
    top->rst = 1;
    top->in_valid = 0;
    top->out_ready = 0;
    for (int k = 0; k < 3; ++k) {
      settle();
      tick();
    }
    top->rst = 0;
  }
};

// Streams every vector through the design; returns the number of mismatches (missing outputs of
// a hang included) and prints the first 10.
size_t stream(Harness& h, const Vectors& vs) {
  Vhv_dut* top = h.top.get();
  const size_t n = vs.expected.size();
  std::vector<uint64_t> accepted_at(kRing);  // pipeline advance on which a vector was accepted
  size_t next = 0, received = 0, mismatches = 0;
  uint64_t advances = 0, last_out = h.cycle;
  bool driving = false;
  while (received < n) {
    if (!driving && next < n && next_random() >= kStall) {
      put_inputs(top->in_data, &vs.inputs[next * kInputs]);
      top->in_valid = 1;
      driving = true;
    }
    top->out_ready = next_random() >= kStall;
    h.settle();
    const bool advance = top->in_ready;
    if (top->out_valid && top->out_ready) {
      uint32_t got = top->out_class, want = received < next ? vs.expected[received] : 0;
      uint64_t after = received < next ? advances - accepted_at[received % kRing] : 0;
      if ((received >= next || got != want || after != kLatency) && ++mismatches <= 10) {
        std::printf("mismatch vector %zu: expected class %u, got %u", received, want, got);
        if (received >= next) std::printf(" (an output with no vector in flight)");
        else if (after != kLatency)
          std::printf(" (after %llu pipeline advances, expected %llu)", static_cast<unsigned long long>(after),
                      static_cast<unsigned long long>(kLatency));
        std::printf("\n");
      }
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
    if (!driving) top->in_valid = 0;
    if (h.cycle - last_out > kHangCycles) {
      std::printf("hang: no output for %llu cycles; %zu of %zu vectors came out\n",
                  static_cast<unsigned long long>(kHangCycles), received, n);
      return mismatches + (n - received);
    }
  }
  return mismatches;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return std::fprintf(stderr, "usage: %s <vectors file> <seed> [trace.vcd]\n", argv[0]), 2;
  Vectors vs;
  if (!load(argv[1], vs)) return 2;
  g_rng = std::strtoull(argv[2], nullptr, 10);
  size_t mismatches = 0;
  auto t0 = std::chrono::steady_clock::now();
  uint64_t cycles = 0;
  {
    Harness h(argc > 3 ? argv[3] : "trace.vcd");
    h.reset();
    mismatches = stream(h, vs);
    h.top->final();
    cycles = h.cycle;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "simulated %llu cycles in %.3f s (%.0f vectors/s)\n", static_cast<unsigned long long>(cycles),
               secs, secs > 0 ? static_cast<double>(vs.expected.size()) / secs : 0.0);
  std::printf("%zu vectors, %zu mismatches\n", vs.expected.size(), mismatches);
  return mismatches == 0 ? 0 : 1;
}

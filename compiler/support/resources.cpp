// Memory budget and estimates (see resources.hpp). The budget is process-wide: the driver sets it
// once from --memory-limit; library code only reads it through check_memory.
#include "support/resources.hpp"

#include <fmt/format.h>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string_view>
#include <unistd.h>

#include "support/diagnostics.hpp"

namespace hv {

namespace {

uint64_t g_limit = 0;  // 0: not set, use the default

uint64_t meminfo_total() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  uint64_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit)
    if (key == "MemTotal:") return kib * 1024;
  return 0;
}

uint64_t cgroup_max() {
  std::ifstream in("/sys/fs/cgroup/memory.max");
  uint64_t v = 0;
  if (in >> v) return v;  // "max" (no limit) does not parse as a number
  return 0;
}

}  // namespace

uint64_t physical_memory() {
  uint64_t phys = 0;
  long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) phys = static_cast<uint64_t>(pages) * static_cast<uint64_t>(page);
  if (phys == 0) phys = meminfo_total();
  uint64_t cg = cgroup_max();
  if (cg > 0 && (phys == 0 || cg < phys)) phys = cg;
  return phys;
}

uint64_t memory_limit() {
  if (g_limit == 0) {
    uint64_t phys = physical_memory();
    g_limit = phys > 0 ? phys / 4 * 3 : uint64_t{4} << 30;
  }
  return g_limit;
}

void set_memory_limit(uint64_t bytes) { g_limit = bytes; }

uint64_t parse_memory_size(const std::string& text, const std::string& option) {
  auto bad = [&]() {
    fail("option " + option + " expects a size such as 8G, 512M or 1000000 (bytes), found " + quote(text));
  };
  size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
  if (i == 0) bad();
  double v = 0;
  std::string number = text.substr(0, i);
  if (std::sscanf(number.c_str(), "%lf", &v) != 1 || number.find('.') != number.rfind('.')) bad();
  std::string_view suffix = std::string_view(text).substr(i);
  double scale = 1;
  if (!suffix.empty()) {
    const std::string_view units = "KMGT";
    size_t u = units.find(static_cast<char>(suffix[0] & ~0x20));
    if (u == std::string_view::npos) bad();
    suffix.remove_prefix(1);
    if (suffix != "" && suffix != "B" && suffix != "iB") bad();
    scale = std::ldexp(1.0, 10 * static_cast<int>(u + 1));
  }
  double bytes = std::floor(v * scale);
  if (!(bytes >= 1)) fail("option " + option + " must be at least 1 byte, found " + quote(text));
  if (bytes >= 1.8e19) return UINT64_MAX;
  return static_cast<uint64_t>(bytes);
}

std::string format_bytes(uint64_t bytes) {
  if (bytes == UINT64_MAX) return "more than 16 EiB";
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = static_cast<double>(bytes) / 1024;
  int u = 0;
  while (v >= 1024 && u < 5) {
    v /= 1024;
    ++u;
  }
  std::string s = fmt::format("{:.1f}", v);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s + " " + units[u];
}

uint64_t mul_sat(uint64_t a, uint64_t b) {
  uint64_t r = 0;
  return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

uint64_t add_sat(uint64_t a, uint64_t b) {
  uint64_t r = 0;
  return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

void check_memory(const std::string& location, const std::string& what, uint64_t bytes, const std::string& detail,
                  const std::string& hint) {
  uint64_t limit = memory_limit();
  if (bytes <= limit) return;
  std::string msg = what + " needs " + format_bytes(bytes) + " (" + detail + "), over the " + format_bytes(limit) +
                    " memory limit; " + hint;
  if (location.empty()) fail(msg);
  fail_at({location, 0, 0}, msg);
}

}  // namespace hv

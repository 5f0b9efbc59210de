// Resource limits: the memory budget every stage checks *before* it allocates something sized by
// the input (a file's text, a parsed dataset, the training dictionary, verification vectors).
// A request over the budget is a user error that states the estimate, what it is made of, and the
// limit, so the user can shrink the job or raise the limit (--memory-limit). The default budget
// is 3/4 of the physical memory (or of the cgroup's memory.max, when that is lower).
#pragma once
#include <cstdint>
#include <string>

namespace hv {

// Physical memory in bytes (sysconf, else /proc/meminfo MemTotal), capped by a cgroup v2
// memory.max; 0 when neither can be read.
uint64_t physical_memory();

// The budget in bytes. Until set_memory_limit is called: 3/4 of physical_memory(), or 4 GiB when
// that is unknown.
uint64_t memory_limit();
void set_memory_limit(uint64_t bytes);

// "8G", "512M", "1.5GiB", "64k", "1000000" (bytes); suffixes K/M/G/T with an optional "iB" or "B"
// are powers of 1024. Fails (user error naming `option`) on anything else, or on 0.
uint64_t parse_memory_size(const std::string& text, const std::string& option);

// "14.2 GiB", "512 MiB", "3.0 KiB", "17 bytes": for messages.
std::string format_bytes(uint64_t bytes);

// Saturating arithmetic for estimates: a product that overflows is UINT64_MAX, which any limit
// refuses.
uint64_t mul_sat(uint64_t a, uint64_t b);
uint64_t add_sat(uint64_t a, uint64_t b);

// When bytes > memory_limit(), fails (a user error at `location`, a file name or "" for none):
//   "<what> needs <estimate> (<detail>), over the <limit> memory limit; <hint>"
void check_memory(const std::string& location, const std::string& what, uint64_t bytes, const std::string& detail,
                  const std::string& hint);

}  // namespace hv

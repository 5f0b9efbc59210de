// A stable 64-bit fingerprint of a Network (FNV-1a over every field in a fixed order), printed in
// generated files so that an output can be traced to the exact model that made it.
#pragma once
#include <cstdint>
#include <string>

#include "ir/network.hpp"

namespace hv {

uint64_t network_hash(const Network& net);
std::string network_hash_hex(const Network& net);  // 16 lowercase hex digits

}  // namespace hv

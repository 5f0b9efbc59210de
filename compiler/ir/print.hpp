// Printer of the Network IR to its text form, the model file (.hnet). Deterministic; doubles are
// printed in shortest round-trip form so that parse_hnet(print_network(net)) == net exactly.
#pragma once
#include <string>

#include "ir/network.hpp"

namespace hv {

std::string print_network(const Network& net);

}  // namespace hv

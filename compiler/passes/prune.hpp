// prune: removes hidden neurons whose outgoing weights are all zero (no later layer reads them),
// from the last hidden layer down, so that removals cascade. A layer keeps at least one neuron
// (the IR requires it). Exact: outputs are unchanged on every input. O(total weights).
#pragma once
#include <string>

#include "ir/network.hpp"

namespace hv {

std::string prune(Network& net);

}  // namespace hv

// fold_constants: a hidden neuron whose pre-activation bound (ir/bounds.hpp) lies entirely at or
// above 0 always fires; entirely below 0, never fires. Its contribution to the next layer is then
// a constant: added to that layer's biases, and the neuron's outgoing weights set to zero (prune
// removes it). Exact by construction. O(total weights).
#pragma once
#include <string>

#include "ir/network.hpp"

namespace hv {

std::string fold_constants(Network& net);

}  // namespace hv

// share_rows: hidden neurons of one layer with identical weight rows and biases compute the same
// activation on every input, so one of them can feed every consumer: each duplicate's outgoing
// weights are added to the first neuron of its group and then set to zero (prune removes it).
// Layers are processed first to last, so rows that become equal by the merge below are found too.
// Exact: the next layer's sum is unchanged (w1 * a + w2 * a = (w1 + w2) * a). Partial-sum bounds
// cannot grow (|w1 + w2| <= |w1| + |w2|). O(total weights * log neurons).
#pragma once
#include <string>

#include "ir/network.hpp"

namespace hv {

std::string share_rows(Network& net);

}  // namespace hv

// Structural and arithmetic checks of the Network (see verify.hpp). O(total weights).
#include "ir/verify.hpp"

#include <cmath>
#include <set>

#include "ir/bounds.hpp"
#include "support/diagnostics.hpp"

namespace hv {

namespace {
[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw UserError(where + ": error: invalid model: " + what);
}

void check_layer(const Layer& layer, const std::string& name, int expect_in, const std::string& where) {
  if (layer.n_in != expect_in)
    bad(where, name + " has " + std::to_string(layer.n_in) + " inputs, but the layer below provides " +
                   std::to_string(expect_in));
  if (layer.n_out < 1) bad(where, name + " has no neurons");
  if (layer.weights.size() != static_cast<size_t>(layer.n_in) * layer.n_out)
    bad(where, name + " has " + std::to_string(layer.weights.size()) + " weights, expected " +
                   std::to_string(static_cast<size_t>(layer.n_in) * layer.n_out));
  if (layer.bias.size() != static_cast<size_t>(layer.n_out))
    bad(where, name + " has " + std::to_string(layer.bias.size()) + " biases, expected " +
                   std::to_string(layer.n_out));
}
}  // namespace

bool is_identifier(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

void verify_network(const Network& net, const std::string& where) {
  if (!is_identifier(net.name))
    bad(where, "the model name " + quote(net.name) + " is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  if (net.input_bits < 1 || net.input_bits > kMaxInputBits)
    bad(where, "input_bits is " + std::to_string(net.input_bits) + ", expected 1.." + std::to_string(kMaxInputBits));
  if (net.inputs.empty()) bad(where, "the model has no inputs");
  std::set<std::string> names;
  for (const auto& f : net.inputs) {
    if (!names.insert(f.name).second) bad(where, "input " + quote(f.name) + " is declared twice");
    if (!std::isfinite(f.lo) || !std::isfinite(f.step) || !(f.step > 0))
      bad(where, "input " + quote(f.name) + " has a non-finite lo or a step that is not positive");
  }
  if (net.regression()) {
    if (!net.classes.empty()) bad(where, "a regressor has no classes");
    if (net.targets.empty()) bad(where, "the regressor has no target");
    std::set<std::string> tn;
    for (const auto& t : net.targets) {
      if (!tn.insert(t.name).second) bad(where, "target " + quote(t.name) + " is declared twice");
      if (!std::isfinite(t.offset) || !std::isfinite(t.step) || !(t.step > 0))
        bad(where, "target " + quote(t.name) + " has a non-finite offset or a step that is not positive");
    }
  } else {
    if (!net.targets.empty()) bad(where, "a classifier has no targets (task regression declares them)");
    if (net.classes.size() < 2)
      bad(where, "the model has " + std::to_string(net.classes.size()) + " classes, expected at least 2");
    std::set<std::string> cls(net.classes.begin(), net.classes.end());
    if (cls.size() != net.classes.size()) bad(where, "a class label is declared twice");
  }
  if (net.hidden.empty()) bad(where, "the model has no hidden threshold layer");
  int width = static_cast<int>(net.inputs.size());
  for (size_t l = 0; l < net.hidden.size(); ++l) {
    check_layer(net.hidden[l], "hidden layer " + std::to_string(l + 1), width, where);
    width = net.hidden[l].n_out;
  }
  check_layer(net.output, "the output layer", width, where);
  if (net.regression()) {
    if (net.output.n_out != static_cast<int>(net.targets.size()))
      bad(where, "the output layer has " + std::to_string(net.output.n_out) + " scores for " +
                     std::to_string(net.targets.size()) + " targets, expected one score per target");
  } else {
    int expect_out = net.classes.size() == 2 ? 1 : static_cast<int>(net.classes.size());
    if (net.output.n_out != expect_out)
      bad(where, "the output layer has " + std::to_string(net.output.n_out) + " scores for " +
                     std::to_string(net.classes.size()) + " classes, expected " + std::to_string(expect_out));
  }
  if (!std::isfinite(net.score_scale) || !(net.score_scale > 0)) bad(where, "score_scale must be positive");
  auto bounds = layer_bounds(net);
  for (size_t l = 0; l < bounds.size(); ++l) {
    int bits = signed_bits(bounds[l]);
    if (bits > kMaxAccumulatorBits)
      bad(where, (l + 1 == bounds.size() ? std::string("the output layer") : "hidden layer " + std::to_string(l + 1)) +
                     " needs a " + std::to_string(bits) + "-bit accumulator in the worst case; at most " +
                     std::to_string(kMaxAccumulatorBits) + " bits are allowed (the weights can overflow)");
  }
}

}  // namespace hv

// flow/provenance: a trained model's record of its origin (see provenance.hpp).
#include "flow/provenance.hpp"

#include <fmt/format.h>

#include "support/files.hpp"
#include "support/version.hpp"

namespace hv::flow {

std::string file_fingerprint(const std::string& path) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : read_file(path)) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return fmt::format("{:016x}", h);
}

std::string options_line(const TrainSettings& s) {
  std::string o = fmt::format("method={} seed={} input_bits={} output_bits={} test_fraction={}", to_string(s.method),
                              s.seed, s.input_bits, s.output_bits ? std::to_string(*s.output_bits) : std::string("sized"), s.test_fraction);
  if (s.task == Task::regression) o += " task=regression";
  if (s.time_limit > 0) o += fmt::format(" time_limit={}", s.time_limit);
  if (s.beta) o += fmt::format(" beta={}", *s.beta);
  if (is_ste(s.method)) {
    const SteOptions e = ste_options(s);
    return o + fmt::format(" depth={} width={} weight_bits={} iterations={} lr={} patience={}", e.depth, e.width,
                           e.weight_bits, e.iterations, e.lr, e.patience);
  }
  const TrainOptions c = convex_options(s);
  o += fmt::format(" depth={} loss={} dictionary={} directions={} fan_in={} cost={} weight_bits={} tol={} refit={}",
                   c.depth, c.loss, c.dict.kind, c.dict.directions, c.dict.max_fan_in, to_string(s.cost),
                   c.dict.weight_bits, c.tol, c.refit);
  o += c.select == "fixed" ? fmt::format(" beta_rel={}", c.beta_rel)
                           : fmt::format(" select=validation validation_fraction={}", c.validation_fraction);
  if (c.max_luts > 0) o += fmt::format(" max_luts={}", c.max_luts);
  if (s.method == Method::shattered) o += fmt::format(" shatter={} realize={}", c.shatter, c.realize);
  if (c.deep_width) o += fmt::format(" width={}", c.deep_width);
  if (c.path_points) o += fmt::format(" path={}", c.path_points);
  if (c.max_neurons) o += fmt::format(" max_neurons={}", c.max_neurons);
  if (c.colgen) o += fmt::format(" colgen=1 colgen_rounds={} colgen_candidates={}", c.colgen_opt.rounds, c.colgen_opt.candidates);
  return o;
}

Provenance provenance(const TrainResult& r, const TrainSettings& s, const DataFile& data,
                      const std::optional<DataFile>& test) {
  Provenance p;
  p.emplace_back("heaviside_version", kVersion);
  p.emplace_back("data", data.path);
  p.emplace_back("data_fnv1a64", file_fingerprint(data.path));
  if (!data.labels.empty()) p.emplace_back("labels_fnv1a64", file_fingerprint(data.labels));
  if (test) {
    p.emplace_back("test", test->path);
    p.emplace_back("test_fnv1a64", file_fingerprint(test->path));
  }
  p.emplace_back("rows", fmt::format("train={} test={}", r.n_train, r.n_test));
  p.emplace_back("options", options_line(s));
  if (is_ste(s.method)) {
    p.emplace_back("beta", fmt::format("{}", r.ste.beta));
    p.emplace_back("objective", fmt::format("{}", r.ste.float_objective));
  } else {
    const LassoResult& l = r.convex.lasso;
    p.emplace_back("beta", fmt::format("{}", r.convex.beta));
    p.emplace_back("objective", fmt::format("{}", l.primal));
    p.emplace_back("duality_gap", fmt::format("{}", l.gap));
    p.emplace_back("gap_over_p0", fmt::format("{}", l.rel_gap()));
    p.emplace_back("certificate", l.converged ? (r.convex.exact_dictionary ? "global over the quantized inputs"
                                                                           : "converged over the dictionary")
                                              : (r.stopped_at_time_limit ? "stopped at the time limit" : "not converged"));
  }
  if (r.net.regression()) {  // the compiled network's errors, in the target's units
    const RegressionReport& g = r.regression;
    p.emplace_back("error", fmt::format("train_rmse={:.6g} train_r2={:.6f} test_rmse={} test_r2={}", g.int_train.rmse,
                                        g.int_train.r2, g.has_test ? fmt::format("{:.6g}", g.int_test.rmse) : "none",
                                        g.has_test ? fmt::format("{:.6f}", g.int_test.r2) : "none"));
    return p;
  }
  p.emplace_back("accuracy", fmt::format("train={:.6f} test={}", r.int_acc.train,
                                         r.n_test ? fmt::format("{:.6f}", r.int_acc.test) : "none"));
  return p;
}

}  // namespace hv::flow

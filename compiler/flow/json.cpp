// flow/json: results as JSON (see json.hpp).
#include "flow/json.hpp"

#include <cmath>

#include "support/version.hpp"

namespace hv::flow {

using nlohmann::json;

namespace {
json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json accuracy(const Accuracy& a, bool has_test) {
  return {{"train", a.train}, {"test", has_test ? json(a.test) : json(nullptr)}};
}
}  // namespace

json to_json(const TrainResult& r, const TrainSettings& s, const std::string& data_path) {
  json j;
  j["heaviside_version"] = kVersion;
  j["data"] = data_path;
  j["model"] = r.net.name;
  j["method"] = to_string(r.method);
  j["rows"] = {{"train", r.n_train}, {"test", r.n_test}};
  j["features"] = r.n_features;
  j["task"] = r.net.regression() ? "regression" : "classification";
  j["classes"] = r.net.classes;
  if (r.net.regression()) {
    const RegressionReport& g = r.regression;
    auto fit = [&](const RegressionFit& f) { return json{{"rmse", f.rmse}, {"r2", f.r2}}; };
    json targets = json::array();
    for (const auto& t : r.net.targets) targets.push_back({{"name", t.name}, {"offset", t.offset}, {"step", t.step}});
    j["targets"] = targets;
    j["regression"] = {{"float", {{"train", fit(g.float_train)}, {"test", g.has_test ? fit(g.float_test) : json(nullptr)}}},
                       {"integer", {{"train", fit(g.int_train)}, {"test", g.has_test ? fit(g.int_test) : json(nullptr)}}},
                       {"max_quantization_error", g.max_quantization_error},
                       {"quantization_bound", g.quantization_bound}};
  }
  json widths = json::array();
  for (const auto& l : r.net.hidden) widths.push_back(l.n_out);
  j["hidden_widths"] = widths;
  if (!r.net.regression()) {  // a regressor's errors are under "regression"; its path's train/test are R^2
    j["accuracy"] = {{"float", accuracy(r.float_acc, r.n_test > 0)}, {"integer", accuracy(r.int_acc, r.n_test > 0)}};
    j["chance"] = r.chance;
  }
  j["warnings"] = r.warnings;
  j["stopped_at_time_limit"] = r.stopped_at_time_limit;
  j["seconds"] = r.seconds;
  j["passes"] = r.passes.lines;
  if (is_ste(r.method)) {
    const SteReport& e = r.ste;
    j["ste"] = {{"beta", e.beta},
                {"iterations", e.trace.empty() ? 0 : e.trace.back().iteration},
                {"halvings", e.halvings},
                {"final_lr", e.final_lr},
                {"float_objective", number_or_null(e.float_objective)},
                {"integer_objective", number_or_null(e.integer_objective)},
                {"pattern_checks", e.pattern_checks},
                {"pattern_changes", e.pattern_changes}};
  } else {
    const TrainReport& c = r.convex;
    const double obj = c.lasso.primal;
    j["certificate"] = {{"beta", c.beta},
                        {"beta_max", c.beta_max},
                        {"objective", number_or_null(obj)},
                        {"duality_gap", number_or_null(c.lasso.gap)},
                        {"gap_over_objective", number_or_null(obj > 0 ? c.lasso.gap / obj : c.lasso.gap)},
                        {"p0", number_or_null(c.lasso.p0)},
                        {"gap_over_p0", number_or_null(c.lasso.rel_gap())},
                        {"converged", c.lasso.converged},
                        {"iterations", c.lasso.outer_iterations},
                        {"exact_dictionary", c.exact_dictionary},
                        {"over", c.exact_dictionary ? "every threshold network on the quantized inputs"
                                                    : "the networks whose neurons are in the dictionary"}};
    j["dictionary"] = {{"kind", c.dictionary_kind.empty() ? to_string(s.dictionary) : c.dictionary_kind},
                       {"candidates", c.dict.candidates},
                       {"patterns", c.patterns},
                       {"duplicates", c.dict.duplicates},
                       {"constant", c.dict.constant}};
    j["formulation"] = c.formulation;
    j["reconstructed_objective"] = number_or_null(c.reconstructed_objective);
    j["pattern_checks"] = c.pattern_checks;
    j["pattern_mismatches"] = c.pattern_mismatches;
    json path = json::array();
    for (const auto& p : c.path)
      path.push_back({{"beta", p.beta}, {"neurons", p.neurons}, {"train", p.acc.train},
                      {"test", r.n_test ? json(p.acc.test) : json(nullptr)}, {"gap_over_p0", p.rel_gap},
                      {"seconds", p.seconds}});
    j["path"] = path;
    if (c.colgen_ran)
      j["colgen"] = {{"rounds", c.colgen.rounds},
                     {"examined", c.colgen.examined},
                     {"added_columns", c.colgen.added_columns},
                     {"max_violation", c.colgen.max_score},
                     {"gap_examined", c.colgen.gap_examined}};
  }
  return j;
}

json to_json(const VerifyResult& r) {
  json targets = json::array();
  for (const auto& t : r.targets) {
    json bad = json::array();
    for (size_t i = 0; i < t.first_bad.size(); ++i) bad.push_back({{"vector", t.first_bad[i]}, {"origin", t.first_bad_origin[i]}});
    targets.push_back({{"target", t.target},
                       {"ran", t.ran},
                       {"vectors", t.vectors},
                       {"mismatches", t.mismatches},
                       {"first_bad", bad},
                       {"seconds", t.seconds},
                       {"pass", t.pass}});
  }
  return {{"heaviside_version", kVersion},
          {"model", r.model},
          {"vectors", {{"total", r.vectors}, {"data_rows", r.data_rows}, {"boundary", r.tie_vectors}, {"random", r.random_vectors}}},
          {"boundaries", {{"covered", r.boundaries_covered}, {"unreachable", r.boundaries_unreachable}, {"not_found", r.boundaries_not_found}}},
          {"targets", targets},
          {"pass", r.pass}};
}

json to_json(const ReportResult& r) {
  return {{"heaviside_version", kVersion},
          {"model", r.model},
          {"module", r.module},
          {"neurons", r.neurons},
          {"latency_cycles", r.latency},
          {"ii", r.ii},
          {"pipeline_levels", r.pipeline_levels},
          {"handshake", r.skid ? "skid" : "enable"},
          {"ice40", {{"lut4", r.lut4}, {"sb_carry", r.sb_carry}, {"dff", r.ff_ice40}}},
          {"xilinx", {{"lut", r.lut}, {"lut6", r.lut6}, {"carry4", r.carry4}, {"ff", r.ff_xilinx}, {"dsp", r.dsp}}},
          {"pnr",
           {{"device", r.device},
            {"target_mhz", r.target_mhz},
            {"status", r.pnr.status},
            {"fmax_mhz", r.pnr.status == "ok" ? json(r.pnr.fmax_mhz) : json(nullptr)},
            {"note", r.pnr.note}}}};
}

std::string json_text(const json& j) { return j.dump(2) + "\n"; }

}  // namespace hv::flow

// flow/json: the machine-readable form of each flow's result (train, verify, report), as
// nlohmann::json values, for `--json FILE` and for any program driving the library. Keys are
// stable snake_case names; numbers that do not exist (no Fmax, no test rows) are null.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "flow/report.hpp"
#include "flow/train.hpp"
#include "flow/verify.hpp"

namespace hv::flow {

nlohmann::json to_json(const TrainResult& r, const TrainSettings& s, const std::string& data_path);
nlohmann::json to_json(const VerifyResult& r);
nlohmann::json to_json(const ReportResult& r);

// The JSON text written by --json: pretty-printed, ending in a newline.
std::string json_text(const nlohmann::json& j);

}  // namespace hv::flow

// flow/provenance: the record a trained model keeps of where it came from (Network::provenance,
// printed as `provenance "key" "value"` lines of the .hnet, docs/HNET.md): the heaviside version,
// the data files and a fingerprint of their bytes, the method and every training option, beta
// and the certificate. Metadata only: the network's hash and the generated code ignore it.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "flow/load.hpp"
#include "flow/train.hpp"

namespace hv::flow {

using Provenance = std::vector<std::pair<std::string, std::string>>;

// FNV-1a 64 of a file's bytes as 16 hex digits (the fingerprint the record keeps).
std::string file_fingerprint(const std::string& path);

// The training options as one canonical `key=value ...` line (every option, defaults included).
std::string options_line(const TrainSettings& s);

Provenance provenance(const TrainResult& r, const TrainSettings& s, const DataFile& data,
                      const std::optional<DataFile>& test);

}  // namespace hv::flow

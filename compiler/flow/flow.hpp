// The heaviside library's flow API, one header per stage: load (data and model files), train
// (every method), compile (plan once, emit once), verify (structured result), report (Yosys and
// nextpnr figures), json (machine-readable results), provenance (a model's record of its
// origin). The `heaviside` CLI and the Python package are thin layers over these calls.
#pragma once
#include "flow/compile.hpp"
#include "flow/json.hpp"
#include "flow/load.hpp"
#include "flow/provenance.hpp"
#include "flow/report.hpp"
#include "flow/train.hpp"
#include "flow/verify.hpp"

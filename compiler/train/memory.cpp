// Training memory estimate (see memory.hpp). The constants follow the containers the trainer
// uses: explicit columns (ceil(n/128) x 16 bytes each in whole panels of 256, plus the IntNeuron,
// cost, count and hash entry), threshold blocks (per direction the sorted row order, per kept
// threshold its start, value, cost and hash entry), the Gram cache (up to kGramCapacity columns:
// their bits, a dense Gram matrix and the working set's copy of it), and per row the quantized
// inputs, the targets and the solver's residual copies.
// Allocator overhead is rounded in per object. Upper bounds: every sampled direction is assumed
// to survive deduplication.
#include "train/memory.hpp"

#include <algorithm>
#include <string>

#include "support/resources.hpp"

namespace hv {

namespace {
constexpr uint64_t kPerColumnOverhead = 128;  // neuron header, cost, count, hash entry, correlations
constexpr uint64_t kPerThreshold = 64;        // start, value, cost, hash entry, correlations
constexpr uint64_t kGramCapacity = 6000;      // GramCache's default pool
constexpr uint64_t kPanel = 256;              // TiledBits::kPanel
constexpr uint64_t kRowVectors = 4;           // targets, centred targets, residual and its copy

// Columns the dictionary can hold, and whether they are bit-packed.
uint64_t max_columns(size_t n, const GeneratorOptions& opt) {
  if (opt.kind == "sparse") return mul_sat(opt.directions, add_sat(n, 1));
  if (opt.kind == "comparators") return mul_sat(opt.directions, add_sat(n, 1));  // directions = d (see below)
  if (opt.kind == "exact") return add_sat(mul_sat(n, n), 2);  // arrangements of n points in the plane
  return opt.directions;
}
}  // namespace

uint64_t training_memory_estimate(size_t n, size_t d, size_t K, const GeneratorOptions& opt) {
  if (opt.kind == "comparators") {  // d threshold blocks: a sparse dictionary of d directions
    GeneratorOptions blocks = opt;
    blocks.kind = "sparse";
    blocks.directions = d;
    return training_memory_estimate(n, d, K, blocks);
  }
  const uint64_t column_bytes = mul_sat((static_cast<uint64_t>(n) + 63) / 64, 8);
  const uint64_t tiled_bytes = mul_sat((static_cast<uint64_t>(n) + 127) / 128, 16);  // TiledBits pads to 128 rows
  const uint64_t cols = max_columns(n, opt);
  uint64_t dict = 0;
  if (opt.kind == "sparse") {  // per direction: the row order and the weights; per threshold: kPerThreshold
    uint64_t per_direction = add_sat(mul_sat(n, 4), add_sat(mul_sat(d, 8), kPerColumnOverhead));
    dict = add_sat(mul_sat(opt.directions, per_direction), mul_sat(cols, kPerThreshold));
  } else {
    const uint64_t panel_cols = (cols + kPanel - 1) / kPanel * kPanel;  // whole panels are allocated
    dict = add_sat(mul_sat(panel_cols, tiled_bytes), mul_sat(cols, add_sat(mul_sat(d, 8), kPerColumnOverhead)));
  }
  const uint64_t pool = std::min(cols, kGramCapacity);
  // The pool's columns, its Gram and the working set's own copy of its Gram (lasso inner_cd).
  const uint64_t gram = add_sat(mul_sat(pool, column_bytes), mul_sat(mul_sat(pool, pool), 16));
  const uint64_t rows = mul_sat(n, add_sat(mul_sat(d, 8), mul_sat(mul_sat(K, 8), kRowVectors)));
  return add_sat(add_sat(dict, gram), rows);
}

void check_training_memory(size_t n, size_t d, size_t K, const GeneratorOptions& opt_in) {
  GeneratorOptions opt = opt_in;
  if (opt.kind == "comparators") opt.directions = d;  // one threshold block per input
  const std::string layout = opt.kind == "sparse" || opt.kind == "comparators" ? "threshold blocks" : "bit-packed";
  check_memory("", "the dictionary", training_memory_estimate(n, d, K, opt),
               "n=" + std::to_string(n) + " rows x P=" + std::to_string(max_columns(n, opt)) + " patterns, " + opt.kind +
                   ", " + layout,
               "use fewer directions or a higher memory limit");
}

}  // namespace hv

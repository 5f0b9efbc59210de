// Fitting and applying the input quantizer (see quantize_inputs.hpp). O(n d). A column spanning
// more than the largest double (values near +-1.8e308) still gets a finite step, or a user error.
#include "quantize_inputs.hpp"

#include "support/mpi_comm.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <span>

#include "reference.hpp"
#include "support/diagnostics.hpp"

namespace hv {

namespace {
std::string short_number(double v) {
  return fmt::format("{:.6g}", v);
}
}  // namespace

std::vector<Feature> fit_quantizer(const Dataset& train, int input_bits) {
  const size_t d = train.n_features();
  const double qmax = static_cast<double>((int64_t{1} << input_bits) - 1);
  std::vector<Feature> f(d);
  // Each feature's range over every rank's rows (support/mpi_comm.hpp): exact in any order.
  std::vector<double> los(d, std::numeric_limits<double>::infinity()), his(d, -std::numeric_limits<double>::infinity());
  for (size_t r = 0; r < train.n_rows; ++r)
    for (size_t c = 0; c < d; ++c) {
      los[c] = std::min(los[c], train.at(r, c));
      his[c] = std::max(his[c], train.at(r, c));
    }
  comm::min(los);
  comm::max(his);
  for (size_t c = 0; c < d; ++c) {
    const double lo = los[c], hi = his[c];
    f[c].name = train.feature_names[c];
    f[c].lo = lo;
    f[c].step = hi > lo ? (hi - lo) / qmax : 1.0;
    if (!std::isfinite(f[c].step)) f[c].step = hi / qmax - lo / qmax;  // hi - lo overflowed
    // A range of denormals too narrow for qmax steps underflows to 0: the smallest double step
    // still maps it into 0..qmax exactly (hi - lo < qmax * denorm_min).
    if (f[c].step == 0) f[c].step = std::numeric_limits<double>::denorm_min();
    if (!std::isfinite(f[c].step))
      fail_at({train.source, 0, 0}, "column " + quote(f[c].name) + " spans " + short_number(lo) + " to " +
                                        short_number(hi) + ", too wide a range for " +
                                        std::to_string(input_bits) + "-bit inputs; rescale it");
  }
  return f;
}

std::vector<int64_t> quantize_rows(const Network& net, const Dataset& data) {
  const size_t d = data.n_features();
  std::vector<int64_t> q;
  q.reserve(data.n_rows * d);
  for (size_t r = 0; r < data.n_rows; ++r) {
    auto row = ref::quantize(net, std::span<const double>(data.x.data() + r * d, d));
    q.insert(q.end(), row.begin(), row.end());
  }
  return q;
}

}  // namespace hv

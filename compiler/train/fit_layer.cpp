// fit_layer: one layer's convex solve along a beta path, to a deadline (see fit_layer.hpp).
#include "fit_layer.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "logistic.hpp"
#include "multinomial.hpp"
#include "support/diagnostics.hpp"
#include "support/mpi_comm.hpp"

namespace hv {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Deadline Deadline::after(double seconds) {
  Deadline d;
  if (seconds > 0) {
    d.set = true;
    d.at = std::chrono::steady_clock::now() +
           std::chrono::duration_cast<std::chrono::steady_clock::duration>(
               std::chrono::duration<double>(std::min(seconds, 1e9)));  // 1e9 s: ~31 years, no overflow
  }
  return d;
}

double Deadline::seconds_left() const {
  if (!set) return std::numeric_limits<double>::infinity();
  return std::chrono::duration<double>(at - std::chrono::steady_clock::now()).count();
}

bool Deadline::passed() const {
  if (!set) return false;
  std::vector<double> late = {seconds_left() <= 0 ? 1.0 : 0.0};
  comm::max(late);  // every rank's clock: the first rank past the deadline stops them all
  return late[0] > 0;
}

Deadline Deadline::share(int parts) const {
  if (!set || parts <= 1) return *this;
  Deadline d;  // set even when this one has passed (then so has the share)
  d.set = true;
  auto now = std::chrono::steady_clock::now();
  d.at = at <= now ? at : now + (at - now) / parts;
  return d;
}

LassoResult solve_until(const std::function<LassoResult(const LassoOptions&, const LassoResult*)>& solve,
                        LassoOptions lo, const LassoResult* warm, const Deadline& deadline, bool& stopped) {
  stopped = false;
  if (!deadline.set) return solve(lo, warm);
  // One outer iteration per round: the cost of an iteration can jump by orders of magnitude when
  // the working set grows (minutes for thousands of columns), so no longer round can be sized
  // safely. A round repeats only the exit certificate and the Gram of the working set.
  // Progress as the solver prints it (always for runs past 2 s), which one-iteration calls do not.
  const int max_outer = lo.max_outer;
  lo.max_outer = 1;
  // An outer iteration's inner solve ends at the deadline too (one process: the ranks of an MPI
  // run would each stop it at another sweep).
  if (!comm::distributed()) lo.inner_stop_at = deadline.at;
  int done = 0;
  LassoResult cur;
  auto t0 = std::chrono::steady_clock::now();
  for (;;) {
    LassoResult next = solve(lo, done > 0 ? &cur : warm);
    done += next.outer_iterations;
    cur = std::move(next);
    double el = seconds_since(t0);
    if ((lo.verbose || el > 2.0) && comm::rank() == 0)
      fmt::print(stderr, "  solve: {:3d} outer iterations  gap {:.3e} (rel {:.2e})  neurons {:4d}  {:.2f}s  ({:.2f} s to the time limit)\n",
                   done, cur.gap, cur.rel_gap(), cur.support.size(), el, std::max(0.0, deadline.seconds_left()));
    if (cur.converged || done >= max_outer) break;
    if (deadline.passed()) {
      stopped = true;
      break;
    }
  }
  cur.outer_iterations = done;
  return cur;
}

void fit_layer(Dictionary& dict, const std::vector<double>& Y, size_t K, const TrainOptions& opt, size_t max_neurons,
               const std::function<Accuracy(const LassoResult&)>& accuracy, TrainReport& rep, const Deadline& deadline,
               const std::function<bool(const LassoResult&)>& within_budget) {
  const bool logistic = opt.loss == "logistic";
  rep.beta_max = !logistic ? beta_max(dict, Y, K) : K == 1 ? logistic_beta_max(dict, Y) : multinomial_beta_max(dict, Y, K);
  rep.beta = opt.beta > 0 ? opt.beta : opt.beta_rel * rep.beta_max;
  LassoOptions lo;
  lo.tol = opt.tol;
  lo.verbose = opt.verbose;
  GroupLassoSolver squared(dict, Y, K);  // its Gram rows serve every solve below
  auto solve = [&](double beta, const LassoResult* warm) {
    lo.beta = beta;
    bool stopped = false;
    LassoResult r = solve_until(
        [&](const LassoOptions& o, const LassoResult* w) {
          return !logistic ? squared.solve(o, w)
                 : K == 1  ? solve_logistic(dict, Y, o, w)
                           : solve_multinomial(dict, Y, K, o, w);
        },
        lo, warm, deadline, stopped);
    rep.stopped_at_time_limit = stopped;  // the last solve is the one kept
    return r;
  };
  const bool budgeted = max_neurons > 0 || static_cast<bool>(within_budget);
  auto fits = [&](const LassoResult& r) {
    return (max_neurons == 0 || r.support.size() <= max_neurons) && (!within_budget || within_budget(r));
  };
  int points = opt.path_points > 0 ? opt.path_points : (budgeted ? 20 : 0);
  if (points > 0 && rep.beta < rep.beta_max) {
    double ratio = std::pow(rep.beta / rep.beta_max, 1.0 / points);
    // The path starts from the empty network (optimal at beta_max), so a budget always has a
    // network within it; a point over the budget is narrowed by bisection on log beta between it
    // and the last point within (a budget is a hard bound, issue 13, and the kept network should
    // come close to it).
    LassoResult prev = solve(rep.beta_max, nullptr);
    double prev_beta = rep.beta_max;
    for (int k = 1; k <= points; ++k) {
      double beta = k == points ? rep.beta : rep.beta_max * std::pow(ratio, k);
      auto tp = std::chrono::steady_clock::now();
      LassoResult sol = solve(beta, &prev);
      if (budgeted && !fits(sol)) {
        double lo_b = beta, hi_b = prev_beta;  // lo_b: over the budget, hi_b: within
        for (int it = 0; it < 6 && !deadline.passed(); ++it) {
          double mid = std::sqrt(lo_b * hi_b);
          LassoResult m = solve(mid, &prev);
          if (fits(m)) {
            hi_b = mid;
            prev = std::move(m);
            prev_beta = mid;
          } else {
            lo_b = mid;
          }
        }
        if (prev_beta < rep.beta_max)
          rep.path.push_back({prev_beta, prev.support.size(), accuracy(prev), prev.rel_gap(), seconds_since(tp)});
        break;
      }
      rep.path.push_back({beta, sol.support.size(), accuracy(sol), sol.rel_gap(), seconds_since(tp)});
      prev = std::move(sol);
      prev_beta = beta;
      if (deadline.passed()) break;
    }
    rep.lasso = std::move(prev);
    rep.beta = rep.lasso.beta;
  } else {
    rep.lasso = solve(rep.beta, nullptr);
  }
  if (opt.colgen) {
    if (logistic) fail("column generation supports the squared loss only");
    rep.colgen_ran = true;
    ColgenOptions co = opt.colgen_opt;
    co.verbose = opt.verbose;
    LassoResult before = rep.lasso;
    rep.lasso = column_generation(dict, Y, K, rep.lasso, co,
                                  [&](const LassoResult& warm) { return solve(rep.beta, &warm); }, rep.colgen,
                                  deadline.set ? deadline.at : std::chrono::steady_clock::time_point::max());
    if (rep.colgen.stopped_at_time_limit) rep.stopped_at_time_limit = true;
    if (budgeted && !fits(rep.lasso)) {
      rep.notes.push_back("colgen: its network (" + std::to_string(rep.lasso.support.size()) +
                          " neurons) exceeds the budget; the path's network is kept (its certificate is over the "
                          "dictionary before column generation)");
      rep.lasso = std::move(before);
    }
  }
  rep.dict = dict.stats();
  rep.patterns = dict.cols();
}

}  // namespace hv

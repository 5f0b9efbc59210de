// The row-partitioned trainer under `mpirun -np 2` and `-np 3` (MPI builds only: HV_MPIEXEC is the
// build's mpirun), against one process on the same data: the same .hnet text (the selected
// support, the integer network, its provenance) except the last digits of five numbers, which agree
// to 1e-9 (score_scale, and beta, the objective, the gap and gap/P(0) in the provenance: double
// sums in another order); the same dictionary, accuracies and iteration counts; the objective and
// duality gap to 1e-9 of the objective. A bad row in the last rank's block fails every rank with
// its file:line:col and leaves no model.
// mpirun runs without a shell (support/process), as root too (--allow-run-as-root), with one
// OpenMP thread per rank and --oversubscribe (3 ranks on a 2-core machine).
#ifdef HV_MPIEXEC
#include <catch2/catch.hpp>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <random>
#include <unistd.h>

#include "support/cli.hpp"
#include "support/process.hpp"

namespace {

struct Run {
  int code = -1;
  std::string out;
};

// `heaviside train <data> -o <dir>/<tag>.hnet --json <dir>/<tag>.json <extra>` on `ranks` MPI ranks
// (0: one plain process, no mpirun).
Run train(int ranks, const std::filesystem::path& data, const std::filesystem::path& dir, const std::string& tag,
          const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv;
  if (ranks > 0) {
    argv = {HV_MPIEXEC, "--oversubscribe", "-np", std::to_string(ranks), "-x", "OMP_NUM_THREADS=1"};
    if (::geteuid() == 0) argv.push_back("--allow-run-as-root");
  }
  for (std::string a : {std::string(HV_BIN), std::string("train"), data.string(), std::string("--name"), std::string("m"), std::string("-o"),
                        (dir / (tag + ".hnet")).string(), std::string("--json"), (dir / (tag + ".json")).string()})
    argv.push_back(a);
  argv.insert(argv.end(), extra.begin(), extra.end());
  hv::ProcessOptions opt;
  opt.stdout_file = dir / (tag + ".out");
  opt.stderr_file = opt.stdout_file;
  opt.timeout_seconds = 120;
  hv::ProcessResult r = hv::run_process(argv, opt);
  REQUIRE(r.started);
  return {r.exit_code, hvtest::slurp(opt.stdout_file)};
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

// The .hnet texts agree line by line; only the lines holding sums of doubles may differ, in the
// digits past 1e-9 (relative, or absolute below 1).
void same_model(const std::string& a, const std::string& b) {
  const auto la = lines(a), lb = lines(b);
  REQUIRE(la.size() == lb.size());
  for (size_t i = 0; i < la.size(); ++i) {
    if (la[i] == lb[i]) continue;
    INFO("line " << i + 1 << ": " << la[i] << " | " << lb[i]);
    bool numeric = false;
    for (const char* head : {"score_scale ", "provenance \"beta\" \"", "provenance \"objective\" \"", "provenance \"duality_gap\" \"",
                             "provenance \"gap_over_p0\" \""})
      if (la[i].starts_with(head) && lb[i].starts_with(head)) {
        const size_t n = std::string(head).size();
        const double x = std::stod(la[i].substr(n)), y = std::stod(lb[i].substr(n));
        CHECK(std::abs(x - y) <= 1e-9 * std::max({1.0, std::abs(x), std::abs(y)}));
        numeric = true;
      }
    CHECK(numeric);
  }
}

// `heaviside <args>` on 2 ranks; stdout and stderr together.
Run on_two_ranks(const std::vector<std::string>& args, const std::filesystem::path& dir) {
  std::vector<std::string> argv = {HV_MPIEXEC, "--oversubscribe", "-np", "2", "-x", "OMP_NUM_THREADS=1"};
  if (::geteuid() == 0) argv.push_back("--allow-run-as-root");
  argv.push_back(HV_BIN);
  argv.insert(argv.end(), args.begin(), args.end());
  hv::ProcessOptions opt;
  opt.stdout_file = dir / "out.txt";
  opt.stderr_file = opt.stdout_file;
  opt.timeout_seconds = 60;
  hv::ProcessResult r = hv::run_process(argv, opt);
  REQUIRE(r.started);
  return {r.exit_code, hvtest::slurp(opt.stdout_file)};
}

void same_number(const nlohmann::json& a, const nlohmann::json& b, const char* what) {
  INFO(what << ": " << a << " vs " << b);
  const double x = a.get<double>(), y = b.get<double>();
  CHECK(std::abs(x - y) <= 1e-9 * std::max({1.0, std::abs(x), std::abs(y)}));
}

// Trains `data` on one process and on 2 and 3 ranks; the results must agree as the header says.
void agree(const std::filesystem::path& data, const std::string& name, const std::vector<std::string>& extra = {}) {
  auto dir = hvtest::scratch("mpi_" + name);
  Run one = train(0, data, dir, "one", extra);
  REQUIRE(one.code == 0);
  const std::string model = hvtest::slurp(dir / "one.hnet");
  const auto j1 = nlohmann::json::parse(hvtest::slurp(dir / "one.json"));
  for (int ranks : {2, 3}) {
    INFO(name << " on " << ranks << " ranks");
    const std::string tag = "np" + std::to_string(ranks);
    Run r = train(ranks, data, dir, tag, extra);
    INFO(r.out);
    REQUIRE(r.code == 0);
    same_model(hvtest::slurp(dir / (tag + ".hnet")), model);
    const auto j = nlohmann::json::parse(hvtest::slurp(dir / (tag + ".json")));
    CHECK(j["rows"] == j1["rows"]);
    CHECK(j["classes"] == j1["classes"]);
    CHECK(j["hidden_widths"] == j1["hidden_widths"]);
    CHECK(j["dictionary"] == j1["dictionary"]);
    CHECK(j["accuracy"] == j1["accuracy"]);
    CHECK(j["pattern_checks"] == j1["pattern_checks"]);
    CHECK(j["pattern_mismatches"] == j1["pattern_mismatches"]);
    CHECK(j["certificate"]["iterations"] == j1["certificate"]["iterations"]);
    CHECK(j["certificate"]["converged"] == j1["certificate"]["converged"]);
    for (const char* f : {"beta", "beta_max", "objective", "p0"}) same_number(j["certificate"][f], j1["certificate"][f], f);
    // The gap is a difference of nearly equal sums: equal to the tolerance of the objective.
    same_number(j["certificate"]["duality_gap"].get<double>() / j1["certificate"]["objective"].get<double>(),
                j1["certificate"]["duality_gap"].get<double>() / j1["certificate"]["objective"].get<double>(), "gap");
    same_number(j["reconstructed_objective"], j1["reconstructed_objective"], "reconstructed objective");
    // Only rank 0 prints: one summary.
    size_t summaries = 0;
    for (size_t at = 0; (at = r.out.find("wrote ", at)) != std::string::npos; ++at) ++summaries;
    CHECK(summaries == 2);
  }
}

}  // namespace

TEST_CASE("mpirun: iris trains to the same network and certificate on 1, 2 and 3 ranks", "[mpi]") {
  agree(hvtest::source("examples/iris/iris.csv"), "iris");
}

TEST_CASE("mpirun: wine trains to the same network and certificate on 1, 2 and 3 ranks", "[mpi]") {
  agree(hvtest::source("examples/wine/wine.csv"), "wine");
}

TEST_CASE("mpirun: sonar trains to the same network and certificate on 1, 2 and 3 ranks", "[mpi]") {
  agree(hvtest::source("examples/sonar/sonar.csv"), "sonar");
}

TEST_CASE("mpirun: a seeded synthetic dataset with uneven row blocks, a fixed beta and the ridge refit", "[mpi]") {
  auto dir = hvtest::scratch("mpi_synthetic");
  std::mt19937_64 rng(15);
  std::normal_distribution<double> N(0.0, 1.0);
  std::string text = "u,v,w,class\n";
  for (int r = 0; r < 301; ++r) {  // 301 rows: blocks of unequal size on 2 and 3 ranks
    double u = N(rng), v = N(rng), w = N(rng);
    text += fmt::format("{:.6f},{:.6f},{:.6f},{}\n", u, v, w, u * v + 0.3 * w > 0 ? "hi" : "lo");
  }
  hvtest::write(dir / "syn.csv", text);
  agree(dir / "syn.csv", "synthetic_fixed", {"--beta-rel", "0.01", "--refit", "ridge", "--directions", "400"});
}

TEST_CASE("mpirun: a bad row in the last rank's block fails every rank at its line, with no model", "[mpi]") {
  auto dir = hvtest::scratch("mpi_bad_row");
  std::string text = "a,b,label\n";
  for (int r = 0; r < 60; ++r) text += fmt::format("{},{},{}\n", r, r % 7, r % 2 ? "x" : "y");
  text += "1,2x,y\n";
  hvtest::write(dir / "bad.csv", text);
  const std::string file = (dir / "bad.csv").string();
  Run r = train(3, dir / "bad.csv", dir, "bad");
  INFO(r.out);
  CHECK(r.code == 1);
  const std::string head = file + ":62:3: error:";
  const size_t at = r.out.find(head);
  CHECK(at != std::string::npos);
  CHECK(r.out.find(head, at + 1) == std::string::npos);  // printed once
  CHECK(!std::filesystem::exists(dir / "bad.hnet"));
  CHECK(!std::filesystem::exists(dir / "bad.json"));
}

TEST_CASE("mpirun: a time limit stops every rank at the same point (no rank waits in a reduction)", "[mpi]") {
  auto dir = hvtest::scratch("mpi_time_limit");
  Run r = train(3, hvtest::source("examples/sonar/sonar.csv"), dir, "t", {"--time-limit", "0.01"});
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(std::filesystem::exists(dir / "t.hnet"));
  CHECK(r.out.find("time limit") != std::string::npos);
}

TEST_CASE("mpirun: a method that needs every row in one process is refused on several ranks", "[mpi]") {
  auto dir = hvtest::scratch("mpi_refused");
  Run r = train(2, hvtest::source("examples/iris/iris.csv"), dir, "ste", {"--method", "ste-relu"});
  INFO(r.out);
  CHECK(r.code == 1);
  CHECK(r.out.find("error: the ste-* methods need every training row in one process; under MPI (2 ranks) training is "
                   "the squared-loss Lasso over the gaussian dictionary\n") != std::string::npos);
  CHECK(!std::filesystem::exists(dir / "ste.hnet"));
}
TEST_CASE("mpirun: the sparse dictionary is refused on several ranks", "[mpi]") {
  auto dir = hvtest::scratch("mpi_sparse");
  Run r = on_two_ranks({"train", hvtest::source("examples/iris/iris.csv").string(), "--dictionary", "sparse", "-o",
                        (dir / "s.hnet").string()},
                       dir);
  INFO(r.out);
  CHECK(r.code == 1);
  CHECK(r.out.find("error: the sparse, exact and comparator dictionaries (threshold blocks) need every training row in "
                   "one process; "
                   "under MPI (2 ranks) training is the squared-loss Lasso over the gaussian dictionary\n") !=
        std::string::npos);
  CHECK(!std::filesystem::exists(dir / "s.hnet"));
}

TEST_CASE("mpirun: regression is refused on several ranks", "[mpi]") {
  auto dir = hvtest::scratch("mpi_regression");
  Run r = on_two_ranks({"train", hvtest::source("examples/diabetes/diabetes.csv").string(), "--task", "regression", "-o",
                        (dir / "r.hnet").string()},
                       dir);
  INFO(r.out);
  CHECK(r.code == 1);
  CHECK(r.out.find("error: regression needs every training row in one process; under MPI (2 ranks) training is the "
                   "squared-loss Lasso classifier over the gaussian dictionary\n") != std::string::npos);
  CHECK(!std::filesystem::exists(dir / "r.hnet"));
}

TEST_CASE("mpirun: commands other than train are refused on several ranks", "[mpi]") {
  auto dir = hvtest::scratch("mpi_compile");
  Run r = on_two_ranks({"compile", (dir / "none.hnet").string(), "-o", (dir / "v").string()}, dir);
  INFO(r.out);
  CHECK(r.code == 1);
  CHECK(r.out.find("error: `compile` runs on one process; only `train` runs on several MPI ranks (2 were started)\n") !=
        std::string::npos);
  CHECK(!std::filesystem::exists(dir / "v"));
}

TEST_CASE("mpirun: a data file that is not a regular file cannot be read in row blocks", "[mpi]") {
  auto dir = hvtest::scratch("mpi_devnull");
  Run r = on_two_ranks({"train", "/dev/null", "-o", (dir / "n.hnet").string()}, dir);
  INFO(r.out);
  CHECK(r.code == 1);
  CHECK(r.out.find("error: '/dev/null' is not a regular file; reading it in row blocks needs one\n") != std::string::npos);
  CHECK(!std::filesystem::exists(dir / "n.hnet"));
}
#endif

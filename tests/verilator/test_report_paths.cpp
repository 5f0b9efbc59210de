// The report flow (flow/report.cpp) runs Yosys without a shell, in its work directory with fixed
// file names: a work path holding spaces, quotes, `$`, backticks, a `;` and non-ASCII is only a
// directory. Once, `--work 'a.v; exec -- touch PWNED; b'` ran through the Yosys script.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "flow/report.hpp"
#include "ir/print.hpp"
#include "support/cli.hpp"
#include "verilator/verilog_nets.hpp"

namespace fs = std::filesystem;

TEST_CASE("report: a hostile work path is only a directory", "[verilog][cli][yosys]") {
  fs::path dir = hvtest::scratch("report_hostile_paths");
  const hv::Network net = hvtest::binary_net();
  hvtest::write(dir / "m.hnet", hv::print_network(net));
  const fs::path work = dir / "w $HOME `touch PWNED` 'q\" é; exec -- touch PWNED2; b";
  // Through the CLI: the path is one argument (single-quoted for the test's shell, its ' escaped).
  std::string quoted = "'";
  for (char c : work.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  auto r = hvtest::run("cd " + dir.string() + " && " + HV_BIN + " report m.hnet --no-pnr --work " + quoted +
                       " --json " + quoted + "/r.json");
  INFO(r.out);
  REQUIRE(r.code == 0);
  CHECK(!fs::exists(dir / "PWNED"));
  CHECK(!fs::exists(dir / "PWNED2"));
  CHECK(!fs::exists(work / "PWNED"));
  CHECK(fs::exists(work / "design.v"));
  auto j = nlohmann::json::parse(hvtest::slurp(work / "r.json"));
  CHECK(j["ice40"]["lut4"].get<long>() > 0);
  // Through the library: the same numbers.
  hv::flow::ReportOptions o;
  o.place_and_route = false;
  o.work = work / "again";
  hv::flow::ReportResult rr = hv::flow::report(net, o);
  CHECK(rr.lut4 == j["ice40"]["lut4"].get<long>());
  CHECK(rr.ff_xilinx == j["xilinx"]["ff"].get<long>());
}

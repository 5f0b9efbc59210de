// `heaviside report`: flow::report (Yosys synth_ice40 / synth_xilinx, nextpnr-ice40 Fmax, run
// without a shell) printed as a table; --json writes the same figures.
#include <fmt/format.h>

#include "driver/commands.hpp"
#include "flow/json.hpp"
#include "flow/load.hpp"
#include "flow/report.hpp"
#include "passes/pipeline.hpp"
#include "support/files.hpp"

namespace hv::cli {

namespace {
struct ReportCli {
  flow::ReportOptions o;
  std::optional<std::string> json, work;
  bool no_pnr = false;
};

int run_report(Command& cmd, ReportCli& c) {
  PassLog plog;
  Network net = run_pipeline(flow::load_model(cmd.args[0]), plog);
  if (c.work) c.o.work = *c.work;
  c.o.place_and_route = !c.no_pnr;
  flow::ReportResult r = flow::report(net, c.o);
  if (c.no_pnr) r.pnr.note = "--no-pnr";
  print(flow::report_table(r));
  if (c.json) {
    write_file_atomic(*c.json, flow::json_text(flow::to_json(r)));
    print(fmt::format("wrote {}\n", *c.json));
  }
  return 0;
}
}  // namespace

Command make_report() {
  Command cmd;
  cmd.name = "report";
  cmd.summary = "LUTs, flip-flops and Fmax of the Verilog (Yosys, nextpnr-ice40)";
  cmd.positionals = {"model.hnet"};
  cmd.app = std::make_unique<CLI::App>("", "report");
  CLI::App& a = *cmd.app;
  a.set_help_flag();
  auto st = std::make_shared<ReportCli>();
  const char* G = "Flow";
  text(a, "--json", st->json, "also write the figures to this JSON file")->group(G);
  choice(a, "--device", st->o.device, flow::device_names(),
         "iCE40 part for place and route: hx8k (default, 7680 cells) or up5k (5280 cells)")->group(G);
  number(a, "--freq", st->o.freq_mhz, "target clock for nextpnr in MHz (default 100)",
         [](double v) { return v > 0 && v <= 2000; }, "must be in (0, 2000] MHz")->group(G);
  text(a, "--work", st->work, "directory for the RTL, netlists and logs (default: out/report)", "<dir>")->group(G);
  flag(a, "--no-pnr", st->no_pnr, "skip nextpnr (no Fmax)")->group(G);
  verilog_options(a, st->o.verilog);
  standard_flags(a);
  cmd.run = [st](Command& c) { return run_report(c, *st); };
  return cmd;
}

}  // namespace hv::cli

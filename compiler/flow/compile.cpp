// flow/compile: pipeline, prepare once, emit once (see compile.hpp).
#include "flow/compile.hpp"

#include <algorithm>

#include "backends/c/emit_c.hpp"
#include "backends/verilog/emit_verilog.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"

namespace hv::flow {

const std::vector<std::pair<std::string, Target>>& target_names() {
  static const std::vector<std::pair<std::string, Target>> v = {
      {"verilog", Target::verilog}, {"c", Target::c}, {"all", Target::all}};
  return v;
}

std::string to_string(Target t) {
  for (const auto& [n, v] : target_names())
    if (v == t) return n;
  return "?";
}

Compiled compile(Network net, const CompileOptions& opt) {
  if (!opt.dump_after.empty()) {
    auto names = pass_names();
    if (std::find(names.begin(), names.end(), opt.dump_after) == names.end())
      fail("there is no pass named " + quote(opt.dump_after) + " to dump the model after");
  }
  if (opt.verilog.pipeline_levels < 0) fail("the pipeline levels must be 0 or more");
  Compiled out;
  auto owned = std::make_shared<Network>(opt.run_passes ? run_pipeline(std::move(net), out.passes, opt.dump_after)
                                                        : std::move(net));
  out.net = owned;
  const Network& n = *out.net;
  // Both plans first: a bad option of either backend fails before any text exists.
  if (wants_c(opt.target)) out.c = prepare_c(n, opt.c);
  if (wants_verilog(opt.target)) out.verilog = prepare_verilog(n, opt.verilog);
  if (out.verilog) {
    out.verilog_file = out.verilog->module + ".v";
    out.files.push_back({out.verilog_file, verilog_text(*out.verilog)});
  }
  if (out.c) {
    CSources src = c_sources(n, *out.c);
    out.c_header = out.c->model + ".h";
    out.c_source = out.c->model + ".c";
    out.files.push_back({out.c_header, std::move(src.header)});
    out.files.push_back({out.c_source, std::move(src.source)});
  }
  return out;
}

std::vector<std::filesystem::path> write_outputs(const Compiled& c, const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> written;
  OutputBatch batch;
  for (const auto& f : c.files) {
    written.push_back(dir / f.name);
    write_file_atomic(written.back(), f.text);
  }
  batch.commit();
  return written;
}

}  // namespace hv::flow

// flow/compile: pipeline, prepare once, emit once (see compile.hpp).
#include "flow/compile.hpp"

#include <algorithm>

#include "backends/c/emit_c.hpp"
#include "backends/verilog/emit_kit.hpp"
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
  if (opt.verilog.fold < 1) fail("the folding factor must be 1 or more");
  for (const std::string& skip : opt.skip_passes) {
    auto names = pass_names();
    if (std::find(names.begin(), names.end(), skip) == names.end())
      fail("there is no pass named " + quote(skip) + " to skip");
  }
  Compiled out;
  auto owned = std::make_shared<Network>(opt.run_passes ? run_pipeline(std::move(net), out.passes, opt.dump_after, opt.skip_passes)
                                                        : std::move(net));
  out.net = owned;
  const Network& n = *out.net;
  // Both plans first: a bad option of either backend fails before any text exists.
  if (wants_c(opt.target)) out.c = prepare_c(n, opt.c);
  if (wants_verilog(opt.target)) out.verilog = prepare_verilog(n, opt.verilog);
  if (out.verilog) {
    out.verilog_file = out.verilog->module + ".v";
    out.files.push_back({out.verilog_file, verilog_text(*out.verilog)});
    if (opt.verilog.kit)
      for (auto& [name, text] : kit_files(n, *out.verilog)) out.files.push_back({name, std::move(text)});
  }
  if (out.c) {
    auto files = c_files(n, *out.c, opt.c.layout);
    out.c_header = files[0].first;
    out.c_source = files[1].first;
    for (auto& [name, text] : files) out.files.push_back({name, std::move(text)});
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

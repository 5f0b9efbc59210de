// The one template engine. Templates are real Verilog/C files under templates/ (embedded into the
// binary at build time). A placeholder is `@@NAME@@` (NAME = [A-Z0-9_]+); that syntax clashes with
// neither C nor Verilog. render() fails on a placeholder without a value and on a value that no
// placeholder uses, so a template and its emitter can never drift apart silently.
#pragma once
#include <map>
#include <string>

namespace hv {

const std::string& template_text(const std::string& name);  // e.g. "verilog/hv_top.v"

std::string render(const std::string& name, const std::map<std::string, std::string>& values);
std::string render_text(const std::string& name, const std::string& text,
                        const std::map<std::string, std::string>& values);

}  // namespace hv

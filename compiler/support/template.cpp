// Placeholder substitution with strict checks (see template.hpp). Linear in the template size.
#include "support/template.hpp"

#include <set>
#include <stdexcept>

namespace hv {

static bool is_name_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

std::string render_text(const std::string& name, const std::string& text,
                        const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size() * 2);
  std::set<std::string> used;
  size_t i = 0;
  while (i < text.size()) {
    size_t at = text.find("@@", i);
    if (at == std::string::npos) {
      out.append(text, i, std::string::npos);
      break;
    }
    out.append(text, i, at - i);
    size_t j = at + 2;
    while (j < text.size() && is_name_char(text[j])) ++j;
    if (j == at + 2 || text.compare(j, 2, "@@") != 0)
      throw std::logic_error("template " + name + ": malformed placeholder at offset " + std::to_string(at));
    std::string key = text.substr(at + 2, j - at - 2);
    auto it = values.find(key);
    if (it == values.end()) throw std::logic_error("template " + name + ": no value for @@" + key + "@@");
    out += it->second;
    used.insert(key);
    i = j + 2;
  }
  for (const auto& [key, _] : values)
    if (!used.count(key)) throw std::logic_error("template " + name + ": value @@" + key + "@@ is never used");
  return out;
}

std::string render(const std::string& name, const std::map<std::string, std::string>& values) {
  return render_text(name, template_text(name), values);
}

}  // namespace hv

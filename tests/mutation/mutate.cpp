// The mutation gate (see mutate.hpp): a syntax-level mutator for generated C and Verilog, and the
// loop that checks every mutant with the verifier and decides the survivors on every input.
#include "mutation/mutate.hpp"

#include <chrono>
#include <cstdio>
#include <regex>
#include <stdexcept>

#include "backends/c/check_c.hpp"
#include "backends/c/emit_c.hpp"
#include "backends/verilog/emit_verilog.hpp"
#include "backends/verilog/sim_verilog.hpp"
#include "boundary.hpp"
#include "support/cli.hpp"
#include "vectors.hpp"

namespace hvtest {

namespace fs = std::filesystem;

namespace {

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

size_t line_of(const std::string& s, size_t at) {
  size_t n = 1;
  for (size_t i = 0; i < at; ++i) n += s[i] == '\n';
  return n;
}

std::string line_text(const std::string& s, size_t at) {
  size_t b = s.rfind('\n', at), e = s.find('\n', at);
  b = b == std::string::npos ? 0 : b + 1;
  return s.substr(b, (e == std::string::npos ? s.size() : e) - b);
}

Mutant replace(const std::string& text, size_t at, size_t len, const std::string& with) {
  Mutant m;
  m.what = "line " + std::to_string(line_of(text, at)) + ": " + text.substr(at, len) + " -> " + with;
  m.text = text.substr(0, at) + with + text.substr(at + len);
  return m;
}

// Mutants of one C integer literal at [at, at + len) (with its leading '-' when `neg`).
void literal_mutants(const std::string& text, size_t at, size_t len, std::vector<Mutant>& out) {
  std::string tok = text.substr(at, len);
  bool neg = tok[0] == '-';
  std::string body = neg ? tok.substr(1) : tok;
  size_t suffix = body.find_first_of("uUlL");
  std::string digits = body.substr(0, suffix), tail = suffix == std::string::npos ? "" : body.substr(suffix);
  if (digits.size() > 2 && (digits[1] == 'x' || digits[1] == 'X')) {
    const std::string hex = digits.substr(2);
    if (hex.size() > 15) return;
    const unsigned long long v = std::stoull(hex, nullptr, 16), top = (1ull << (4 * hex.size())) - 1;
    char buf[32];
    for (long long d : {1LL, -1LL}) {
      if ((d < 0 && v == 0) || (d > 0 && v == top)) continue;
      std::snprintf(buf, sizeof buf, "%0*llx", static_cast<int>(hex.size()), v + static_cast<unsigned long long>(d));
      out.push_back(replace(text, at, len, digits.substr(0, 2) + buf + tail));
    }
    return;
  }
  if (digits.size() > 18) return;
  const long long v = (neg ? -1 : 1) * std::stoll(digits);
  for (long long d : {1LL, -1LL}) out.push_back(replace(text, at, len, std::to_string(v + d) + tail));
}

}  // namespace

std::vector<Mutant> c_mutants(const std::string& t) {
  std::vector<Mutant> out;
  int init_depth = 0;  // > 0 inside `= { ... }`
  bool line_start = true;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '\n') {
      line_start = true;
      continue;
    }
    if (line_start && c == '#') {  // a preprocessor line (with its continuations)
      while (i < t.size() && !(t[i] == '\n' && t[i - 1] != '\\')) ++i;
      continue;
    }
    if (c != ' ' && c != '\t') line_start = false;
    if (c == '/' && i + 1 < t.size() && t[i + 1] == '*') {
      i = t.find("*/", i + 2);
      if (i == std::string::npos) break;
      ++i;
      continue;
    }
    if (c == '/' && i + 1 < t.size() && t[i + 1] == '/') {
      i = t.find('\n', i) - 1;
      continue;
    }
    if (c == '"' || c == '\'') {
      for (++i; i < t.size() && t[i] != c; ++i)
        if (t[i] == '\\') ++i;
      continue;
    }
    if (c == '{') {
      size_t p = i;
      while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == '\n' || t[p - 1] == '\t')) --p;
      if (init_depth > 0) {
        ++init_depth;
      } else if (p > 0 && t[p - 1] == '=') {
        // A table; the float quantizer's tables (double) are outside the integer contract.
        const size_t decl = t.find_last_of(";}", p - 1);
        const std::string head = t.substr(decl == std::string::npos ? 0 : decl, p - (decl == std::string::npos ? 0 : decl));
        if (head.find("double") != std::string::npos) {
          i = t.find("};", i);
          if (i == std::string::npos) break;
          ++i;
          continue;
        }
        ++init_depth;
      }
      continue;
    }
    if (c == '}') {
      if (init_depth > 0) --init_depth;
      continue;
    }
    if (init_depth > 0 && c >= '0' && c <= '9' && (i == 0 || !ident_char(t[i - 1]))) {
      size_t e = i;
      while (e < t.size() && (ident_char(t[e]) || t[e] == '.')) ++e;
      const std::string tok = t.substr(i, e - i);
      const bool hex = tok.size() > 1 && (tok[1] == 'x' || tok[1] == 'X');
      if ((i > 0 && t[i - 1] == '.') || tok.find('.') != std::string::npos ||
          (!hex && tok.find_first_of("eE") != std::string::npos)) {  // a float (the quantizer's tables)
        if ((t[e - 1] == 'e' || t[e - 1] == 'E') && e < t.size() && (t[e] == '-' || t[e] == '+'))
          for (++e; e < t.size() && ident_char(t[e]);) ++e;
        i = e - 1;
        continue;
      }
      size_t b = i;
      if (b > 0 && t[b - 1] == '-') --b;
      literal_mutants(t, b, e - b, out);
      i = e - 1;
      continue;
    }
    if (init_depth == 0 && c == '>') {
      // Not loop headers (a flipped bound only overruns a table) and not the optional float
      // quantizer (outside the integer contract: the harness, like verify, starts from q).
      static const std::regex floating(R"(double|\d\.\d|\.5)");
      const std::string line = line_text(t, i);
      if (line.find("for (") != std::string::npos || std::regex_search(line, floating)) continue;
      const char prev = i > 0 ? t[i - 1] : ' ', next = i + 1 < t.size() ? t[i + 1] : ' ';
      if (prev == '>' || prev == '-' || next == '>') continue;
      if (next == '=') out.push_back(replace(t, i, 2, ">"));
      else out.push_back(replace(t, i, 1, ">="));
    }
  }
  return out;
}

std::vector<Mutant> verilog_mutants(const std::string& t) {
  static const std::regex literal(R"((\d+)'([hdb])([0-9a-fA-F_]+))");
  static const std::regex activation(R"(~(\w+)\[(\d+)\])");
  std::vector<Mutant> out;
  size_t at = 0;
  // A `wire` or `assign` statement may span several lines (the emitter wraps long sums): its
  // literals and activations are mutated on every line up to the ';' that ends it.
  std::string word;
  while (at < t.size()) {
    size_t eol = t.find('\n', at);
    if (eol == std::string::npos) eol = t.size();
    std::string line = t.substr(at, eol - at);
    const size_t comment = line.find("//");
    const std::string code = line.substr(0, comment);
    const size_t first = code.find_first_not_of(' ');
    if (word.empty()) {
      const std::string w = first == std::string::npos ? "" : code.substr(first, code.find(' ', first) - first);
      if (w == "wire" || w == "assign") word = w;
    }
    if (!word.empty()) {
      for (std::sregex_iterator m(code.begin(), code.end(), literal), end; m != end; ++m) {
        const int w = std::stoi((*m)[1]);
        const int base = (*m)[2] == "h" ? 16 : (*m)[2] == "d" ? 10 : 2;
        std::string digits = (*m)[3];
        digits.erase(std::remove(digits.begin(), digits.end(), '_'), digits.end());
        if (w > 62) continue;
        const long long v = std::stoll(digits, nullptr, base);
        if (v == 0) continue;  // zero padding and shift fill, not a model constant
        for (long long d : {1LL, -1LL}) {
          const long long nv = v + d;
          if (nv < 0 || nv > (1LL << w) - 1) continue;
          char buf[40];
          std::snprintf(buf, sizeof buf, "%d'h%llx", w, nv);
          out.push_back(replace(t, at + static_cast<size_t>(m->position()), static_cast<size_t>(m->length()), buf));
        }
      }
      if (word == "assign")
        for (std::sregex_iterator m(code.begin(), code.end(), activation), end; m != end; ++m)
          out.push_back(replace(t, at + static_cast<size_t>(m->position()), static_cast<size_t>(m->length()),
                                "(" + m->str() + " & (|" + (*m)[1].str() + "))"));
      if (code.find(';') != std::string::npos) word.clear();
    }
    for (size_t k = 0; k < code.size(); ++k) {
      if (code[k] != '>' || (k > 0 && code[k - 1] == '>') || (k + 1 < code.size() && code[k + 1] == '>')) continue;
      if (k + 1 < code.size() && code[k + 1] == '=') out.push_back(replace(t, at + k, 2, ">"));
      else out.push_back(replace(t, at + k, 1, ">="));
    }
    at = eol + 1;
  }
  return out;
}

std::string GateResult::summary() const {
  return std::to_string(mutants) + " mutants: " + std::to_string(caught) + " caught, " + std::to_string(equivalent) +
         " shown equivalent (no input distinguishes them), " + std::to_string(missed) + " missed";
}

GateResult mutation_gate(const hv::Network& net, const std::string& target, const fs::path& dir, size_t random,
                         size_t limit) {
  const auto t0 = std::chrono::steady_clock::now();
  const int space_bits = static_cast<int>(net.inputs.size()) * net.input_bits;
  if (space_bits > 16) throw std::runtime_error("mutation gate: input space over 2^16 points cannot be enumerated");
  fs::remove_all(dir);
  fs::create_directories(dir / "m");
  // verify's vectors: the boundary vectors, then `random` seeded random ones.
  hv::VectorSet vs = hv::make_vectors(net, {}, 0, 1);
  hv::add_boundary_vectors(hv::find_boundaries(net, 1), vs);
  hv::add_random_vectors(net, vs, random, 1);
  write(dir / "vectors.txt", hv::vectors_text(net, vs));
  hv::VectorSet all;
  all.n_in = static_cast<int>(net.inputs.size());
  for (uint64_t idx = 0; idx < (uint64_t{1} << space_bits); ++idx) {
    std::vector<int64_t> q(net.inputs.size());
    for (size_t i = 0; i < q.size(); ++i) q[i] = static_cast<int64_t>((idx >> (i * net.input_bits)) & net.input_max());
    all.inputs.push_back(std::move(q));
  }
  write(dir / "all.txt", hv::vectors_text(net, all));

  const bool c = target == "c";
  hv::VerilogSimOptions so;
  so.verilog.scores = true;  // the scores port too: a wrong score is wrong even when the class holds
  std::vector<fs::path> files = c ? hv::emit_c(net, dir / "gen") : hv::emit_verilog(net, dir / "gen", so.verilog);
  const fs::path source = c ? files.at(1) : files.at(0), mutant_file = dir / "m" / source.filename();
  if (c) fs::copy_file(files.at(0), dir / "m" / files.at(0).filename(), fs::copy_options::overwrite_existing);
  auto check = [&](const fs::path& file, const fs::path& vectors, const fs::path& work) {
    return c ? hv::check_c(net, file, vectors, work, "-O0") : hv::simulate_icarus(net, file, vectors, work, so);
  };
  auto passes = [](const hv::CheckReport& r) { return r.ran && r.mismatches == 0; };
  if (!passes(check(source, dir / "vectors.txt", dir / "w0")))
    throw std::runtime_error("mutation gate: the unmutated " + target + " does not pass");

  const std::string text = slurp(source);
  std::vector<Mutant> mutants = c ? c_mutants(text) : verilog_mutants(text);
  const size_t stride = limit > 0 && mutants.size() > limit ? (mutants.size() + limit - 1) / limit : 1;
  GateResult g;
  for (size_t k = 0; k < mutants.size(); k += stride) {
    ++g.mutants;
    write(mutant_file, mutants[k].text);
    if (!passes(check(mutant_file, dir / "vectors.txt", dir / "w"))) {
      ++g.caught;
      continue;
    }
    if (passes(check(mutant_file, dir / "all.txt", dir / "w_all"))) {
      ++g.equivalent;
      g.equivalent_list.push_back(mutants[k].what);
    } else {
      ++g.missed;
      g.missed_list.push_back(mutants[k].what);
    }
  }
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return g;
}

}  // namespace hvtest

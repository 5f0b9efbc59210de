// emit_c: prints the CPlan (prepare_c) through the templates in templates/c. The generic per-layer
// C lives in the templates; this file only supplies names, types, sizes, table data and the
// call sequence of the layers. Output is deterministic: the same Network gives the same bytes.
// Complexity O(total weights).
#include "backends/c/emit_c.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <map>
#include <string>

#include "backends/c/prepare_c.hpp"
#include "ir/hash.hpp"
#include "support/files.hpp"
#include "support/template.hpp"
#include "support/version.hpp"

namespace hv {

namespace {

using Values = std::map<std::string, std::string>;

constexpr size_t kLineWidth = 100;

// Text that is safe inside a C block comment: printable ASCII (anything else, newlines included,
// becomes '.'), no "*/" that would end it, no "/*" (-Wcomment, an error at -Werror), no trigraph
// "??", no backslash that could splice lines.
// A double as a C literal that reads back as the same double (shortest form, always with a '.'
// or an exponent so that it is a double constant).
std::string c_double(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, r.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string comment_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    char d = (c >= 0x20 && c <= 0x7e && c != '\\') ? c : '.';
    const char prev = out.empty() ? '\0' : out.back();
    if ((d == '/' && prev == '*') || (d == '*' && prev == '/') || (d == '?' && prev == '?')) out += ' ';
    out += d;
  }
  return out;
}

Values banner(const Network& net) {
  return {{"VERSION", kVersion}, {"MODEL", net.name}, {"HASH", network_hash_hex(net)}};
}

// Comma-separated values, wrapped before kLineWidth; `indent` starts every line.
std::string wrap_values(const int64_t* v, size_t n, const std::string& indent) {
  std::string out = indent, line;
  size_t col = indent.size();
  for (size_t i = 0; i < n; ++i) {
    std::string item = std::to_string(v[i]) + (i + 1 < n ? "," : "");
    if (col + item.size() + 1 > kLineWidth && col > indent.size()) {
      out += "\n" + indent;
      col = indent.size();
    } else if (col > indent.size()) {
      out += ' ';
      ++col;
    }
    out += item;
    col += item.size();
  }
  return out;
}

// Rows of a [rows][cols] table in braces; `at(r, c)` is the entry.
template <typename At>
std::string table_rows(int rows, int cols, At at) {
  std::string out;
  std::vector<int64_t> row(static_cast<size_t>(cols));
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) row[static_cast<size_t>(c)] = at(r, c);
    std::string body = wrap_values(row.data(), row.size(), "     ");
    out += "    {" + body.substr(5) + (r + 1 < rows ? "},\n" : "}");
  }
  return out;
}

std::string weight_rows(const Layer& layer) {
  return table_rows(layer.n_out, layer.n_in, [&](int j, int i) { return layer.w(j, i); });
}

// The output layer's table transposed (CDot::columns): row j holds hidden neuron j's weight in
// every score.
std::string column_rows(const Layer& layer) {
  return table_rows(layer.n_in, layer.n_out, [&](int i, int c) { return layer.w(c, i); });
}

// A flat list for the sparse and signs tables; a list with no entry gets one unused 0 (C has no
// empty arrays).
std::string list_rows(std::vector<int64_t> v) {
  if (v.empty()) v.push_back(0);
  return wrap_values(v.data(), v.size(), "    ");
}

Values layer_values(const CPlan& plan, const CLayerPlan& l) {
  Values v = {{"INDEX", std::to_string(l.index)},        {"N_IN", std::to_string(l.n_in)},
              {"N_OUT", std::to_string(l.n_out)},        {"WEIGHT_T", l.weight_type},
              {"WEIGHT_TABLE", l.weight_table},          {"BIAS_TABLE", l.bias_table},
              {"ACC_T", l.acc_type},                     {"FUNCTION", l.function},
              {"INPUT_T", plan.input_type},              {"IN_WORDS", std::to_string(l.in_words)},
              {"OUT_WORDS", std::to_string(l.out_words)}, {"WORD_T", plan.word_type},
              {"WORD_BITS", std::to_string(plan.word_bits)}, {"MACRO", plan.macro},
              {"PREFIX", plan.prefix},                   {"PROD_T", l.prod_type},
              {"PLANES", std::to_string(l.planes)},      {"TOP", std::to_string(l.planes - 1)},
              {"INDEX_T", l.index_type},                 {"COUNT_T", l.count_type},
              {"INDEX_TABLE", l.index_table},            {"COUNT_TABLE", l.count_table}};
  return v;
}

// The subset of `all` that a template uses (the engine rejects values a template does not use).
Values pick(const Values& all, std::initializer_list<const char*> keys) {
  Values v;
  for (const char* k : keys) v[k] = all.at(k);
  return v;
}

std::string hex_word(uint64_t w, int bits) { return fmt::format("0x{:0{}x}u", w, bits / 4); }

// Rows of the bit-plane table: per neuron, per plane, the packed words in hex.
std::string plane_rows(const CPlan& plan, const CLayerPlan& l) {
  const Layer& layer = *l.layer;
  std::string out;
  for (int j = 0; j < layer.n_out; ++j) {
    auto planes = weight_planes(layer.weights.data() + static_cast<size_t>(j) * layer.n_in, layer.n_in, l.planes,
                                plan.word_bits);
    std::string row;
    for (int p = 0; p < l.planes; ++p) {
      std::string words;
      for (int k = 0; k < l.in_words; ++k)
        words += (k ? ", " : "") + hex_word(planes[static_cast<size_t>(p) * l.in_words + k], plan.word_bits);
      row += (p ? ", {" : "{") + words + "}";
    }
    out += "    {" + row + (j + 1 < layer.n_out ? "},\n" : "}");
  }
  return out;
}

// Hidden layer 0 stored as lists (CTerms::sparse or signs): the tables and the layer's C.
std::string render_lists(const CLayerPlan& l, Values v) {
  const TermLists t = term_lists(*l.layer, l.terms);
  v["NONZEROS"] = std::to_string(l.nonzeros);
  v["LIST_SIZE"] = std::to_string(std::max<size_t>(1, t.index.size()));
  v["INDEX_ROWS"] = list_rows(t.index);
  if (l.terms == CTerms::sparse) {
    v["WEIGHT_ROWS"] = list_rows(t.weight);
    v["COUNT_ROWS"] = list_rows(t.count);
    return render("c/tables_sparse.c",
                  pick(v, {"TITLE", "NONZEROS", "N_OUT", "N_IN", "MACRO", "INDEX_T", "INDEX_TABLE", "LIST_SIZE",
                           "INDEX_ROWS", "WEIGHT_T", "WEIGHT_TABLE", "WEIGHT_ROWS", "COUNT_T", "COUNT_TABLE",
                           "COUNT_ROWS", "BIAS_T", "BIAS_TABLE", "BIAS_ROWS"})) +
           render("c/layer_q_sparse.c",
                  pick(v, {"INDEX", "N_IN", "N_OUT", "INPUT_T", "OUT_WORDS", "WORD_T", "MACRO", "INDEX_T",
                           "INDEX_TABLE", "WEIGHT_T", "WEIGHT_TABLE", "COUNT_T", "COUNT_TABLE", "BIAS_T",
                           "BIAS_TABLE", "ACC_T", "PROD_T", "FUNCTION"}));
  }
  v["COUNT_ROWS"] = table_rows(l.n_out, 2, [&](int j, int k) { return t.count[static_cast<size_t>(2 * j + k)]; });
  return render("c/tables_signs.c", pick(v, {"TITLE", "NONZEROS", "N_OUT", "N_IN", "MACRO", "INDEX_T", "INDEX_TABLE",
                                             "LIST_SIZE", "INDEX_ROWS", "COUNT_T", "COUNT_TABLE", "COUNT_ROWS",
                                             "BIAS_T", "BIAS_TABLE", "BIAS_ROWS"})) +
         render("c/layer_q_signs.c", pick(v, {"INDEX", "N_IN", "N_OUT", "INPUT_T", "OUT_WORDS", "WORD_T", "MACRO",
                                              "INDEX_T", "INDEX_TABLE", "COUNT_T", "COUNT_TABLE", "BIAS_T",
                                              "BIAS_TABLE", "ACC_T", "FUNCTION"}));
}

std::string render_tables(const CPlan& plan, const CLayerPlan& l, Values v) {
  const Layer& layer = *l.layer;
  v["TITLE"] = l.output ? std::string("Output layer") : "Hidden layer " + std::to_string(l.index);
  v["BIAS_ROWS"] = wrap_values(layer.bias.data(), layer.bias.size(), "    ");
  if (l.reads_bits && l.dot == CDot::planes) {
    v["PLANE_ROWS"] = plane_rows(plan, l);
    return render("c/tables_planes.c", pick(v, {"TITLE", "N_OUT", "PLANES", "IN_WORDS", "WORD_BITS", "TOP",
                                                "MACRO", "WORD_T", "WEIGHT_TABLE", "PLANE_ROWS", "BIAS_T",
                                                "BIAS_TABLE", "BIAS_ROWS"}));
  }
  if (l.dot == CDot::columns) {
    v["WEIGHT_ROWS"] = column_rows(layer);
    return render("c/tables_columns.c", pick(v, {"TITLE", "N_IN", "N_OUT", "MACRO", "WEIGHT_T", "WEIGHT_TABLE",
                                                 "WEIGHT_ROWS", "BIAS_T", "BIAS_TABLE", "BIAS_ROWS"}));
  }
  v["WEIGHT_ROWS"] = weight_rows(layer);
  return render("c/tables.c", pick(v, {"TITLE", "N_IN", "N_OUT", "MACRO", "WEIGHT_T", "WEIGHT_TABLE", "WEIGHT_ROWS",
                                      "BIAS_T", "BIAS_TABLE", "BIAS_ROWS"}));
}

// Hidden layer 0, which reads q: its tables, its dot product and the layer's loop.
std::string render_layer_q(const CLayerPlan& l, Values v) {
  const Layer& layer = *l.layer;
  v["TITLE"] = "Hidden layer " + std::to_string(l.index);
  v["BIAS_ROWS"] = wrap_values(layer.bias.data(), layer.bias.size(), "    ");
  std::string out = l.terms == CTerms::unrolled ? std::string() : render("c/noinline.c", pick(v, {"MACRO"}));
  if (l.terms == CTerms::sparse || l.terms == CTerms::signs) return out + render_lists(l, v);
  v["WEIGHT_ROWS"] = weight_rows(layer);
  out += render("c/tables.c", pick(v, {"TITLE", "N_IN", "N_OUT", "MACRO", "WEIGHT_T", "WEIGHT_TABLE", "WEIGHT_ROWS",
                                      "BIAS_T", "BIAS_TABLE", "BIAS_ROWS"}));
  out += render(l.terms == CTerms::unrolled ? "c/dot_q_unrolled.c" : "c/dot_q_dense.c",
                pick(v, {"INDEX", "N_IN", "MACRO", "WEIGHT_T", "INPUT_T", "ACC_T", "PROD_T", "FUNCTION"}));
  return out + render("c/layer_q.c", pick(v, {"INDEX", "N_IN", "N_OUT", "INPUT_T", "OUT_WORDS", "WORD_T", "MACRO",
                                             "WEIGHT_T", "WEIGHT_TABLE", "BIAS_T", "BIAS_TABLE", "ACC_T",
                                             "FUNCTION"}));
}

std::string render_layer(const CPlan& plan, const CLayerPlan& l) {
  Values v = layer_values(plan, l);
  v["BIAS_T"] = l.bias_type;
  if (!l.reads_bits) return render_layer_q(l, v);
  std::string out = render_tables(plan, l, v);
  if (l.dot == CDot::columns)
    return out + render("c/layer_out_columns.c", pick(v, {"N_IN", "N_OUT", "IN_WORDS", "WORD_T", "WORD_BITS", "ACC_T",
                                                         "FUNCTION", "MACRO", "WEIGHT_T", "WEIGHT_TABLE",
                                                         "BIAS_TABLE"}));
  if (l.dot == CDot::planes)
    out += render("c/dot_planes.c", pick(v, {"INDEX", "IN_WORDS", "PLANES", "TOP", "MACRO", "PREFIX", "WORD_T",
                                             "ACC_T", "FUNCTION"}));
  else
    out += render("c/dot_walk.c", pick(v, {"INDEX", "N_IN", "IN_WORDS", "WORD_T", "WORD_BITS", "MACRO",
                                           "WEIGHT_T", "ACC_T", "FUNCTION"}));
  if (l.output)
    return out + render("c/layer_out.c", pick(v, {"N_IN", "N_OUT", "IN_WORDS", "WORD_T", "ACC_T", "FUNCTION",
                                                 "WEIGHT_TABLE", "BIAS_TABLE"}));
  return out + render("c/layer_bits.c", pick(v, {"INDEX", "N_IN", "N_OUT", "IN_WORDS", "OUT_WORDS", "WORD_T",
                                                "WORD_BITS", "FUNCTION", "WEIGHT_TABLE", "BIAS_TABLE"}));
}

// The SWAR popcount for the plan's word: three steps, then folding the byte counts together.
std::string popcount_text(const CPlan& plan) {
  const int wb = plan.word_bits;
  auto mask = [wb](const char* byte) {
    std::string m = "0x";
    for (int i = 0; i < wb / 8; ++i) m += byte;
    return m;
  };
  std::string fold;
  const std::string t = plan.word_type;
  if (wb == 16) fold = "    x = (" + t + ")((x + (x >> 8)) & 0x1Fu);\n";
  if (wb == 32) fold = "    x = (" + t + ")(x + (x >> 8));\n    x = (" + t + ")((x + (x >> 16)) & 0x3Fu);\n";
  return render("c/popcount.c", {{"PREFIX", plan.prefix}, {"WORD_T", t}, {"M55", mask("55")}, {"M33", mask("33")},
                                 {"M0F", mask("0F")}, {"FOLD", fold}});
}

// The body of <prefix>_scores: one packed buffer per hidden layer, then the layer calls.
std::string wiring(const CPlan& plan) {
  std::string decl, calls;
  for (const CLayerPlan& l : plan.layers) {
    const std::string in = l.reads_bits ? "a" + std::to_string(l.index - 1) : "q";
    if (l.output) {
      calls += "    " + l.function + "(" + in + ", scores);\n";
      continue;
    }
    decl += "    " + plan.word_type + " a" + std::to_string(l.index) + "[" + std::to_string(l.out_words) + "];\n";
    calls += "    " + l.function + "(" + in + ", a" + std::to_string(l.index) + ");\n";
  }
  return decl + calls;
}

std::string quantize_text(const Network& net, const CPlan& plan) {
  std::vector<std::string> lo, step;
  for (const Feature& f : net.inputs) {
    lo.push_back(fmt::format("{:.17g}", f.lo));
    step.push_back(fmt::format("{:.17g}", f.step));
  }
  auto rows = [](const std::vector<std::string>& v) {
    std::string out = "   ";
    size_t col = 3;
    for (size_t i = 0; i < v.size(); ++i) {
      std::string item = v[i] + (i + 1 < v.size() ? "," : "");
      if (col + item.size() + 1 > kLineWidth) {
        out += "\n   ";
        col = 3;
      }
      out += " " + item;
      col += item.size() + 1;
    }
    return out;
  };
  const CFixedQuantizer& fq = plan.fixed;
  std::string qx;
  for (size_t i = 0; i < fq.features.size(); ++i) {
    const CFixedFeature& f = fq.features[i];
    qx += fmt::format("    {{{}, {}, {}, {}}}{}\n", f.first, f.span, f.mul, f.add, i + 1 < fq.features.size() ? "," : "");
  }
  qx.pop_back();
  std::string fix_tables, fix_loop;
  if (!fq.fixups.empty()) {
    std::vector<int64_t> fi, fx, fc;
    for (const CFixup& u : fq.fixups) {
      fi.push_back(u.feature);
      fx.push_back(u.x);
      fc.push_back(u.code);
    }
    std::string n = std::to_string(fq.fixups.size());
    fix_tables = "/* Fixups: the grid points where the reference's double rounding leaves the affine form (feature,\n"
                 " * X, code). */\nstatic const " + plan.macro + "_ROM uint16_t " + plan.prefix + "_qx_fix_i[" + n + "] = {\n" +
                 wrap_values(fi.data(), fi.size(), "    ") + "\n};\nstatic const " + plan.macro + "_ROM int32_t " +
                 plan.prefix + "_qx_fix_x[" + n + "] = {\n" + wrap_values(fx.data(), fx.size(), "    ") +
                 "\n};\nstatic const " + plan.macro + "_ROM " + plan.input_type + " " + plan.prefix + "_qx_fix_q[" + n +
                 "] = {\n" + wrap_values(fc.data(), fc.size(), "    ") + "\n};\n";
    fix_loop = "\n    for (i = 0; i < " + n + "u; ++i)\n        if (x[" + plan.prefix + "_qx_fix_i[i]] == " + plan.prefix +
               "_qx_fix_x[i]) q[" + plan.prefix + "_qx_fix_i[i]] = " + plan.prefix + "_qx_fix_q[i];";
  }
  return render("c/quantize.c", {{"PREFIX", plan.prefix}, {"MACRO", plan.macro}, {"INPUT_T", plan.input_type},
                                 {"QMAX", std::to_string(net.input_max())}, {"LO_ROWS", rows(lo)},
                                 {"STEP_ROWS", rows(step)}, {"SHIFT", std::to_string(fq.shift)},
                                 {"QX_ROWS", qx}, {"FIXUP_TABLES", fix_tables}, {"FIXUP_LOOP", fix_loop}});
}

std::string source_text(const Network& net, const CPlan& plan) {
  std::string layers = plan.popcount ? popcount_text(plan) : std::string();
  if (plan.acc24) layers = render("c/acc24.c", {{"PREFIX", plan.prefix}}) + layers;
  for (const CLayerPlan& l : plan.layers) layers += render_layer(plan, l);
  if (!layers.empty() && layers.back() == '\n') layers.pop_back();  // the template adds the blank line
  std::string plan_doc;
  std::string described = describe_plan(plan);
  for (size_t at = 0, nl; (nl = described.find('\n', at)) != std::string::npos; at = nl + 1)
    plan_doc += " *   " + comment_text(described.substr(at, nl - at)) + "\n";
  Values common = {{"PREFIX", plan.prefix}, {"MACRO", plan.macro}, {"INPUT_T", plan.input_type},
                   {"SCORE_T", plan.score_type}};
  Values v = banner(net);
  v.insert(common.begin(), common.end());
  v["PLAN"] = plan_doc;
  v["HEADER"] = plan.model + ".h";
  v["WORD_T"] = plan.word_type;
  v["LAYERS"] = layers;
  v["WIRING"] = wiring(plan);
  Values decide = common;
  if (plan.regression) decide["HEADER"] = plan.model + ".h";
  v["DECIDE"] = render(plan.regression ? "c/predict_score.c" : plan.binary ? "c/decide_binary.c" : "c/decide_argmax.c",
                       decide);
  std::string q = quantize_text(net, plan);
  q.pop_back();  // the template's last line ends the file
  v["QUANTIZE"] = q;
  return render("c/model.c", v);
}

std::string header_text(const Network& net, const CPlan& plan) {
  std::string inputs, classes;
  for (size_t i = 0; i < net.inputs.size(); ++i) {
    const Feature& f = net.inputs[i];
    inputs += comment_text(fmt::format(" *   q[{}] {}: lo {}, step {}", i, f.name, f.lo, f.step)) + "\n";
  }
  std::string counts, predict;
  if (net.regression()) {
    // A regressor: the targets' metadata as macros (floats for the caller; nothing here computes
    // with them), predict returning the integer score of target 0.
    classes = " * Targets (score index: name; y = offset + step * score, for the caller to apply):\n";
    counts = fmt::format("#define {}_N_TARGETS {}", plan.macro, net.targets.size());
    for (size_t k = 0; k < net.targets.size(); ++k) {
      const Target& t = net.targets[k];
      classes += comment_text(fmt::format(" *   {}: {}: offset {}, step {}", k, t.name, t.offset, t.step)) + "\n";
      counts += fmt::format("\n#define {0}_TARGET_OFFSET_{1} {2}\n#define {0}_TARGET_STEP_{1} {3}", plan.macro, k,
                            c_double(t.offset), c_double(t.step));
    }
    predict = fmt::format(
        "/* Returns the integer score of target 0 for the quantized inputs q (a regressor): the prediction is\n"
        " * y = {0}_TARGET_OFFSET_0 + {0}_TARGET_STEP_0 * score. */\n"
        "{1} {2}_predict(const {3} q[{0}_N_INPUTS]);",
        plan.macro, plan.score_type, plan.prefix, plan.input_type);
  } else {
    classes = " * Classes (index: label):\n";
    for (size_t c = 0; c < net.classes.size(); ++c)
      classes += comment_text(fmt::format(" *   {}: {}", c, net.classes[c])) + "\n";
    counts = fmt::format("#define {}_N_CLASSES {}", plan.macro, plan.n_classes);
    const std::string decision =
        plan.binary ? comment_text(fmt::format("Binary: class 1 (\"{}\") iff scores[0] >= 0, else class 0 (\"{}\").",
                                               net.classes[1], net.classes[0]))
                    : "The class is the index of the highest score; a tie goes to the lowest index.";
    predict = fmt::format(
        "/* Returns the predicted class index (0 .. {0}_N_CLASSES - 1) for the quantized inputs q.\n"
        " * {1} */\n"
        "int {2}_predict(const {3} q[{0}_N_INPUTS]);",
        plan.macro, decision, plan.prefix, plan.input_type);
  }
  Values v = banner(net);
  v.insert({{"PREFIX", plan.prefix},
            {"MACRO", plan.macro},
            {"INPUT_T", plan.input_type},
            {"SCORE_T", plan.score_type},
            {"INPUT_DOC", inputs},
            {"KIND", net.regression() ? "regressor" : "classifier"},
            {"CLASS_DOC", classes},
            {"COUNT_MACROS", counts},
            {"PREDICT_DECL", predict},
            {"SCORES_WHAT", net.regression() ? "target scores" : "class scores"},
            {"SCORES_MEANING", net.regression()
                                   ? "y of target k = offset k + step k * score k, see the TARGET macros"
                                   : fmt::format("real-valued score = integer score / {}", net.score_scale)},
            {"N_INPUTS", std::to_string(plan.n_inputs)},
            {"N_SCORES", std::to_string(plan.n_scores)},
            {"INPUT_BITS", std::to_string(plan.input_bits)},
            {"FRAC_BITS", std::to_string(plan.fixed.frac_bits)}});
  return render("c/model.h", v);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> c_files(const Network& net, const CPlan& plan, const std::string& layout) {
  std::string header = header_text(net, plan), source = source_text(net, plan);
  if (layout == "flat") return {{plan.model + ".h", std::move(header)}, {plan.model + ".c", std::move(source)}};
  // A library folder: <name>/src/<name>.{h,c}, the manifest, and one example sketch that
  // classifies a vector of mid-range codes and prints the class.
  const std::string lib = plan.model + "/", src = lib + "src/";
  const std::string example = plan.model + "_classify";
  const std::string mid = std::to_string(int64_t{1} << (plan.input_bits - 1));
  Values v = banner(net);
  v.insert({{"PREFIX", plan.prefix}, {"MACRO", plan.macro}, {"INPUT_T", plan.input_type}, {"HEADER", plan.model + ".h"},
            {"MID", mid}, {"WHAT", plan.regression ? "score" : "class"}});
  const bool arduino = layout == "arduino";
  Values m = banner(net);
  m.insert({{"NAME", plan.model}});
  return {{src + plan.model + ".h", std::move(header)},
          {src + plan.model + ".c", std::move(source)},
          {lib + (arduino ? "library.properties" : "library.json"),
           render(arduino ? "c/library.properties" : "c/library.json", m)},
          {lib + "examples/" + example + "/" + example + ".ino", render("c/example.ino", v)}};
}

std::vector<std::filesystem::path> emit_c(const Network& net, const std::filesystem::path& dir,
                                          const COptions& options) {
  const CPlan plan = prepare_c(net, options);
  std::vector<std::filesystem::path> written;
  for (const auto& [name, text] : c_files(net, plan, options.layout)) {
    written.push_back(dir / name);
    write_file_atomic(written.back(), text);
  }
  return written;
}

}  // namespace hv

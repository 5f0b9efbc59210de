// heaviside._core: the pybind11 binding of the library flow API (compiler/flow) that the Python
// package `heaviside` builds its scikit-learn estimator on. It stays thin: NumPy rows in, the
// flow's own structures out (models as .hnet text, results as the flow's JSON), library
// UserErrors as heaviside.HeavisideError (a ValueError). Arrays of rows are read in place: a
// float64 C-contiguous array is viewed, never copied or converted here (the Python layer converts
// other inputs once); training copies them into the trainer's Dataset, which owns its rows.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "flow/flow.hpp"
#include "passes/pipeline.hpp"
#include "reference.hpp"
#include "support/diagnostics.hpp"
#include "support/version.hpp"

namespace py = pybind11;

namespace {

using namespace hv;

// A read-only view of an (n, d) float64 C-contiguous array: the caller's memory, not a copy.
struct Rows {
  const double* data = nullptr;
  size_t n = 0, d = 0;
  std::span<const double> row(size_t r) const { return {data + r * d, d}; }
};

Rows view_rows(const py::array& a, const char* what) {
  if (a.ndim() != 2) throw py::value_error(std::string(what) + " must be a 2-d array of rows, not " + std::to_string(a.ndim()) + "-d");
  if (!a.dtype().is(py::dtype::of<double>()))
    throw py::type_error(std::string(what) + " must be float64 (the Python layer converts other types)");
  if (!(a.flags() & py::array::c_style)) throw py::type_error(std::string(what) + " must be C-contiguous");
  Rows r;
  r.data = static_cast<const double*>(a.data());
  r.n = static_cast<size_t>(a.shape(0));
  r.d = static_cast<size_t>(a.shape(1));
  for (size_t i = 0; i < r.n * r.d; ++i)
    if (!std::isfinite(r.data[i]))
      throw py::value_error(std::string(what) + " holds a NaN or infinite value at row " + std::to_string(i / (r.d ? r.d : 1)) +
                            ", column " + std::to_string(i % (r.d ? r.d : 1)));
  return r;
}

// Enum settings by the names the CLI and the model file use.
template <class E>
E pick(const std::vector<std::pair<std::string, E>>& names, const std::string& v, const char* what) {
  std::string all;
  for (const auto& [n, e] : names) {
    if (n == v) return e;
    all += (all.empty() ? "" : ", ") + n;
  }
  throw py::value_error(std::string(what) + " '" + v + "' is not one of: " + all);
}

// TrainSettings from the estimator's parameters (Python names: the CLI's long options with '_').
// The Python layer has checked types and ranges and passes only the parameters that are set.
flow::TrainSettings settings_from(const py::dict& p) {
  flow::TrainSettings s;
  for (auto item : p) {
    const std::string k = py::cast<std::string>(item.first);
    py::handle v = item.second;
    auto i64 = [&] { return py::cast<int64_t>(v); };
    auto f64 = [&] { return py::cast<double>(v); };
    auto str = [&] { return py::cast<std::string>(v); };
    if (k == "method") s.method = pick(flow::method_names(), str(), "method");
    else if (k == "task") s.task = pick(flow::task_names(), str(), "task");
    else if (k == "loss") s.loss = pick(flow::loss_names(), str(), "loss");
    else if (k == "dictionary") s.dictionary = pick(flow::dictionary_names(), str(), "dictionary");
    else if (k == "cost") s.cost = pick(flow::cost_names(), str(), "cost");
    else if (k == "shatter") s.shatter = pick(flow::shatter_names(), str(), "shatter");
    else if (k == "realize") s.realize = pick(flow::realize_names(), str(), "realize");
    else if (k == "name") s.name = str();
    else if (k == "depth") s.depth = static_cast<int>(i64());
    else if (k == "width") s.width = static_cast<size_t>(i64());
    else if (k == "weight_bits") s.weight_bits = static_cast<int>(i64());
    else if (k == "beta") s.beta = f64();
    else if (k == "input_bits") s.input_bits = static_cast<int>(i64());
    else if (k == "output_bits") s.output_bits = static_cast<int>(i64());
    else if (k == "time_limit") s.time_limit = f64();
    else if (k == "seed") s.seed = static_cast<uint64_t>(i64());
    else if (k == "beta_rel") s.beta_rel = f64();
    else if (k == "tol") s.convex.tol = f64();
    else if (k == "path") s.convex.path_points = static_cast<int>(i64());
    else if (k == "max_neurons") s.convex.max_neurons = static_cast<size_t>(i64());
    else if (k == "max_luts") s.convex.max_luts = f64();
    else if (k == "refit") s.convex.refit = str();
    else if (k == "colgen") s.convex.colgen = py::cast<bool>(v);
    else if (k == "colgen_rounds") s.convex.colgen_opt.rounds = static_cast<int>(i64());
    else if (k == "colgen_candidates") s.convex.colgen_opt.candidates = static_cast<size_t>(i64());
    else if (k == "directions") s.convex.dict.directions = static_cast<size_t>(i64());
    else if (k == "fan_in") s.convex.dict.max_fan_in = static_cast<int>(i64());
    else if (k == "iterations") s.ste.iterations = static_cast<int>(i64());
    else if (k == "lr") s.ste.lr = f64();
    else if (k == "patience") s.ste.patience = static_cast<int>(i64());
    else throw py::value_error("unknown training setting '" + k + "'");
  }
  s.test_fraction = 0;  // fit() trains on every row it is given
  return s;
}

// A trained or loaded model: the network after the pass pipeline, as every backend reads it.
struct Model {
  Network net;

  static Model from_text(const std::string& text, const std::string& filename) {
    PassLog log;
    return Model{run_pipeline(flow::parse_model(text, filename), log)};
  }
  std::string text() const { return flow::model_text(net); }

  // Integer scores (n, outputs) and class ids (n) of the reference interpreter, X read in place.
  py::tuple run(const py::array& x) const {
    Rows rows = view_rows(x, "X");
    if (rows.d != net.inputs.size())
      throw py::value_error("X has " + std::to_string(rows.d) + " features, the model reads " + std::to_string(net.inputs.size()));
    const size_t k = static_cast<size_t>(net.output.n_out);
    py::array_t<int64_t> scores({rows.n, k});
    py::array_t<int64_t> cls(static_cast<py::ssize_t>(rows.n));
    auto s = scores.mutable_unchecked<2>();
    auto c = cls.mutable_unchecked<1>();
    {
      py::gil_scoped_release unlocked;
      for (size_t r = 0; r < rows.n; ++r) {
        auto q = ref::quantize(net, rows.row(r));
        auto res = ref::run(net, q);
        for (size_t j = 0; j < k; ++j) s(r, j) = res.scores[j];
        c(r) = res.cls;
      }
    }
    return py::make_tuple(scores, cls);
  }

  std::vector<std::vector<int64_t>> quantize(const Rows& rows) const {
    std::vector<std::vector<int64_t>> q;
    q.reserve(rows.n);
    for (size_t r = 0; r < rows.n; ++r) q.push_back(ref::quantize(net, rows.row(r)));
    return q;
  }

  // The generated files, written into `dir` together; returns their paths.
  std::vector<std::string> compile(const std::string& dir, const std::string& target, const flow::CompileOptions& base) const {
    flow::CompileOptions o = base;
    o.target = pick(flow::target_names(), target, "target");
    o.run_passes = false;
    flow::Compiled c;
    std::vector<std::filesystem::path> paths;
    {
      py::gil_scoped_release unlocked;
      c = flow::compile(net, o);
      paths = flow::write_outputs(c, dir);
    }
    std::vector<std::string> out;
    for (const auto& p : paths) out.push_back(p.string());
    return out;
  }

  std::string verify(const py::object& x, size_t random, size_t ties, uint64_t seed, const std::string& target,
                     const std::string& work, const flow::CompileOptions& base) const {
    flow::VerifyOptions o;
    o.target = pick(flow::target_names(), target, "target");
    if (!x.is_none()) {
      Rows rows = view_rows(py::cast<py::array>(x), "X");
      if (rows.d != net.inputs.size())
        throw py::value_error("X has " + std::to_string(rows.d) + " features, the model reads " +
                              std::to_string(net.inputs.size()));
      o.data_rows = quantize(rows);
    }
    o.random = random;
    o.ties = std::min(ties, random);
    o.seed = seed;
    o.work = work;
    o.verilog = base.verilog;
    o.c = base.c;
    if (o.data_rows.empty() && o.random == 0) throw py::value_error("nothing to verify: give rows X or random > 0");
    flow::VerifyResult r;
    {
      py::gil_scoped_release unlocked;
      r = flow::verify(net, o);
    }
    return flow::to_json(r).dump();
  }

  std::string report(const std::string& work, const std::string& device, double freq_mhz, bool place_and_route,
                     const flow::CompileOptions& base) const {
    flow::ReportOptions o;
    o.verilog = base.verilog;
    o.device = pick(flow::device_names(), device, "device");
    o.freq_mhz = freq_mhz;
    o.place_and_route = place_and_route;
    o.work = work;
    flow::ReportResult r;
    {
      py::gil_scoped_release unlocked;
      r = flow::report(net, o);
    }
    return flow::to_json(r).dump();
  }
};

flow::CompileOptions compile_options(int pipeline_levels, bool scores, bool axis, bool skid, int word_bits) {
  flow::CompileOptions o;
  o.verilog.pipeline_levels = pipeline_levels;
  o.verilog.scores = scores;
  o.verilog.axis = axis;
  o.verilog.skid = skid;
  o.c.word_bits = word_bits;
  return o;
}

// Trains on X (read in place while copying into the trainer's Dataset) and the label texts.
py::tuple train(const py::array& x, const std::vector<std::string>& labels, const std::vector<std::string>& feature_names,
                const std::string& label_name, const py::dict& params) {
  Rows rows = view_rows(x, "X");
  if (labels.size() != rows.n)
    throw py::value_error("X has " + std::to_string(rows.n) + " rows but y has " + std::to_string(labels.size()) + " labels");
  if (feature_names.size() != rows.d) throw py::value_error("feature_names must name every column of X");
  flow::TrainSettings s = settings_from(params);
  Dataset train;
  train.source = "<X>";
  train.feature_names = feature_names;
  train.label_name = label_name;
  train.n_rows = rows.n;
  train.x.assign(rows.data, rows.data + rows.n * rows.d);
  train.labels = labels;
  train.row_line.resize(rows.n);
  for (size_t r = 0; r < rows.n; ++r) train.row_line[r] = static_cast<int>(r) + 1;  // 1-based row number
  Dataset test;
  test.source = train.source;
  test.feature_names = train.feature_names;
  test.label_name = train.label_name;
  flow::TrainResult r;
  {
    py::gil_scoped_release unlocked;
    r = flow::train(train, test, s);
  }
  const std::string json = flow::to_json(r, s, "<X>").dump();
  const std::string summary = flow::train_summary(r, s, "<X>");
  return py::make_tuple(Model{std::move(r.net)}, json, summary);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "heaviside's library flow API (train, compile, verify, report) for the Python package";
  m.attr("__version__") = std::string(hv::kVersion);
  static py::exception<hv::UserError> error(m, "HeavisideError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const hv::UserError& e) {
      error(e.what());
    }
  });

  py::class_<flow::CompileOptions>(m, "CompileOptions")
      .def(py::init(&compile_options), py::arg("pipeline_levels") = 0, py::arg("scores") = false, py::arg("axis") = false,
           py::arg("skid") = true, py::arg("word_bits") = 32);

  py::class_<Model>(m, "Model")
      .def_static("from_text", &Model::from_text, py::arg("text"), py::arg("filename") = "<model>")
      .def("text", &Model::text)
      .def_static("load", [](const std::string& path) {
        hv::PassLog log;
        return Model{hv::run_pipeline(flow::load_model(path), log)};
      }, py::arg("path"))
      .def("save", [](const Model& md, const std::string& path) { flow::save_model(md.net, path); }, py::arg("path"))
      .def("run", &Model::run, py::arg("X"))
      .def("compile", &Model::compile, py::arg("dir"), py::arg("target"), py::arg("options"))
      .def("verify", &Model::verify, py::arg("X"), py::arg("random"), py::arg("ties"), py::arg("seed"), py::arg("target"),
           py::arg("work"), py::arg("options"))
      .def("report", &Model::report, py::arg("work"), py::arg("device"), py::arg("freq_mhz"), py::arg("place_and_route"),
           py::arg("options"))
      .def_property_readonly("name", [](const Model& md) { return md.net.name; })
      .def_property_readonly("classes", [](const Model& md) { return md.net.classes; })
      .def_property_readonly("task", [](const Model& md) { return flow::to_string(md.net.task); })
      .def_property_readonly("targets", [](const Model& md) {  // (name, offset, step): y = offset + step * score
        std::vector<std::tuple<std::string, double, double>> v;
        for (const auto& t : md.net.targets) v.emplace_back(t.name, t.offset, t.step);
        return v;
      })
      .def_property_readonly("input_names", [](const Model& md) {
        std::vector<std::string> v;
        for (const auto& f : md.net.inputs) v.push_back(f.name);
        return v;
      })
      .def_property_readonly("hidden_widths", [](const Model& md) {
        std::vector<int> v;
        for (const auto& l : md.net.hidden) v.push_back(l.n_out);
        return v;
      })
      .def(py::pickle([](const Model& md) { return md.text(); },
                      [](const std::string& text) { return Model::from_text(text, "<pickle>"); }));

  m.def("train", &train, py::arg("X"), py::arg("labels"), py::arg("feature_names"), py::arg("label_name"), py::arg("params"));
  m.def("row_view_address", [](const py::array& x) { return reinterpret_cast<uintptr_t>(view_rows(x, "X").data); },
        "The address heaviside reads an array's rows from (equal to the array's own data: read in place).");
  m.def("method_names", [] {
    std::vector<std::string> v;
    for (const auto& [n, e] : flow::method_names()) v.push_back(n);
    return v;
  });
}

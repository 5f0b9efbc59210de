# From Python to hardware: the fitted network emitted as Verilog and C, both verified bit for bit
# against the reference (Verilator, the native C compiler) on the data rows and generated
# vectors, and the Verilog synthesized by report() (Yosys).
import numpy as np
import pytest

from heaviside import ThresholdNetworkClassifier


@pytest.fixture(scope="module")
def fitted(iris):
    X, y = iris
    return ThresholdNetworkClassifier(max_neurons=4, name="iris_net").fit(X, y)


def test_to_verilog_and_c_write_the_files(fitted, tmp_path):
    v = fitted.to_verilog(tmp_path / "rtl")
    c = fitted.to_c(tmp_path / "fw", word_bits=8)
    assert [p.rsplit("/", 1)[1] for p in v] == ["iris_net.v"]
    assert sorted(p.rsplit("/", 1)[1] for p in c) == ["iris_net.c", "iris_net.h"]
    assert "module iris_net" in (tmp_path / "rtl" / "iris_net.v").read_text()
    assert "generated" in (tmp_path / "fw" / "iris_net.c").read_text().lower()


def test_verify_has_no_mismatch(fitted, iris, tmp_path):
    X, _ = iris
    r = fitted.verify(X, random=500, work=tmp_path / "verify")
    assert r["pass"] is True
    assert r["vectors"]["data_rows"] == len(X)
    # the data rows, one vector per covered decision boundary, then the random ones
    assert r["vectors"]["boundary"] > 0
    assert r["vectors"]["total"] == len(X) + r["vectors"]["boundary"] + 500
    assert set(r["mismatches"]) == {"verilog (verilator)", "c (cc)"}
    assert all(n == 0 for n in r["mismatches"].values())
    assert all(t["vectors"] == r["vectors"]["total"] for t in r["targets"])


def test_verify_one_target_and_pipelined(fitted, iris):
    X, _ = iris
    r = fitted.verify(X[:20], random=100, target="verilog", pipeline_levels=1)
    assert list(r["mismatches"]) == ["verilog (verilator)"] and r["pass"]


def test_report_counts_luts(iris):
    # Yosys only, as the CLI's own report test (nextpnr-ice40 is a benchmark dependency): a tiny
    # network, since synthesis dominates the suite's time
    X, y = iris
    tiny = ThresholdNetworkClassifier(max_neurons=1, input_bits=4, output_bits=4, name="tiny")
    tiny.fit(X[:, 2:], y == "setosa")
    r = tiny.report(place_and_route=False)
    assert r["model"] == "tiny" and r["neurons"] == tiny.n_neurons_ == 1
    assert r["ice40"]["lut4"] > 0 and r["xilinx"]["lut"] > 0
    assert r["pnr"]["status"] == "skipped" and r["pnr"]["fmax_mhz"] is None


def test_predictions_are_the_reference_ones(fitted, iris):
    # predict() runs the integer network: the same classes its Verilog and C produce (verified above)
    X, y = iris
    assert np.mean(fitted.predict(X) == y) == pytest.approx(fitted.result_["accuracy"]["integer"]["train"])

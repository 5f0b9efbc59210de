# examples/python/quickstart.py runs as a user runs it, and does what docs/PYTHON.md shows:
# trains, prints the certificate, writes Verilog, C and the model file, and verifies with no
# mismatch.
import os
import re
import subprocess
import sys


def test_quickstart(source_dir, tmp_path):
    run = subprocess.run([sys.executable, "-B", str(source_dir / "examples" / "python" / "quickstart.py"), str(tmp_path)],
                         capture_output=True, text=True, env=dict(os.environ))
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert "certificate: duality gap" in out
    counts = re.findall(r"^verify: (verilog \(verilator\)|c \(cc\)) +(\d+) vectors, 0 mismatches", out, re.M)
    assert [c[0] for c in counts] == ["verilog (verilator)", "c (cc)"]
    assert counts[0][1] == counts[1][1] and int(counts[0][1]) > 10000
    assert "verify: PASS" in out and "reloaded model predicts the same: True" in out
    for f in ("rtl/cancer.v", "firmware/cancer.c", "firmware/cancer.h", "cancer.hnet"):
        assert (tmp_path / f).is_file()


def test_regression_example(source_dir, tmp_path):
    run = subprocess.run([sys.executable, "-B", str(source_dir / "examples" / "python" / "regression.py"), str(tmp_path)],
                         capture_output=True, text=True, env=dict(os.environ))
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert "certificate: duality gap" in out and "test:        RMSE" in out
    counts = re.findall(r"^verify: (verilog \(verilator\)|c \(cc\)) +(\d+) vectors, 0 mismatches", out, re.M)
    assert [c[0] for c in counts] == ["verilog (verilator)", "c (cc)"]
    assert "verify: PASS" in out
    for f in ("rtl/diabetes.v", "firmware/diabetes.c", "firmware/diabetes.h", "diabetes.hnet"):
        assert (tmp_path / f).is_file()

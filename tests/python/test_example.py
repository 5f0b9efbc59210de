# examples/python/quickstart.py runs as a user runs it, and does what docs/PYTHON.md shows:
# trains, prints the certificate, writes Verilog, C and the model file, and verifies with no
# mismatch.
import os
import subprocess
import sys


def test_quickstart(source_dir, tmp_path):
    run = subprocess.run([sys.executable, "-B", str(source_dir / "examples" / "python" / "quickstart.py"), str(tmp_path)],
                         capture_output=True, text=True, env=dict(os.environ))
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert "certificate: duality gap" in out
    assert "verify: verilog (verilator)    10143 vectors, 0 mismatches" in out
    assert "verify: c (cc)                 10143 vectors, 0 mismatches" in out
    assert "verify: PASS" in out and "reloaded model predicts the same: True" in out
    for f in ("rtl/cancer.v", "firmware/cancer.c", "firmware/cancer.h", "cancer.hnet"):
        assert (tmp_path / f).is_file()

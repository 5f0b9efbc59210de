# `cmake --install` puts the package in the prefix's python3 site directory (HV_PYTHON_INSTALL_DIR
# under the prefix), and Debian's python3 imports it from there and trains with it.
import os
import subprocess
import sys


def test_installed_package_imports_and_trains(tmp_path):
    build = os.environ["HV_BUILD_DIR"]
    prefix = tmp_path / "prefix"
    run = subprocess.run(["cmake", "--install", build, "--prefix", str(prefix)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    site = prefix / os.environ["HV_PYTHON_INSTALL_DIR"]
    assert sorted(p.name for p in (site / "heaviside").iterdir() if p.suffix == ".py") == ["__init__.py", "classifier.py", "estimator.py", "regressor.py"]
    code = ("import heaviside, numpy as np\n"
            "X = np.array([[0.0, 1], [1, 0], [2, 3], [3, 2], [4, 5], [5, 4]])\n"
            "clf = heaviside.ThresholdNetworkClassifier(directions=50).fit(X, [0, 0, 0, 1, 1, 1])\n"
            "print(heaviside.__file__, clf.score(X, [0, 0, 0, 1, 1, 1]))\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    run = subprocess.run([sys.executable, "-B", "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    path, score = run.stdout.split()
    assert path == str(site / "heaviside" / "__init__.py")
    assert float(score) == 1.0

"""The wheel carries every subpackage and data file, not only what an editable install happens to find."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def test_every_code_folder_with_an_init_is_a_listed_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    folders = {folder: package for package, folder in config["package-dir"].items()}
    found = set()
    for folder, package in folders.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((package, *relative)))
    assert found == listed


def test_templates_and_demo_data_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    data = config["package-data"]
    assert "*.docx" in data["partnerpack.templates"]
    assert list((ROOT / "templates").glob("*.docx"))
    for pattern in data["partnerpack.generator.demo"]:
        assert list((ROOT / "generator" / "demo").glob(pattern)), pattern


def test_a_wheel_install_runs_the_demo(tmp_path: Path) -> None:
    """Build the wheel from a copy of the sources, unpack it alone on the path, and run `partnerpack demo`.

    The interpreter runs with ``-S`` so the editable install's finder is not loaded: only the wheel's
    files and the installed dependencies can be imported.
    """
    sources = tmp_path / "sources"
    shutil.copytree(ROOT, sources, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "output", "build", "*.egg-info", "__pycache__", "partnerpack-demo*", ".pytest_cache"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                            "-w", str(tmp_path / "wheel"), str(sources)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "wheel").glob("partnerpack-*.whl"))
    installed = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    path = os.pathsep.join([str(installed), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    run = subprocess.run([sys.executable, "-S", "-c",
                          "import partnerpack.generator.cli as cli; print(cli.__file__); cli.main()",
                          "demo", str(tmp_path / "demo")],
                         capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": path},
                         timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.splitlines()[0].startswith(str(installed))
    written = tmp_path / "demo" / "output"
    assert (written / "annual-review-2025-26.docx").is_file()
    assert (written / "action-register-2026-07-31.xlsx").is_file()
    assert (written / "CSM-2025-014" / "manifest.json").is_file()

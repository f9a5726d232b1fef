"""The wheel a docassemble server installs: it carries the interviews, templates, rules and
schema where docassemble looks for them, no docassemble/__init__.py, and a working command."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "docassemble" / "SmallClaimsCollect"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation: the build uses the setuptools already installed, so nothing downloads.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=300)
    (built,) = out.glob("*.whl")  # docassemble.SmallClaimsCollect-… or, with newer setuptools, docassemble_smallclaimscollect-…
    return built


def test_wheel_carries_every_data_file_where_docassemble_looks(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    print("\n".join(sorted(n for n in names if "/data/" in n)))  # what it carries, shown with -s
    expected = {f"docassemble/SmallClaimsCollect/{p.relative_to(PACKAGE).as_posix()}"
                for p in (PACKAGE / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert expected <= names, sorted(expected - names)
    for folder in ("data/questions/", "data/templates/", "data/rules/ky/", "data/schema/"):
        assert any(n.startswith(f"docassemble/SmallClaimsCollect/{folder}") for n in names), folder
    # The interviews/ and pdf_templates/ folders at the top are the package's own data folders.
    assert (ROOT / "interviews").resolve() == PACKAGE / "data" / "questions"
    assert (ROOT / "pdf_templates").resolve() == PACKAGE / "data" / "templates" / "forms"


def test_wheel_is_a_namespace_package_with_a_console_script(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "docassemble/__init__.py" not in names
    assert "docassemble/SmallClaimsCollect/__init__.py" in names
    assert not any(n.startswith(("tests/", "examples/")) for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "smallclaims-collect = docassemble.SmallClaimsCollect.cli:main" in text
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    for requirement in ("font-source-sans-pro", "Jinja2", "jsonschema", "pdfminer.six", "pikepdf", "python-dateutil", "PyYAML", "reportlab"):
        assert f"Requires-Dist: {requirement}" in metadata


def test_installed_wheel_works_away_from_the_source_tree(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # The dependencies come from the environment running the tests (nothing downloads); a .pth
    # line adds its site-packages after the new environment's own, where the wheel goes.
    new_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(new_site, "test-deps.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "--ignore-installed", "-q", str(wheel)],
                   check=True, capture_output=True, text=True, timeout=300)
    out = subprocess.run([str(env_dir / "bin" / "smallclaims-collect"), "deadlines", "--entered", "2026-03-02", "--json"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["deadlines"][0]["date"] == "2026-03-12"
    where = subprocess.run([str(python), "-c", "import docassemble.SmallClaimsCollect as m; print(m.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, timeout=60).stdout
    assert str(env_dir) in where  # the installed copy, not the source tree

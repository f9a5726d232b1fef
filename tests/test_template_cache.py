"""Compiled templates kept between runs: the same pleading from a cold and a warm cache, a
template edited in place is compiled again, and a cache folder that cannot be used is no error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from jinja2 import FileSystemLoader
from jinja2.sandbox import ImmutableSandboxedEnvironment

from conftest import EXAMPLES, ROOT
from docassemble.SmallClaimsCollect.template_cache import QuietBytecodeCache, names_used

RENDER = ["render", "notice-of-appeal", str(EXAMPLES / "ky-appeal.yml"), "--as-of", "2026-11-21", "-o"]


def run(out: Path, cache: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docassemble.SmallClaimsCollect", *RENDER, str(out)], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "SMALLCLAIMS_TEMPLATE_CACHE": cache})


def test_a_warm_cache_gives_the_same_pdf_as_no_cache(tmp_path):
    cache = tmp_path / "cache"
    outputs = []
    for name, folder in (("off", "off"), ("cold", str(cache)), ("warm", str(cache))):
        result = run(tmp_path / f"{name}.pdf", folder)
        assert result.returncode == 0, result.stderr
        outputs.append((tmp_path / f"{name}.pdf").read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert any(p.name.startswith("__jinja2_") for p in cache.iterdir())
    assert any(p.name.startswith("names-") for p in cache.iterdir())


def test_an_edited_template_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("SMALLCLAIMS_TEMPLATE_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "templates"
    folder.mkdir()
    page = folder / "page.j2"
    for source, expected, names in (("Hello {{ who }}", "Hello you", {"who"}), ("Bye {{ who }} {{ when }}", "Bye you now", {"who", "when"})):
        page.write_text(source, encoding="utf-8")
        env = ImmutableSandboxedEnvironment(loader=FileSystemLoader(folder), bytecode_cache=QuietBytecodeCache(str(tmp_path / "cache")))
        assert env.get_template("page.j2").render(who="you", when="now") == expected
        assert names_used(env, "page.j2") == names


def test_a_cache_folder_that_cannot_be_made_is_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run(tmp_path / "out.pdf", str(blocker / "cache"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.pdf").read_bytes()[:5] == b"%PDF-"

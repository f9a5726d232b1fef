"""Packaging for docassemble.SmallClaimsCollect.

The interview YAML and templates live inside the package (``data/questions`` and
``data/templates``), where a docassemble server looks for them; the top-level
``interviews/`` and ``pdf_templates/`` folders are links into that tree, so a wheel,
an sdist, a ``pip install`` of the repository and docassemble's Playground pull all
see the same files without a build step.
"""
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent
PACKAGE = "docassemble.SmallClaimsCollect"
PACKAGE_DIR = HERE / "docassemble" / "SmallClaimsCollect"


def package_data_files() -> list[str]:
    """Every file under the package's data/ folder, relative to the package."""
    return sorted(
        str(path.relative_to(PACKAGE_DIR))
        for path in (PACKAGE_DIR / "data").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def version() -> str:
    for line in (PACKAGE_DIR / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise RuntimeError("__version__ not found")


setup(
    name=PACKAGE,
    version=version(),
    description="Court papers after a small-claims judgment: appeal, collect, or defend (Kentucky first).",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    author="SmallClaimsCollect",
    license="MIT",
    python_requires=">=3.11",
    # A native namespace package: docassemble/ has no __init__.py.
    packages=[PACKAGE],
    package_data={PACKAGE: package_data_files()},
    zip_safe=False,
    install_requires=[
        # Ranges include the exact versions docassemble.base 1.10.13 pins, so the
        # package installs beside it on a docassemble server.
        "font-source-sans-pro>=0.0.1,<0.1",  # the font filled-in values are drawn with (SIL OFL)
        "font-source-serif-pro>=0.0.1,<0.1",  # the pleadings' 12-point body font (SIL OFL)
        "icalendar>=6.1,<8",  # the packet's deadlines.ics
        "Jinja2>=3.1.4,<4",
        "jsonschema>=4.18,<5",
        "pdfminer.six>=20231228,<20270000",
        "pikepdf>=10.11,<11",
        "python-dateutil>=2.8.2,<3",
        "python-docx>=1.1,<2",  # the editable Word copy of a pleading
        "PyYAML>=6.0.1,<7",
        # form_font uses reportlab's TrueType subsetter (TTFontFace), an internal: pinned to the
        # releases it was checked against.
        "reportlab>=4.2,<5.2",
    ],
    extras_require={
        "test": ["pytest>=8", "hypothesis>=6.100"],
    },
    entry_points={
        "console_scripts": ["smallclaims-collect = docassemble.SmallClaimsCollect.cli:main"],
    },
)

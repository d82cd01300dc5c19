"""The package's layers and the book's tables of contents (issue 13)."""

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "compute_limits"
RANK = {"errors": 0, "quantities": 0, "config": 1, "data": 1, "cache": 1, "stats": 2, "analysis": 3, "report": 4, "pipeline": 5}


def _imported_layers(path: Path) -> set[str]:
    rel = path.relative_to(PACKAGE)
    pkg = ["compute_limits", *rel.parts[:-1]]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            mod = (pkg[: len(pkg) - (node.level - 1)] + (node.module.split(".") if node.module else [])
                   if node.level else (node.module or "").split("."))
            if mod[0] != "compute_limits":
                continue
            found |= {mod[1]} if len(mod) > 1 else {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("compute_limits.")}
    return {f.removesuffix(".py") for f in found}


def test_lower_layers_never_import_higher_ones():
    bad = []
    for path in PACKAGE.rglob("*.py"):
        layer = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if layer not in RANK:
            continue
        bad += [f"{path.relative_to(PACKAGE)} imports {t}" for t in _imported_layers(path)
                if t in RANK and RANK[t] > RANK[layer]]
    assert not bad, bad


def test_pdf_toc_is_the_html_toc_without_the_api_reference():
    html = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pdf = yaml.safe_load((ROOT / "_toc_pdf.yml").read_text())
    for part in html["parts"]:
        part["chapters"] = [c for c in part["chapters"] if c.get("file") != "chapters/api"]
    assert pdf == html

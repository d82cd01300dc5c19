"""The package's layers; each list written once: the chapter order (_toc.yml, checked against the registry),
the system packages (.ci/debian-packages.txt, read by CI, the workflow and the README) (issues 13, 24)."""

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "compute_limits"
RANK = {"errors": 0, "quantities": 0, "code_graph": 0, "parameters": 0, "config": 1, "data": 1, "cache": 1, "stats": 2,
        "analysis": 3, "report": 4, "pipeline": 5}


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


def _toc_files(entries) -> list[str]:
    out = []
    for entry in entries:
        out += [entry[k] for k in ("file", "glob") if k in entry]
        out += _toc_files(entry.get("sections", []))
    return out


def test_the_toc_lists_every_page_of_the_registry_and_no_other():
    """The page order lives in _toc.yml alone (the PDF's is generated from it); the registry says how pages
    are made, and the two name the same pages."""
    from compute_limits.pipeline.registry import read_registry

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    listed = [toc["root"]] + _toc_files([c for part in toc["parts"] for c in part["chapters"]])
    made = []
    for entry in read_registry():
        made.append("chapters/benchmarks/*" if entry.per_benchmark else f"chapters/{entry.id}")
        assert entry.source == f"{entry.id}.md" or entry.per_benchmark, entry
    assert sorted(listed) == sorted(made)
    assert not (ROOT / "_toc_pdf.yml").exists(), "the PDF's table of contents is generated (pipeline.site.pdf_toc)"


def test_the_system_packages_are_listed_once():
    packages = (ROOT / ".ci" / "debian-packages.txt").read_text().split()
    assert "chromium" in packages and "texlive-xetex" in packages
    for path in (ROOT / ".ci" / "run", ROOT / ".github" / "workflows" / "book.yml", ROOT / "README.md"):
        text = path.read_text()
        assert "xargs -a .ci/debian-packages.txt" in text, path
        assert not any(name in text.split() for name in packages if name not in ("make", "chromium")), \
            f"{path.name} lists packages of its own"

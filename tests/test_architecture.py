"""The layers the README promises: apps import only downwards, with no cycle and no dodges."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

from tests.conftest import ROOT

PROJECT_PACKAGES = [
    "bjdigital",
    "core",
    "sources",
    "districts",
    "indicators",
    "ingestion",
    "releases",
    "api",
    "pages",
]


def test_lint_imports_keeps_every_contract():
    """import-linter (not our code) judges the layers and the absence of cycles."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_layers_contract_names_every_project_app():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    project_apps = [app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()]
    assert sorted(layers) == sorted(["bjdigital", *project_apps])
    assert sorted(config["root_packages"]) == sorted(PROJECT_PACKAGES)
    # Bottom layer first in INSTALLED_APPS, as the contract lists them top first.
    assert project_apps == list(reversed(layers))[: len(project_apps)]


def _function_level_project_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, inside_function: str | None, in_app_config: bool):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                is_config = any(
                    getattr(base, "id", getattr(base, "attr", "")) == "AppConfig"
                    for base in child.bases
                )
                visit(child, inside_function, is_config)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                allowed = in_app_config and child.name == "ready"
                visit(child, None if allowed else child.name, False)
            elif isinstance(child, ast.Import | ast.ImportFrom) and inside_function:
                names = (
                    [child.module or ""]
                    if isinstance(child, ast.ImportFrom)
                    else [a.name for a in child.names]
                )
                for name in names:
                    if name.split(".")[0] in PROJECT_PACKAGES or (
                        isinstance(child, ast.ImportFrom) and child.level
                    ):
                        found.append(
                            f"{path.relative_to(ROOT)}:{child.lineno} in {inside_function}"
                        )
            else:
                visit(child, inside_function, in_app_config)

    visit(tree, None, False)
    return found


def test_no_function_level_import_of_project_code():
    """A function-level import that dodges a cycle means the code sits in the wrong layer.

    Allowed: AppConfig.ready() (Django's idiom). The entry scripts in bench/ import models after
    django.setup() (the documented standalone idiom) and are not scanned; bench/synthetic.py is.
    """
    files = [p for package in PROJECT_PACKAGES for p in (ROOT / package).rglob("*.py")]
    files += list((ROOT / "tests").rglob("*.py")) + [ROOT / "bench" / "synthetic.py"]
    offenders = [hit for path in files for hit in _function_level_project_imports(path)]
    assert offenders == []


def test_the_scan_finds_a_function_level_import(tmp_path, monkeypatch):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from django.apps import AppConfig\n"
        "class C(AppConfig):\n    def ready(self):\n        from core import caching\n"
        "def f():\n    from indicators.models import Observation\n"
    )
    monkeypatch.setattr("tests.test_architecture.ROOT", tmp_path)
    assert _function_level_project_imports(sample) == ["sample.py:6 in f"]

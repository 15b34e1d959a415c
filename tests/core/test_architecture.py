"""The dependency order between the apps (docs/ARCHITECTURE.md) holds: import-linter's contracts
in pyproject.toml pass, and every package of the project is named in them, so a new app cannot
slip past the check."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
NOT_CHECKED = {"tests"}  # tests may import anything


def _contract(kind: str, name_start: str) -> dict:
    return next(c for c in CONFIG["contracts"] if c["type"] == kind and c["name"].startswith(name_start))


def _layer_names(layer: str) -> set[str]:
    return {name.strip(" ()") for name in re.split(r"[|:]", layer)}


def project_packages() -> set[str]:
    """Every top-level Python package in the repository (an app, the project, the engine)."""
    return {p.parent.name for p in ROOT.glob("*/__init__.py")} - NOT_CHECKED


def test_the_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(  # noqa: S603 - fixed argv
        [str(lint), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_package_is_a_root_package_of_the_check():
    assert project_packages() <= set(CONFIG["root_packages"])


def test_every_package_sits_in_exactly_one_layer():
    layers = _contract("layers", "Apps import only the layers below them")["layers"]
    placed = [name for layer in layers for name in _layer_names(layer)]
    assert len(placed) == len(set(placed))
    assert project_packages() <= set(placed)


def test_every_package_but_the_engine_is_forbidden_to_import_the_engine():
    sources = set(_contract("forbidden", "Only contracts.adapter")["source_modules"])
    assert project_packages() - {"outcomes"} <= sources

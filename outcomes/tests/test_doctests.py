"""The worked examples in the engine's docstrings are run as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import outcomes

MODULES = sorted(m.name for m in pkgutil.iter_modules(outcomes.__path__, "outcomes.") if not m.name.endswith(".tests"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0

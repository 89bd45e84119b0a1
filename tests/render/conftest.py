"""Fixtures for the renderer tests: the known report of known.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from twoway.core.report import Report

from .known import build_report


@pytest.fixture
def report() -> Report:
    """The known report: Sam and Alex over ten weeks, Sam carrying most of the support."""
    return build_report()


@pytest.fixture
def make_report() -> Callable[..., Report]:
    """Build the known report with some fields replaced (keyword arguments)."""
    return build_report

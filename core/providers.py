"""Providers: how a lower app's pages show what a higher app holds.

The apps depend downwards only: core ← organisations ← riskanalysis ← suppliers ←
requirements_catalog ← incidents ← audits ← reporting. When a page of a lower app shows data of a
higher one (a supplier's open findings, the audit count in the supplier admin), the lower app
declares a named ``Provider`` (in its ``providers.py``) saying what it needs, and the higher app
registers the function that answers in its ``AppConfig.ready()``. The lower app calls the
provider; it never imports the higher app, looks its models up by name, or copies its constants:
the rule (which findings are open, how audits are counted) stays in the app that owns it.

A reverse relation's manager (``supplier.audits``) needs no provider: the ORM already knows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Provider:
    """One thing a lower app needs from a higher one, answered by a single registered function."""

    def __init__(self, name: str, doc: str):
        self.name = name
        self.__doc__ = doc
        self._function: Callable[..., Any] | None = None

    def register(self, function: Callable[..., Any]) -> Callable[..., Any]:
        if self._function is not None and self._function is not function:
            raise ImproperlyConfigured(f"{self.name} is already provided by {self._function!r}.")
        self._function = function
        return function

    def __call__(self, *args, **kwargs):
        if self._function is None:
            raise ImproperlyConfigured(
                f"Nothing provides {self.name}: the app that registers it in its "
                "AppConfig.ready() is not installed."
            )
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Provider {self.name}>"

"""What each domain app contributes to an organisation's console.

Apps register in their ``AppConfig.ready()``; the console shows the entries to
users whose roles allow them.  This keeps the console free of imports from the
domain apps (arrows point downwards only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str  # reversed with kwargs={"org_code": ...}
    roles: frozenset[str] | None = None  # None: any working role
    order: int = 100
    supervisor: bool = False  # also shown to supervisors of the organisation


@dataclass(frozen=True)
class Panel:
    """A block on the organisation dashboard: ``context(request, org) -> dict`` feeds ``template``."""

    template: str
    context: Callable
    order: int = 100
    supervisor: bool = False


_nav: list[NavItem] = []
_panels: list[Panel] = []


def add_nav(label: str, url_name: str, roles: Iterable[str] | None = None, order: int = 100, supervisor: bool = False):
    item = NavItem(label, url_name, frozenset(roles) if roles is not None else None, order, supervisor)
    if item not in _nav:
        _nav.append(item)


def add_panel(template: str, context: Callable, order: int = 100, supervisor: bool = False):
    panel = Panel(template, context, order, supervisor)
    if panel not in _panels:
        _panels.append(panel)


def nav_items() -> list[NavItem]:
    return sorted(_nav, key=lambda item: item.order)


def panels() -> list[Panel]:
    return sorted(_panels, key=lambda panel: panel.order)

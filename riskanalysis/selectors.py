"""Reads of the category tree, risk analyses and studies that need query shaping."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from core.permissions import Action
from riskanalysis.choices import RiskArea
from riskanalysis.models import (
    PATH_SEPARATOR,
    Category,
    CategoryPriority,
    IdentifiedRisk,
    RiskAnalysis,
    Study,
)

# The CategoryPriority field that holds the level of each risk area.
PRIORITY_LEVEL_FIELDS = {
    RiskArea.HUMAN_RIGHTS: "human_rights_risk",
    RiskArea.LABOUR_RIGHTS: "labour_rights_risk",
    RiskArea.ENVIRONMENT: "environment_risk",
    RiskArea.BUSINESS_ETHICS: "business_ethics_risk",
}


def category_ancestor_names(categories=None) -> dict[int, list[str]]:
    """Every category's names from the root down to itself (['Läkemedel', 'Antibiotika']),
    from one query, whatever the depth of the tree."""
    if categories is None:
        categories = Category.objects.all()
    rows = {
        pk: (name, parent) for pk, name, parent in categories.values_list("pk", "name", "parent")
    }
    names_of: dict[int, list[str]] = {}
    for pk in rows:
        names, node, seen = [], pk, set()
        while node is not None and node in rows and node not in seen:
            seen.add(node)
            names.append(rows[node][0])
            node = rows[node][1]
        names_of[pk] = names[::-1]
    return names_of


def category_paths(categories=None) -> dict[int, str]:
    """Every category's full path ('Läkemedel / Antibiotika'), from one query."""
    return {
        pk: PATH_SEPARATOR.join(names) for pk, names in category_ancestor_names(categories).items()
    }


def category_with_descendant_ids(pk: int) -> list[int]:
    """The category and every category beneath it, at any depth, from one query."""
    children: dict[int | None, list[int]] = {}
    for child, parent in Category.objects.values_list("pk", "parent"):
        children.setdefault(parent, []).append(child)
    found, stack = [], [pk]
    while stack:
        node = stack.pop()
        if node in found:
            continue
        found.append(node)
        stack.extend(children.get(node, []))
    return found


def category_choices() -> list[tuple[int, str]]:
    """(pk, path) for a select, sorted by path, from one query."""
    return sorted(category_paths().items(), key=lambda item: item[1].casefold())


@dataclass
class TreeNode:
    category: Category
    priority: CategoryPriority | None = None
    children: list[TreeNode] = field(default_factory=list)
    periods: list[CategoryPriority] = field(default_factory=list)  # all, for those who edit

    @property
    def risk_levels(self) -> list[tuple[str, str, str]]:
        """(area label, level value, level label) for each area the priority gives a level."""
        if self.priority is None:
            return []
        levels = []
        for area, field_name in PRIORITY_LEVEL_FIELDS.items():
            value = getattr(self.priority, field_name)
            if value:
                display = getattr(self.priority, f"get_{field_name}_display")()
                levels.append((area.label, value, display))
        return levels


def category_tree(*, user, today=None, with_periods: bool = False) -> list[TreeNode]:
    """The whole tree, roots first, built in Python from one query (plus one for priorities).

    Each node carries the category's priority of the period in force, if it is prioritised;
    ``with_periods`` adds every period of each category (one more query), for the secretariat's
    buttons.
    """
    year = (today or timezone.localdate()).year
    current = (
        CategoryPriority.objects.filter(start_year__lte=year)
        .order_by("-start_year")
        .values("start_year")[:1]
    )
    categories = list(
        Category.objects.for_user(user, Action.VIEW)
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=CategoryPriority.objects.filter(start_year__in=current),
                to_attr="current_priorities",
            )
        )
        .order_by("name")
    )
    nodes = {
        category.pk: TreeNode(
            category=category,
            priority=category.current_priorities[0] if category.current_priorities else None,
        )
        for category in categories
    }
    if with_periods:
        periods = CategoryPriority.objects.filter(category__in=nodes).order_by("-start_year", "pk")
        for period in periods:
            nodes[period.category_id].periods.append(period)
    roots = []
    for category in categories:
        node = nodes[category.pk]
        parent = nodes.get(category.parent_id)
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    return roots


def riskanalysis_list_queryset() -> QuerySet[RiskAnalysis]:
    return RiskAnalysis.objects.select_related("category").prefetch_related(
        "responsible_organisations"
    )


def riskanalysis_detail_queryset() -> QuerySet[RiskAnalysis]:
    return RiskAnalysis.objects.select_related("category").prefetch_related(
        "responsible_organisations",
        Prefetch("risks", queryset=IdentifiedRisk.objects.order_by("area", "pk")),
    )


def study_list_queryset() -> QuerySet[Study]:
    return Study.objects.prefetch_related("responsible_organisations", "counterparts")

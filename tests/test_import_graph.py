"""The apps' imports follow the dependency direction and form no cycle (README, The code).

The order is core <- organisations <- riskanalysis <- suppliers <- requirements_catalog <- incidents
<- audits <- reporting: an app imports only itself and the apps before it, never bench/ or tests/.
Every import counts, also one inside a function, and so does apps.get_model("app", ...): a lower app
reads a higher app's data through the providers of core.providers or reverse relations. Among the
project's modules (apps, hallbar, bench) no chain of imports leads back to where it started: the
task imports the service, never the other way around. Migrations are left out."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
# settings.LOCAL_APPS lists the apps in dependency order.
ORDER = list(settings.LOCAL_APPS)
RANK = {app: rank for rank, app in enumerate(ORDER)}
FORBIDDEN = {"bench", "tests"}


def _modules():
    """Every project module by its dotted name, migrations left out."""
    modules = {}
    for package in [*ORDER, "hallbar", "bench"]:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            name = ".".join(relative.with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def _imports(name, path):
    """(line, imported name) for every import in the module, at any depth, relative ones resolved;
    apps.get_model("app", ...) counts as an import of the app."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package
                for _ in range(node.level - 1):
                    parent = parent.rpartition(".")[0]
                base = f"{parent}.{base}" if base else parent
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value.split(".")[0]


@pytest.fixture(scope="module")
def modules():
    return _modules()


def test_no_app_imports_a_higher_app_or_bench_or_tests(modules):
    upward = []
    for name, path in modules.items():
        app = name.split(".")[0]
        if app not in RANK:
            continue
        for line, imported in _imports(name, path):
            target = imported.split(".")[0]
            if target in FORBIDDEN or RANK.get(target, -1) > RANK[app]:
                upward.append(f"{path.relative_to(ROOT)}:{line} {app} -> {target}")
    assert sorted(set(upward)) == []


def _graph(modules):
    def owner(imported):
        while imported and imported not in modules:
            imported = imported.rpartition(".")[0]
        return imported or None

    graph = {name: set() for name in modules}
    for name, path in modules.items():
        for _line, imported in _imports(name, path):
            target = owner(imported)
            if target and target != name:
                graph[name].add(target)
    return graph


def _cycles(graph):
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph[succ]))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a.tasks": {"a.services"}, "a.services": {"a.models", "a.tasks"}, "a.models": set()}
    assert _cycles(graph) == [["a.services", "a.tasks"]]
    graph["a.services"].discard("a.tasks")
    assert _cycles(graph) == []


def test_no_import_cycle_among_the_project_modules(modules):
    assert _cycles(_graph(modules)) == []

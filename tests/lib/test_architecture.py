"""The library's shape, read from its source: imports point one way, private names stay in
their module."""
from __future__ import annotations

import ast
import pathlib

LIB = pathlib.Path(__file__).resolve().parents[2] / "lib" / "diachi_geo"


def modules() -> dict[str, tuple[pathlib.Path, ast.Module]]:
    found = {}
    for path in LIB.rglob("*.py"):
        parts = list(path.relative_to(LIB.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


def imports(name: str, path: pathlib.Path, tree: ast.Module):
    """(module imported, names imported from it) for every import, function-level ones
    included."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            yield target, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def import_graph() -> dict[str, set[str]]:
    found = modules()
    graph: dict[str, set[str]] = {name: set() for name in found}
    for name, (path, tree) in found.items():
        for target, names in imports(name, path, tree):
            for candidate in [target] + [f"{target}.{n}" for n in names]:
                if candidate in found and candidate != name:
                    graph[name].add(candidate)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_library_has_no_import_cycles():
    graph = import_graph()
    assert len(graph) > 40 and graph["diachi_geo.validate"]
    assert cycles(graph) == []


def test_no_private_name_is_imported_from_another_module():
    found = modules()
    private = [f"{name} imports {target}.{n}"
               for name, (path, tree) in found.items()
               for target, names in imports(name, path, tree)
               if target.startswith("diachi_geo") and target != name
               for n in names if n.startswith("_") and not n.startswith("__")]
    assert private == []


def test_only_the_sample_command_imports_the_test_data_generator():
    """tools/package.py leaves diachi_geo.testing out of the QGIS plugin: nothing the plugin
    or its processing provider runs may import it; in the library only the CLI's `sample`
    command does (the CLI never runs inside QGIS)."""
    def generator(target: str) -> bool:
        return target == "diachi_geo.testing" or target.startswith("diachi_geo.testing.")

    users = {name for name, targets in import_graph().items()
             if not generator(name) and any(generator(t) for t in targets)}
    assert users <= {"diachi_geo.cli.sample"}
    root = LIB.parents[1]
    for path in [*(root / "plugin").rglob("*.py"), *(root / "processing").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                found = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            else:
                continue
            assert not any(generator(name) for name in found), path

"""The library's shape, read from its source: imports point one way, private names stay in
their module."""
from __future__ import annotations

import ast
import pathlib

LIB = pathlib.Path(__file__).resolve().parents[2] / "lib" / "diachi_geo"


def modules(lib: pathlib.Path = LIB) -> dict[str, tuple[pathlib.Path, ast.Module]]:
    found = {}
    for path in lib.rglob("*.py"):
        parts = list(path.relative_to(lib.parent).with_suffix("").parts)
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


def packages_of(module: str) -> list[str]:
    """The packages Python imports before ``module``: ``a``, ``a.b`` for ``a.b.c``."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def import_graph(lib: pathlib.Path = LIB) -> dict[str, set[str]]:
    """Module -> the library modules its imports run, the packages' ``__init__`` included:
    importing ``a.b.c`` runs ``a`` and ``a.b`` first. A module's own packages are left out:
    they are already being imported when it runs."""
    found = modules(lib)
    graph: dict[str, set[str]] = {name: set() for name in found}
    for name, (path, tree) in found.items():
        own = set(packages_of(name))
        for target, names in imports(name, path, tree):
            for candidate in [target] + [f"{target}.{n}" for n in names]:
                if candidate in found:
                    graph[name].update(m for m in [*packages_of(candidate), candidate]
                                       if m in found and m != name and m not in own)
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


def test_a_cycle_through_a_package_init_is_found(tmp_path):
    """pkg.x imports pkg.sub.leaf, which runs pkg/sub/__init__.py first, which imports
    pkg.x: Python fails on it, though no module imports one that imports it back."""
    files = {"__init__.py": "", "x.py": "from .sub.leaf import f\n\ndef g():\n    pass\n",
             "sub/__init__.py": "from ..x import g\n", "sub/leaf.py": "def f():\n    pass\n"}
    for name, text in files.items():
        (tmp_path / "pkg" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pkg" / name).write_text(text)
    graph = import_graph(tmp_path / "pkg")
    assert graph["pkg.x"] == {"pkg.sub", "pkg.sub.leaf"}
    assert graph["pkg.sub.leaf"] == set()  # its own packages are already being imported
    assert cycles(graph) == [["pkg.sub", "pkg.x"]]


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


def test_publishing_and_validating_load_no_report_writers():
    """Publishing reads sessions through report.data and the plugin validates through the
    CLI's modules; neither needs reportlab, segno or openpyxl (optional in QGIS), and a
    short command should not pay for loading them."""
    import subprocess
    import sys

    code = ("import sys, diachi_geo.publish, diachi_geo.report.data, diachi_geo.cli, "
            "diachi_geo.validate; print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'reportlab', 'segno', 'openpyxl'}))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(LIB.parent)}, check=True)
    assert run.stdout.strip() == "[]"

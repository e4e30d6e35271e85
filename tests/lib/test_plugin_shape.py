"""The plugin's shape, read from its source (no QGIS needed): small modules, imports that
point one way, private names kept in their module, a Qt Designer form for every dialog."""
from __future__ import annotations

import ast
import graphlib
import pathlib

PLUGIN = pathlib.Path(__file__).resolve().parents[2] / "plugin"
MAX_LINES = 450


def modules() -> dict[str, tuple[pathlib.Path, ast.Module]]:
    found = {}
    for path in sorted(PLUGIN.rglob("*.py")):
        parts = ["plugin", *path.relative_to(PLUGIN).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


def imports(name: str, path: pathlib.Path, tree: ast.Module):
    """(import node, module imported, names imported from it), function-level included."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            yield node, target, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, []


def test_no_plugin_module_is_over_450_lines():
    lines = {name: len(path.read_text(encoding="utf-8").splitlines())
             for name, (path, _) in modules().items()}
    assert len(lines) > 20
    assert {name: n for name, n in lines.items() if n > MAX_LINES} == {}


def test_the_plugin_has_no_import_cycles():
    found = modules()
    graph: dict[str, set[str]] = {name: set() for name in found}
    for name, (path, tree) in found.items():
        for _, target, names in imports(name, path, tree):
            # ``from package import module`` depends on the module, not on the package
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in found]
            for candidate in submodules or [target]:
                if candidate in found and candidate != name:
                    graph[name].add(candidate)
    assert "plugin.settings" in graph["plugin.dialogs.new_session"]
    graphlib.TopologicalSorter(graph).prepare()  # CycleError names the cycle


def test_no_private_name_is_imported_from_another_module():
    private = [f"{name} imports {target}.{n}"
               for name, (path, tree) in modules().items()
               for _, target, names in imports(name, path, tree)
               for n in names if n.startswith("_") and not n.startswith("__")]
    assert private == []


def test_function_level_imports_say_why_they_wait():
    """An import inside a function is allowed to break a real cycle with QGIS or to wait for
    the dependency check; the line above it says so (``# lazy: ...``)."""
    unexplained = []
    for name, (path, tree) in modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and \
                        not lines[node.lineno - 2].strip().startswith("# lazy:"):
                    unexplained.append(f"{name}:{node.lineno}")
    assert unexplained == []


def test_every_dialog_and_panel_has_its_designer_form_beside_it():
    dialogs = PLUGIN / "dialogs"
    controllers = {p.stem for p in dialogs.glob("*.py")} - {"__init__"}
    forms = {p.stem for p in dialogs.glob("*.ui")}
    assert len(controllers) > 5 and controllers == forms
    for stem in controllers:
        source = (dialogs / f"{stem}.py").read_text(encoding="utf-8")
        assert f'uic.loadUiType(os.path.join(os.path.dirname(__file__), "{stem}.ui"))' in \
            source, stem

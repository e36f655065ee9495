"""The layout holds: each capability in its own package, reached through its face, and imports running one way.

Read with ``ast`` from the source files, so an import inside a function or
under ``TYPE_CHECKING`` counts as much as one at the top.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"schemas": "partnerpack.schemas", "forms": "partnerpack.forms", "templates": "partnerpack.templates",
           "generator": "partnerpack.generator"}
G = "partnerpack.generator"

#: Higher layers may import lower ones, never the other way (docs/ARCHITECTURE.md draws the same picture).
LAYERS = {
    "partnerpack.schemas": 0,
    "partnerpack.forms": 1, "partnerpack.templates": 1,
    f"{G}.common": 2,
    f"{G}.store": 3, f"{G}.templating": 3,
    f"{G}.workspace": 4,
    f"{G}.collect": 5, f"{G}.packs": 5, f"{G}.register": 5, f"{G}.review": 5, f"{G}.schedule": 5,
    f"{G}.tracking": 5, f"{G}.demo": 5,
    f"{G}.commands": 6,
    f"{G}.cli": 7,
    G: 8,  # the namespace's own __init__, which nothing needs to import
}
CAPABILITIES = [name for name, layer in LAYERS.items() if layer == 5]
#: The only imports between capabilities: each is a use of another's results, and together they form no cycle.
SIDEWAYS = {
    (f"{G}.packs", f"{G}.register"),      # action-update packs list the register's open actions
    (f"{G}.review", f"{G}.register"),     # the review counts actions done on time
    (f"{G}.review", f"{G}.schedule"),     # ... in the academic year the schedule defines
    (f"{G}.review", f"{G}.tracking"),     # ... and contributions returned on time
    *((f"{G}.demo", other) for other in CAPABILITIES if other != f"{G}.demo"),  # the demo runs everything
}


def modules() -> dict[str, Path]:
    """Every module of the project by its dotted name."""
    found = {}
    for folder, package in FOLDERS.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([package, *parts])] = path
    return found


def imports_of(name: str, path: Path) -> list[str]:
    """The partnerpack modules ``name`` imports, resolved to absolute names."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    targets = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets.append(module)
        elif isinstance(node, ast.Import):
            targets.extend(alias.name for alias in node.names)
    return [target for target in targets if target.startswith("partnerpack.")]


def unit_of(module: str) -> str:
    """The layered unit a module belongs to: the longest key of LAYERS it falls under."""
    return max((unit for unit in LAYERS if module == unit or module.startswith(unit + ".")), key=len)


def test_generator_top_level_holds_only_the_entry_point_and_packages() -> None:
    loose = sorted(path.name for path in (ROOT / "generator").glob("*.py"))
    assert loose == ["__init__.py", "cli.py"]
    packages = {path.parent.name for path in (ROOT / "generator").glob("*/__init__.py")}
    assert {f"{G}.{name}" for name in packages} == {unit for unit in LAYERS if unit.startswith(G + ".")} - {
        f"{G}.cli", G}


def test_every_package_says_what_it_is_for() -> None:
    for init in (ROOT / "generator").glob("*/__init__.py"):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring) > 40, f"{init} needs a docstring saying what the package offers"


def test_imports_run_one_way() -> None:
    wrong = []
    for name, path in modules().items():
        here = unit_of(name)
        for target in imports_of(name, path):
            there = unit_of(target)
            if there == here or LAYERS[there] < LAYERS[here] or (here, there) in SIDEWAYS:
                continue
            wrong.append(f"{name} imports {target}")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_other_packages_are_reached_through_their_faces() -> None:
    """Outside a generator package, only what its __init__ offers is used; its modules are its own business."""
    wrong = []
    for name, path in modules().items():
        here = unit_of(name)
        for target in imports_of(name, path):
            there = unit_of(target)
            if there != here and there.startswith(G + ".") and target != there:
                wrong.append(f"{name} imports {target} instead of {there}")
    assert not wrong, "\n".join(wrong)


def test_the_layer_check_sees_a_wrong_import() -> None:
    """The walk itself works: a store module importing a command would be caught."""
    assert unit_of(f"{G}.store.store") == f"{G}.store"
    assert LAYERS[unit_of(f"{G}.commands.pack")] > LAYERS[unit_of(f"{G}.store.sql")]
    assert f"{G}.store" in imports_of(f"{G}.workspace.folder", ROOT / "generator" / "workspace" / "folder.py")

"""Imports run one way (DESIGN.md): each layer imports only the layers below it.

(1) lib; (2) accounts, registry (which uses accounts' audit log); (3) trajectories;
(4) the domain apps; (5) analysis, interchange, demo. The pages of accounts and registry
(views, forms, URLs, template tags, commands) may use the trajectory's access, since they
are shown inside a trajectory; their core may not. A domain app reads another domain
app's selectors (and listens to its signals) only, and no app imports another app's
views or forms. Analysis tables
never touch the ORM.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "leadtogether"

LAYERS = {
    "lib": 1,
    "accounts": 2,
    "registry": 2,
    "trajectories": 3,
    "plg": 4,
    "actionplans": 4,
    "coaching": 4,
    "surveys": 4,
    "interviews": 4,
    "coding": 4,
    "analysis": 5,
    "interchange": 5,
    "demo": 5,
}
# Within layer 2 the registry records who changed what through accounts' audit log (the
# pages of both may use each other and the trajectory's access).
ALSO_ALLOWED = {("registry", "accounts")}
CORE = {"models", "services", "selectors", "access", "admin", "apps"}
PAGE_MODULES = {"views", "forms"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "leadtogether.registry.views"
    target: str  # the imported module, e.g. "leadtogether.trajectories.access"
    line: int

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[Import]:
    module = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # a relative import: resolve against the package
                package = module.split(".")[: -node.level + (path.name == "__init__.py")]
                base = ".".join([*package, node.module])
            found.append(Import(module, base, node.lineno))
            found += [Import(module, f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


def all_imports() -> list[Import]:
    return [
        found
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts
        for found in _imports(path)
    ]


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "leadtogether" else None


def role_of(module: str) -> str:
    """The kind of module inside its app: "models", "views", "tables" …"""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else ""


def offences(imports: list[Import]) -> list[str]:
    found = []
    for imp in imports:
        source, target = app_of(imp.module), app_of(imp.target)
        if source is None or target is None or source == target:
            continue
        if (source, target) in ALSO_ALLOWED:
            continue
        if source not in LAYERS or target not in LAYERS:
            continue  # settings, URLs, the command line: above every app
        if role_of(imp.target) in PAGE_MODULES and target != "lib":
            found.append(f"{imp}: another app's views or forms")
            continue
        low, high = LAYERS[target], LAYERS[source]
        if source in ("accounts", "registry") and target in (
            "accounts",
            "registry",
            "trajectories",
        ):
            if role_of(imp.module) in CORE and target == "trajectories":
                found.append(f"{imp}: the core of {source} is below trajectories")
            elif role_of(imp.module) in CORE and (source, target) not in ALSO_ALLOWED:
                found.append(f"{imp}: layer 2 imports layer 2")
            continue
        if low == high == 4:
            # "from leadtogether.plg import selectors" names the package, then the module
            if role_of(imp.target) not in ("selectors", "signals", ""):
                found.append(f"{imp}: a domain app reads another's selectors or signals only")
        elif low > high or (low == high and high < 5):
            found.append(f"{imp}: layer {high} imports layer {low}")
    return found


def test_imports_run_one_way():
    assert offences(all_imports()) == []


def test_analysis_tables_touch_no_orm():
    tables = [PACKAGE / "analysis" / "reports.py", *(PACKAGE / "analysis" / "tables").glob("*.py")]
    orm = [
        str(imp)
        for path in tables
        for imp in _imports(path)
        if imp.target.startswith("django.db") or imp.target.endswith(".models")
    ]
    assert orm == []


def test_an_upward_import_is_named_with_its_line():
    imports = [
        Import("leadtogether.registry.services", "leadtogether.trajectories.models", 7),
        Import("leadtogether.lib.tables", "leadtogether.surveys.selectors", 3),
        Import("leadtogether.surveys.services", "leadtogether.trajectories.views", 9),
        Import("leadtogether.registry.views", "leadtogether.trajectories.access", 5),
        Import("leadtogether.plg.services", "leadtogether.actionplans", 4),
        Import("leadtogether.plg.services", "leadtogether.actionplans.selectors", 4),
        Import("leadtogether.coaching.views", "leadtogether.actionplans.services", 6),
    ]
    assert offences(imports) == [
        "leadtogether.registry.services:7 imports leadtogether.trajectories.models: "
        "the core of registry is below trajectories",
        "leadtogether.lib.tables:3 imports leadtogether.surveys.selectors: layer 1 imports layer 4",
        "leadtogether.surveys.services:9 imports leadtogether.trajectories.views: "
        "another app's views or forms",
        "leadtogether.coaching.views:6 imports leadtogether.actionplans.services: "
        "a domain app reads another's selectors or signals only",
    ]

"""Where a rule lives is where the folder tree says: these import rules keep the layers apart.

Every module of a service or of the gateway lies in one of the layers (`LAYERS`), each with its rule:
- a domain (`*/domain/`) is plain model and rules: no database, web, broker or network library,
  and nothing of its part's adapters, service layer, entrypoints, runtime or pages; the gateway's
  file exports (`exports/`) are as plain, and may use its domain;
- a service layer never reaches for the runtime (`bootstrap`), the entrypoints or the pages: the
  entrypoints hand it a unit of work (and, in the gateway, the headers of its calls to the services);
  in the gateway, reads and writes go through the repositories on that unit of work, never through
  SQLAlchemy or `uow.session` itself;
- adapters (tables, repositories, clients of the services) serve the service layer and never call it,
  nor the entrypoints, the pages or the runtime;
- the web pages reach services and the gateway's own data only through the public API client, never
  through the gateway's entrypoints, adapters, service layer or runtime, nor any database or broker;
  of the gateway they import only their own modules and the words (`translations`): what they show of
  its domain (periods, indicators, who reads which trail) the API answers;
- entrypoints may use every layer: they are where a request, an event or a command line comes in.
A part's `translations/` (its gettext catalogues of the words for people) is words, usable from
every layer. No two modules of a part import each other, not even from inside a function. The gateway reads its
environment in one module (`config.py`); a domain does not read it at all.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [path for pattern in ("libs/*/banzu_*", "services/*/banzu_*", "gateway/banzu_*")
            for path in ROOT.glob(pattern) if path.is_dir() and "." not in path.name]

IO_LIBRARIES = ("sqlalchemy", "flask", "flask_smorest", "pika", "urllib3", "requests", "socket", "psycopg",
                "alembic", "werkzeug", "gunicorn", "openpyxl")
IO_SHARED = ("banzu_common.db", "banzu_common.runtime", "banzu_common.web", "banzu_common.unit_of_work",
             "banzu_common.testing", "banzu_common.directory_replica", "banzu_common.credential_replica",
             "banzu_common.messaging.relay", "banzu_common.messaging.consumer", "banzu_common.messaging.outbox",
             "banzu_common.messaging.connection", "banzu_common.messaging.topology",
             "banzu_common.messaging.dead_letters", "banzu_common.scheduler")
OUTER_LAYERS = ("adapters", "service_layer", "entrypoints", "bootstrap", "web", "config")
# What a part's package holds: its layers, the runtime that wires them, its migrations.
LAYERS = ("domain", "adapters", "service_layer", "entrypoints", "bootstrap.py", "migrations", "translations",
          "__init__.py")
GATEWAY_SETTINGS = "config.py"  # the one module of the gateway that reads the environment
GATEWAY_ONLY = ("web", "exports")  # the pages, and the file exports for people
DATA_ACCESS = ("sqlalchemy", "pika", "psycopg", "alembic", "banzu_common.db", "banzu_common.runtime",
               "banzu_common.unit_of_work", "banzu_common.directory_replica", "banzu_common.credential_replica",
               "banzu_common.messaging", "banzu_common.scheduler")


def imports_of(path: Path, package: Path) -> list[str]:
    """Absolute names of every module `path` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = ".".join((package.name, *path.relative_to(package).with_suffix("").parts))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[:-node.level]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.append(module)
            names += [f"{module}.{alias.name}" for alias in node.names]
    return names


def modules(layer_folder: str):
    for package in PACKAGES:
        for path in package.rglob("*.py"):
            relative = path.relative_to(package).parts
            if layer_folder in relative[:-1] and "migrations" not in relative:
                yield package, path


def offending(names: list[str], forbidden) -> list[str]:
    return [name for name in names if any(name == f or name.startswith(f + ".") for f in forbidden)]


def layer_names(package: Path, layers) -> list[str]:
    return [f"{package.name}.{layer}" for layer in layers]


def test_the_rules_see_every_part_and_resolve_relative_imports():
    assert {p.name for p in PACKAGES} >= {"banzu_common", "banzu_competition", "banzu_training", "banzu_credentials",
                                          "banzu_gateway"}
    assert sum(1 for _ in modules("domain")) >= 30
    package = next(p for p in PACKAGES if p.name == "banzu_competition")
    names = imports_of(package / "domain" / "contest.py", package)
    assert "banzu_competition.domain.events" in names and "banzu_common.errors" in names


def breaking(layer: str, forbidden_libraries: tuple[str, ...], forbidden_layers: tuple[str, ...]) -> dict:
    found = {}
    for package, path in modules(layer):
        bad = offending(imports_of(path, package), forbidden_libraries + tuple(layer_names(package, forbidden_layers)))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


@pytest.mark.parametrize("layer, outer", [("domain", OUTER_LAYERS + ("exports",)), ("exports", OUTER_LAYERS)])
def test_a_domain_imports_nothing_with_io(layer, outer):
    found = breaking(layer, IO_LIBRARIES + IO_SHARED, outer)
    assert not found, found


def test_no_service_layer_imports_the_runtime_the_entrypoints_or_the_pages():
    found = breaking("service_layer", (), ("bootstrap", "entrypoints", "web"))
    assert not found, found


def uses_the_session(path: Path) -> bool:
    """Whether the module touches `uow.session`."""
    return any(isinstance(node, ast.Attribute) and node.attr == "session"
               and isinstance(node.value, ast.Name) and node.value.id == "uow"
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


def test_the_gateways_service_layer_reads_and_writes_through_repositories():
    gateway = [(package, path) for package, path in modules("service_layer") if package.name == "banzu_gateway"]
    assert gateway
    found = {str(path.relative_to(ROOT)): bad for package, path in gateway
             if (bad := offending(imports_of(path, package), ("sqlalchemy",)))}
    assert not found, found
    on_the_session = sorted(str(path.relative_to(ROOT)) for _, path in gateway if uses_the_session(path))
    assert not on_the_session, on_the_session


def test_adapters_never_call_the_layers_above_them():
    found = breaking("adapters", (), ("service_layer", "entrypoints", "web", "bootstrap"))
    assert not found, found


def test_web_pages_use_the_public_api_client_only():
    found = breaking("web", DATA_ACCESS, ("entrypoints", "adapters", "service_layer", "bootstrap", "migrations"))
    assert not found, found


def test_the_gateways_pages_import_of_the_gateway_only_their_own_modules_and_the_words():
    allowed = ("banzu_gateway.web", "banzu_gateway.translations")
    found = {}
    for package, path in modules("web"):
        if package.name == "banzu_gateway":
            names = [name for name in imports_of(path, package) if name != package.name]
            bad = [name for name in offending(names, (package.name,)) if not offending([name], allowed)]
            if bad:
                found[str(path.relative_to(ROOT))] = bad
    assert not found, found


@pytest.mark.parametrize("package", [p for p in PACKAGES if p.name != "banzu_common"], ids=lambda p: p.name)
def test_every_module_of_a_part_lies_in_a_layer(package):
    known = LAYERS + (GATEWAY_ONLY + (GATEWAY_SETTINGS,) if package.name == "banzu_gateway" else ())
    outside = sorted(str(path.relative_to(ROOT)) for path in package.rglob("*.py")
                     if path.relative_to(package).parts[0] not in known)
    assert not outside, outside


def module_of(name: str, package: Path) -> Path | None:
    """The file of the part's own module `name` (a module or a package), or None."""
    parts = name.split(".")
    if parts[0] != package.name:
        return None
    base = package.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_no_two_modules_import_each_other(package):
    imported = {path: {module for name in imports_of(path, package) if (module := module_of(name, package))}
                for path in package.rglob("*.py") if "migrations" not in path.relative_to(package).parts}
    pairs = sorted({tuple(sorted(str(p.relative_to(ROOT)) for p in (a, b)))
                    for a, targets in imported.items() for b in targets
                    if a != b and a in imported.get(b, ()) and a.name != "__init__.py" and b.name != "__init__.py"})
    assert not pairs, pairs


def reads_the_environment(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any((isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv")
                and isinstance(node.value, ast.Name) and node.value.id == "os")
               or (isinstance(node, ast.ImportFrom) and node.module == "os"
                   and any(alias.name in ("environ", "getenv") for alias in node.names))
               for node in ast.walk(tree))


def test_the_gateway_reads_its_environment_in_one_place():
    package = next(p for p in PACKAGES if p.name == "banzu_gateway")
    readers = sorted(str(path.relative_to(package)) for path in package.rglob("*.py") if reads_the_environment(path))
    assert readers == [GATEWAY_SETTINGS]

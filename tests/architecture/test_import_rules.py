"""Where a rule lives is where the folder tree says: these import rules keep the layers apart.

- a domain (`*/domain/`) is plain model and rules: no database, web, broker or network library,
  and nothing of its part's adapters, service layer, entrypoints or runtime;
- a service layer never reaches for the runtime (`bootstrap`): the entrypoints hand it a unit of work;
- the web pages reach services and the gateway's own data only through the public API client, never
  through the gateway's entrypoints, edge, adapters, service layer or runtime.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [path for pattern in ("libs/*/banzu_*", "services/*/banzu_*", "gateway/banzu_*")
            for path in ROOT.glob(pattern) if path.is_dir()]

IO_LIBRARIES = ("sqlalchemy", "flask", "flask_smorest", "pika", "urllib3", "requests", "socket", "psycopg",
                "alembic", "werkzeug", "gunicorn", "openpyxl")
IO_SHARED = ("banzu_common.db", "banzu_common.runtime", "banzu_common.web", "banzu_common.unit_of_work",
             "banzu_common.testing", "banzu_common.directory_replica", "banzu_common.credential_replica",
             "banzu_common.messaging.relay", "banzu_common.messaging.consumer", "banzu_common.messaging.outbox",
             "banzu_common.messaging.connection", "banzu_common.messaging.topology",
             "banzu_common.messaging.dead_letters", "banzu_common.scheduler")
OUTER_LAYERS = ("adapters", "service_layer", "entrypoints", "bootstrap", "edge", "web")


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


@pytest.mark.parametrize("layer", ["domain"])
def test_a_domain_imports_nothing_with_io(layer):
    found = {}
    for package, path in modules(layer):
        bad = offending(imports_of(path, package), IO_LIBRARIES + IO_SHARED + tuple(layer_names(package, OUTER_LAYERS)))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    assert not found, found


def test_no_service_layer_imports_the_runtime():
    found = {}
    for package, path in modules("service_layer"):
        bad = offending(imports_of(path, package), layer_names(package, ("bootstrap", "entrypoints", "edge", "web")))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    assert not found, found


def test_web_pages_use_the_public_api_client_only():
    found = {}
    for package, path in modules("web"):
        bad = offending(imports_of(path, package),
                        layer_names(package, ("entrypoints", "edge", "adapters", "service_layer", "bootstrap")))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    assert not found, found

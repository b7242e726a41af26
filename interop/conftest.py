"""Shared by every interop test: the implementations of the world, the
contract's cases, and how to read them. `interop/build` builds the
implementations and writes their manifest first."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "target"
INTEROP = TARGET / "interop"

MANIFEST = INTEROP / "implementations.json"
if not MANIFEST.is_file():
    raise SystemExit(f"{MANIFEST} is missing: run interop/build first (.ci/test does)")
# name -> path of every implementation of the linear-memory world.
IMPLEMENTATIONS = {entry["name"]: Path(entry["component"]) for entry in json.loads(MANIFEST.read_text())}

CASES = json.loads((ROOT / "wit" / "conformance.json").read_text())["cases"]


@pytest.fixture(params=list(IMPLEMENTATIONS))
def implementation(request):
    """(name, path) of each implementation."""
    return request.param, IMPLEMENTATIONS[request.param]


def resolve(value, bindings):
    """`value` written out in full: {"zeros": n} and {"ramp": n} as byte
    lists, {"$": name} (times "*": m, plus "+": n) as the value bound to
    `name`, counts included."""
    if isinstance(value, list):
        return [resolve(v, bindings) for v in value]
    if not isinstance(value, dict):
        return value
    if "$" in value:
        return bindings[value["$"]] * value.get("*", 1) + value.get("+", 0)
    if list(value) == ["zeros"]:
        return [0] * resolve(value["zeros"], bindings)
    if list(value) == ["ramp"]:
        return [i % 256 for i in range(resolve(value["ramp"], bindings))]
    return {k: resolve(v, bindings) for k, v in value.items()}


def applies(case, bindings):
    """Whether `case` applies to the implementation `bindings` were bound on:
    one marked "buffer-len-at-least" needs a buffer that long (the first case
    binds its length as "len")."""
    return bindings.get("len", 0) >= case.get("buffer-len-at-least", 0)

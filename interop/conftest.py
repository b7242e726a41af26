"""Shared by every interop test: the implementations of the world, and the
contract's cases. `interop/test` builds the implementations first."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "target"

# Every implementation of the linear-memory world this project builds.
IMPLEMENTATIONS = {
    "rust": TARGET / "wasm32-wasip2" / "release" / "linear_memory.wasm",
    # The same crate, built by `cargo component build` (wasm32-wasip1).
    "rust-cargo-component": TARGET / "wasm32-wasip1" / "release" / "linear_memory.wasm",
    "go": TARGET / "interop" / "go" / "linear_memory_go.wasm",
}

CASES = json.loads((ROOT / "wit" / "conformance.json").read_text())["cases"]


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def implementation(request):
    """(name, path) of each implementation; missing ones fail, not skip."""
    path = IMPLEMENTATIONS[request.param]
    if not path.is_file():
        pytest.fail(f"{path} is missing: interop/test builds it")
    return request.param, path


def expand(value):
    """`value` with every {"zeros": n} and {"ramp": n} written out in full."""
    if isinstance(value, list):
        return [expand(v) for v in value]
    if isinstance(value, dict):
        if list(value) == ["zeros"]:
            return [0] * value["zeros"]
        if list(value) == ["ramp"]:
            return [i % 256 for i in range(value["ramp"])]
        return {k: expand(v) for k, v in value.items()}
    return value

"""The wasmtime CLI as a host: `wasmtime run --invoke` calls one function of
an implementation per run, by its qualified name, with arguments and result
in WAVE. Each run starts a fresh instance, so it runs the single-call cases
of wit/conformance.json, in order, names bound by one holding for the next."""

import os
import subprocess

from conftest import CASES, applies, resolve
from host import wave

WASMTIME = os.environ.get("WASMTIME", "wasmtime")
INTERFACE = "wasm-by-example:linear-memory/buffer"
VERSION = "0.1.0"

SINGLE_CALLS = [case for case in CASES if len(case["calls"]) == 1]


def invoke(path, name, args):
    """`wasmtime run --invoke 'pkg:name/iface.func@version(args)' path`, stdout stripped."""
    qualified = f"{INTERFACE}.{name}@{VERSION}({', '.join(wave(a) for a in args)})"
    result = subprocess.run([WASMTIME, "run", "--invoke", qualified, str(path)],
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_the_single_call_cases_cover_every_function():
    assert len({case["calls"][0]["call"] for case in SINGLE_CALLS}) == 10


def test_every_single_call_case(implementation):
    _, path = implementation
    bindings = {}
    for case in SINGLE_CALLS:
        if not applies(case, bindings):
            continue
        call = case["calls"][0]
        got = invoke(path, call["call"], resolve(call["args"], bindings))
        if "expect" in call:
            assert got == wave(resolve(call["expect"], bindings)), call
        if "bind" in call:
            bindings[call["bind"]] = int(got)


def test_each_run_is_a_fresh_instance(implementation):
    _, path = implementation
    assert invoke(path, "store", [0, 24]) == "ok"
    assert invoke(path, "load", [0]) == "ok(0)"

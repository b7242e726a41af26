"""The Python host against every implementation: the contract's cases, and
the lesson."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CASES, TARGET, applies, resolve
from host import CHECKER, MAX_MEMORY, Instance, notation

LESSON = Path(__file__).with_name("lesson.py")


def test_every_case_of_the_contract(implementation):
    _, path = implementation
    bindings = {}
    for case in CASES:
        if not applies(case, bindings):
            continue
        instance = Instance(path)
        for step, call in enumerate(case["calls"]):
            args = [bytes(a) if isinstance(a, list) else a for a in resolve(call["args"], bindings)]
            got = notation(call["call"], instance.call(call["call"], *args))
            if "expect" in call:
                assert got == resolve(call["expect"], bindings), f"{case['name']}, call {step}: {call['call']}"
            if "bind" in call:
                bindings[call["bind"]] = got


def test_the_lesson(implementation):
    _, path = implementation
    out = subprocess.run([sys.executable, LESSON, path], capture_output=True, text=True, check=True).stdout
    assert "read(0, 2) -> [24, 0]" in out
    assert "the component reads 25" in out
    assert "load(65536) -> err(out-of-bounds({offset: 65536, len: 1, buffer-len: 65536}))" in out


def test_behind_the_checker_a_growth_the_host_refuses_below_4_gib_is_allowed(implementation):
    """The checker cannot know the host's memory cap (here MAX_MEMORY): a
    refusal below 4 GiB is one the contract allows, not a violation."""
    _, path = implementation
    instance = Instance(path, checker=CHECKER)
    pages = instance.call("memory-pages")
    too_many = MAX_MEMORY // 65536 + 1
    got = notation("grow-memory", instance.call("grow-memory", too_many))
    assert got == {"err": {"grow-refused": {"current-pages": pages, "requested-pages": too_many}}}
    assert instance.violation() is None
    assert notation("grow-memory", instance.call("grow-memory", 0)) == {"ok": pages}


# The Rust tests write these (runner/tests/all/lies.rs): an honest fixture,
# and components that answer what the contract rules out without trapping.
LIES = TARGET / "lies"


def lying_components():
    found = sorted(LIES.glob("lie-*.wasm"))
    assert found, f"no lying components in {LIES}: cargo test writes them (.ci/test runs it first)"
    return found


def run_lesson(path):
    return subprocess.run([sys.executable, LESSON, path], capture_output=True, text=True, timeout=60)


def test_the_lesson_runs_on_the_honest_fixture():
    run = run_lesson(LIES / "honest.wasm")
    assert run.returncode == 0, run.stderr
    assert "read(31, 2) -> err(out-of-bounds({offset: 31, len: 2, buffer-len: 32}))" in run.stdout


def test_a_component_that_lies_is_one_line_and_exit_status_1():
    for path in lying_components():
        run = run_lesson(path)
        assert run.returncode == 1, f"{path.name}: {run.stdout}{run.stderr}"
        assert run.stderr.startswith(f"error: {path} broke the contract: "), run.stderr
        assert len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr, run.stderr


# Numbers the WIT types cannot hold: wasmtime-py would wrap the integers.
BAD_ARGUMENTS = [
    ("store", (2**32, 99)),
    ("store", (0, 256)),
    ("store", (-1, 99)),
    ("store", (0.5, 99)),
    ("store", (True, 99)),
    ("store-value-in-wasm-memory-buffer-index-zero", (280,)),
    ("write", (2**32 + 1, b"\x63")),
    ("write", (0, [99, 300])),
    ("read", (0, 2**32)),
    ("load", ("0",)),
    ("grow-memory", (2**32 + 1,)),
    ("store", (0,)),
]


def test_bad_arguments_are_refused_before_any_call(implementation):
    _, path = implementation
    instance = Instance(path)
    instance.call("write", 0, bytes([24, 25]))
    pages = instance.call("memory-pages")
    for name, args in BAD_ARGUMENTS:
        with pytest.raises(ValueError, match=rf"^{name}"):
            instance.call(name, *args)
    assert instance.call("read", 0, 2) == bytes([24, 25])
    assert instance.call("memory-pages") == pages

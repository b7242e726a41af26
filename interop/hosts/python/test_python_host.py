"""The Python host against every implementation: the contract's cases, and
the lesson."""

import subprocess
import sys
from pathlib import Path

from conftest import CASES, resolve
from host import Instance, notation

LESSON = Path(__file__).with_name("lesson.py")


def test_every_case_of_the_contract(implementation):
    _, path = implementation
    bindings = {}
    for case in CASES:
        instance = Instance(path)
        for step, call in enumerate(case["calls"]):
            args = [bytes(resolve(a, {})) if isinstance(a, (list, dict)) else a for a in call["args"]]
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

"""The Python host against every implementation: the contract's cases, and
the lesson."""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES, expand
from host import Buffer, notation

LESSON = Path(__file__).with_name("lesson.py")


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_conformance(implementation, case):
    _, path = implementation
    buffer = Buffer(path)
    for step, call in enumerate(case["calls"]):
        args = [bytes(expand(a)) if isinstance(a, (list, dict)) else a for a in call["args"]]
        got = notation(call["call"], buffer.call(call["call"], *args))
        if "expect" in call:
            assert got == expand(call["expect"]), f"call {step}: {call['call']}{tuple(call['args'])}"


def test_lesson(implementation):
    _, path = implementation
    out = subprocess.run([sys.executable, LESSON, path], capture_output=True, text=True, check=True).stdout
    assert "read(0, 2) -> [24, 0]" in out
    assert "the component reads 25" in out
    assert "load(buffer-len) -> out-of-bounds: index 65536 is outside the 65536-byte buffer" in out

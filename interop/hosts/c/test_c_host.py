"""The C host against every implementation: the lesson, line for line the
Python host's, the contract's cases, and the same one line as every other
host for a component that lies or cannot be used. `.ci/test` builds the C
host first (cargo build -p linear-memory-c-host)."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TARGET

C_HOST = TARGET / "debug" / "c-host"
PYTHON_LESSON = ROOT / "interop" / "hosts" / "python" / "lesson.py"
LIES = TARGET / "lies"


def c_host(*args):
    assert C_HOST.is_file(), f"no {C_HOST}: cargo build -p linear-memory-c-host"
    return subprocess.run([C_HOST, *map(str, args)], capture_output=True, text=True, timeout=120)


def python_lesson(path):
    return subprocess.run([sys.executable, PYTHON_LESSON, path], capture_output=True, text=True, timeout=120)


def test_the_lesson_prints_the_python_hosts_lines(implementation):
    _, path = implementation
    run = c_host("lesson", path)
    assert run.returncode == 0, run.stderr
    assert "load(65536) -> err(out-of-bounds({offset: 65536, len: 1, buffer-len: 65536}))" in run.stdout
    assert run.stdout == python_lesson(path).stdout.replace("Python", "C")


def test_every_case_of_the_contract_passes(implementation):
    _, path = implementation
    run = c_host("cases", path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"31 of 31 cases passed on {path}\n"


def test_the_cases_hold_for_any_buffer_length():
    """The honest fixture's buffer is 32 bytes: every case holds, but the one
    that needs a buffer of 1004 bytes or more, which is skipped."""
    path = LIES / "honest.wasm"
    run = c_host("cases", path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"30 of 30 cases passed on {path} (1 skipped: the buffer is too short)\n"


def test_a_case_that_fails_is_a_line_and_exit_status_1():
    """A lie: read returns one byte more than it was asked for."""
    run = c_host("cases", LIES / "lie-read-returns-too-much.wasm")
    assert run.returncode == 1
    assert 'FAIL read inside a fresh buffer, call 0 (read): got {"ok":[0,0,0]}, expected {"ok":[0,0]}\n' in run.stderr
    assert run.stdout.startswith("16 of 30 cases passed")
    assert all(len(line) < 400 for line in run.stderr.splitlines())


def lying_components():
    found = sorted(LIES.glob("lie-*.wasm"))
    assert found, f"no lying components in {LIES}: cargo test writes them (.ci/test runs it first)"
    return found


def test_a_component_that_lies_gets_the_python_hosts_line():
    for path in lying_components():
        run = c_host("lesson", path)
        assert run.returncode == 1, f"{path.name}: {run.stdout}{run.stderr}"
        assert run.stderr.startswith(f"error: {path} broke the contract: "), run.stderr
        assert run.stderr == python_lesson(path).stderr, path.name


@pytest.mark.parametrize(
    "path, says",
    [
        ("/no/such/file.wasm", "cannot read the file: No such file or directory"),
        (ROOT / "README.md", "(at offset 0x0)"),
        (TARGET / "interop" / "compositions" / "rust-client+rust.wasm", "it does not export wasm-by-example:"),
    ],
    ids=["a missing file", "not wasm", "a component of another world"],
)
def test_bad_input_is_one_line_and_exit_status_1(path, says):
    run = c_host("lesson", path)
    assert run.returncode == 1, run.stdout
    assert run.stderr.startswith(f"error: {path} cannot be used as a linear-memory component: "), run.stderr
    assert len(run.stderr.splitlines()) == 1, run.stderr
    assert says in run.stderr


def test_usage():
    run = c_host("teach", "x.wasm")
    assert run.returncode == 2
    assert run.stderr.startswith("usage: c-host lesson COMPONENT.wasm")

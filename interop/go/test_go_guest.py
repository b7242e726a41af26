"""The Go implementation, through the Rust runner's command line: it
imports WASI (Go's runtime needs it), the runner grants nothing, and the
lesson runs the same."""

import subprocess

from conftest import IMPLEMENTATIONS, TARGET

RUNNER = TARGET / "debug" / "runner"


def test_the_runner_runs_the_lesson_on_the_go_component():
    result = subprocess.run([RUNNER, "--component", IMPLEMENTATIONS["go"]],
                            capture_output=True, text=True, check=True)
    out = result.stdout
    assert "imports wasi:cli/environment@" in out and "(granted nothing)" in out
    assert "read(0, 2) -> ok([24, 0])" in out
    assert "read-wasm-memory-buffer-and-return-index-one() -> 25" in out
    assert "the buffer did not move" in out
    assert "load(65536) -> err(out-of-bounds({offset: 65536, len: 1, buffer-len: 65536}))" in out

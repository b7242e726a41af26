"""Composition: `wac plug` satisfies the lesson client's import of the
buffer interface with an implementation, and plain `wasmtime run` runs the
whole lesson in one instance of the composition."""

import os
import re
import subprocess

from conftest import TARGET

WAC = os.environ.get("WAC", "wac")
WASMTIME = os.environ.get("WASMTIME", "wasmtime")
CLIENT = TARGET / "wasm32-wasip2" / "release" / "lesson-client.wasm"


def test_the_lesson_runs_composed_with_each_implementation(implementation, tmp_path):
    name, path = implementation
    composed = tmp_path / f"lesson-{name}.wasm"
    subprocess.run([WAC, "plug", str(CLIENT), "--plug", str(path), "-o", str(composed)], check=True)
    out = subprocess.run([WASMTIME, "run", str(composed)], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    assert re.fullmatch(r"The buffer is at address [1-9][0-9]* of the implementation's memory\.", lines[0])
    assert lines[1].endswith("read(0, 2) -> [24, 0]")
    assert lines[2].endswith("read-wasm-memory-buffer-and-return-index-one() -> 25")
    pages = re.search(r"grow-memory\(1\) -> (\d+); memory-pages\(\) (\d+) -> (\d+); the buffer stayed put", lines[3])
    assert pages and pages[1] == pages[2] and int(pages[3]) == int(pages[2]) + 1, lines[3]
    assert lines[4].endswith("read(0, 2) -> [24, 25]")
    assert lines[5] == ("Part 4: load(65536) -> Err(Error::OutOfBounds(OutOfBounds "
                        "{ offset: 65536, len: 1, buffer-len: 65536 }))")


def test_the_client_alone_cannot_run():
    """Unplugged, the import of the buffer interface is unsatisfied."""
    result = subprocess.run([WASMTIME, "run", str(CLIENT)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "wasm-by-example:linear-memory/buffer@0.1.0" in result.stderr

"""The lesson clients (Rust, Python, JavaScript), each composed with the
checker in front of each implementation (Rust, Go, C) by `wac plug`, run by
plain `wasmtime run`. interop/build makes the compositions."""

import os
import re
import subprocess
from string import Template

import pytest

from conftest import INTEROP, TARGET

WAC = os.environ.get("WAC", "wac")
WASMTIME = os.environ.get("WASMTIME", "wasmtime")
CLIENTS = ["rust", "python", "js"]
COMPOSED_WITH = ["rust", "go", "c"]

# The lesson every client prints, with what differs between implementations
# (where the buffer is, how big memory is) as $pointer and $pages.
LESSON = Template("""\
The buffer is at address $pointer of the implementation's memory.
Part 1: store-value-in-wasm-memory-buffer-index-zero(24); read(0, 2) -> [24, 0]
Part 2: write(1, [25]); read-wasm-memory-buffer-and-return-index-one() -> 25
Part 3: memory-pages() -> $pages; grow-memory(1) -> ok($pages); memory-pages() -> $pages_plus_1
Part 4: load(65536) -> err(out-of-bounds({offset: 65536, len: 1, buffer-len: 65536}))
Part 5: write(2, "crossed by copy") -> ok; read(2, 15) -> "crossed by copy"
""")


def run(composition):
    return subprocess.run([WASMTIME, "run", str(composition)], capture_output=True, text=True)


def lesson_of(output):
    """The pointer and page count a lesson's output shows, and the output
    with them written as LESSON writes them."""
    pointer = int(re.search(r"at address (\d+) ", output)[1])
    pages = int(re.search(r"memory-pages\(\) -> (\d+);", output)[1])
    general = LESSON.substitute(pointer=pointer, pages=pages, pages_plus_1=pages + 1)
    return pointer, pages, general


@pytest.mark.parametrize("implementation", COMPOSED_WITH)
def test_every_client_prints_the_same_lesson(implementation):
    seen = set()
    for client in CLIENTS:
        result = run(INTEROP / "compositions" / f"{client}-client+{implementation}.wasm")
        assert result.returncode == 0, f"{client} client: {result.stderr}"
        assert result.stderr == ""
        pointer, pages, expected = lesson_of(result.stdout)
        assert result.stdout == expected, f"{client} client"
        seen.add((pointer, pages))
    assert len(seen) == 1, f"the clients saw different buffers: {seen}"


# A lying implementation the runner's tests write (runner/tests/all/lies.rs):
# its read(0, 2) returns one byte too many.
LIAR = TARGET / "lies" / "lie-read-returns-too-much.wasm"


@pytest.mark.parametrize("client", CLIENTS)
def test_the_checker_stops_a_client_on_an_implementation_that_breaks_the_contract(client, tmp_path):
    checked = tmp_path / "checked.wasm"
    plug(TARGET / "wasm32-wasip2" / "release" / "linear_memory_checker.wasm", LIAR, checked)
    composed = tmp_path / "composed.wasm"
    plug(INTEROP / "clients" / f"{client}.wasm", checked, composed)
    result = run(composed)
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        "error: the implementation broke the contract: read(0, 2) returned ok([24, 0, 0]), expected ok([24, 0])"
    )
    assert "Part 1" not in result.stdout, "the client never saw the answer"


def test_a_client_alone_on_a_lying_implementation_prints_what_it_is_told(tmp_path):
    """Why the checker is there: the clients hold no rules of their own."""
    composed = tmp_path / "unchecked.wasm"
    plug(INTEROP / "clients" / "rust.wasm", LIAR, composed)
    result = run(composed)
    assert "Part 1: store-value-in-wasm-memory-buffer-index-zero(24); read(0, 2) -> [24, 0, 0]" in result.stdout


def plug(socket, plug, out):
    subprocess.run([WAC, "plug", str(socket), "--plug", str(plug), "-o", str(out)], check=True)


def test_a_client_alone_cannot_run():
    """Unplugged, the import of the buffer interface is unsatisfied."""
    result = run(INTEROP / "clients" / "rust.wasm")
    assert result.returncode != 0
    assert "wasm-by-example:linear-memory/buffer@0.1.0" in result.stderr

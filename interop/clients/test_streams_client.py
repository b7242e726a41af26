"""The streams client composed with the Rust streams implementation by
`wac plug`, run by `wasmtime run`: stream<u8> between two components, with
WASI 0.3's async `run`. interop/build makes the composition."""

import os
import re
import subprocess

import pytest

from conftest import INTEROP

WASMTIME = os.environ.get("WASMTIME", "wasmtime")
COMPOSITION = INTEROP / "compositions" / "streams-client+rust-streams.wasm"

# What the client prints, the buffer's address aside ($pointer).
EXPECTED = """\
The buffer is 65536 bytes at address {pointer} of the implementation's memory.
write-via-stream(0, 65536, <stream of 65536 bytes>) -> ok(65536)   one copy, from this memory into the buffer
read(0, 65536) -> ok([65536 bytes, as streamed])   a list: copied byte by byte between the memories
read-via-stream(0, 65536) -> ok([65536 bytes, as streamed])   one copy, from the buffer into this memory
write-ring-via-stream(<stream of 262147 bytes>) -> 262147   one call, 5 rounds, each from this memory into the buffer
write-ring-via-stream(<stream of 262147 bytes in pieces of [1, 7, 1000, 4093]>) -> 262147   the same, a piece a write: rounds end inside pieces
write-ring-via-stream(<stream>) cancelled after 4 bytes: read(0, 8) -> ok([114, 105, 110, 103, 197, 198, 199, 200])   the 4 that arrived are at 0..4, the rest kept what it held
write-via-stream(2, 17, "crossed by stream") -> ok(17); read-via-stream(2, 17) -> "crossed by stream"
write-via-stream(32, 8, <stream>) cancelled after 4 bytes: read(32, 8) -> ok([104, 97, 108, 102, 229, 230, 231, 232])   the 4 that arrived stay, the rest kept what it held
"""


@pytest.mark.parametrize(
    "flags",
    [[], ["-W", "component-model-async=y", "-S", "p3=y"]],
    ids=["defaults", "async-and-p3-named"],
)
def test_the_streams_client_runs_under_the_wasmtime_cli(flags):
    """The CLI built with component-model-async turns the async ABI on by
    default, and runs a WASI 0.3 command's async `run`; it cancels a
    write-ring-via-stream and a write-via-stream midway and reads what each
    stored."""
    result = subprocess.run([WASMTIME, "run", *flags, str(COMPOSITION)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    pointer = int(re.search(r"at address (\d+) ", result.stdout)[1])
    assert result.stdout == EXPECTED.format(pointer=pointer)


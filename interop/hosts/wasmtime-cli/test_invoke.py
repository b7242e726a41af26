"""The wasmtime CLI (`wasmtime run --invoke`) calls each function of every
implementation by its qualified name and prints the result in WAVE. Each
run starts a fresh instance, so nothing carries over between runs."""

import os
import re
import subprocess

WASMTIME = os.environ.get("WASMTIME", "wasmtime")
INTERFACE = "wasm-by-example:linear-memory/buffer"
VERSION = "0.1.0"


def invoke(path, call):
    """`wasmtime run --invoke 'pkg:name/iface.func@version(args)' path`, stdout stripped."""
    name, args = call.split("(", 1)
    qualified = f"{INTERFACE}.{name}@{VERSION}({args}"
    result = subprocess.run([WASMTIME, "run", "--invoke", qualified, str(path)],
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_every_function(implementation):
    _, path = implementation
    expected = {
        "store-value-in-wasm-memory-buffer-index-zero(24)": "()",
        "read-wasm-memory-buffer-and-return-index-one()": "0",
        "buffer-len()": "65536",
        "store(0, 24)": "ok",
        "load(0)": "ok(0)",
        "load(65536)": "err(out-of-bounds({offset: 65536, len: 1, buffer-len: 65536}))",
        "write(1, [25])": "ok",
        "read(0, 2)": "ok([0, 0])",
        "read(65535, 2)": "err(out-of-bounds({offset: 65535, len: 2, buffer-len: 65536}))",
        "write(4294967295, [9])": "err(out-of-bounds({offset: 4294967295, len: 1, buffer-len: 65536}))",
    }
    for call, want in expected.items():
        assert invoke(path, call) == want, call
    # The implementation chooses where the buffer is and how big memory is.
    pointer = invoke(path, "get-wasm-memory-buffer-pointer()")
    pages = invoke(path, "memory-pages()")
    assert re.fullmatch(r"[1-9][0-9]*", pointer), pointer
    assert re.fullmatch(r"[1-9][0-9]*", pages), pages
    assert int(pointer) + 65536 <= int(pages) * 65536
    assert invoke(path, "grow-memory(1)") == f"ok({pages})"
    assert invoke(path, "grow-memory(65536)") == (
        f"err(grow-refused({{current-pages: {pages}, requested-pages: 65536}}))")


def test_each_run_is_a_fresh_instance(implementation):
    _, path = implementation
    assert invoke(path, "store(0, 24)") == "ok"
    assert invoke(path, "load(0)") == "ok(0)"

"""The linear-memory lesson from Python: the seed's two parts and growth.

    python interop/python/lesson.py target/wasm32-wasip2/release/linear_memory.wasm
"""

import sys

from host import Buffer, describe


def lesson(path):
    buffer = Buffer(path)
    pointer = buffer.call("get-wasm-memory-buffer-pointer")
    print(f"The buffer is at address {pointer} of the component's memory; "
          "Python gets a number, and copies.")
    buffer.call("store-value-in-wasm-memory-buffer-index-zero", 24)
    print(f"Part 1: the component stored 24 at index 0; read(0, 2) -> {list(buffer.call('read', 0, 2))}")
    buffer.call("write", 1, bytes([25]))
    index_one = buffer.call("read-wasm-memory-buffer-and-return-index-one")
    print(f"Part 2: Python wrote 25 at index 1; the component reads {index_one}")
    before = buffer.call("memory-pages")
    previous = buffer.call("grow-memory", 1)
    after = buffer.call("memory-pages")
    print(f"Part 3: grow-memory(1) -> {previous}; memory grew from {before} to {after} pages, "
          f"the buffer stayed at {buffer.call('get-wasm-memory-buffer-pointer')}")
    refused = buffer.call("load", buffer.call("buffer-len"))
    print(f"Part 4: load(buffer-len) -> {refused.tag}: {describe(refused)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: lesson.py COMPONENT.wasm")
    lesson(sys.argv[1])

"""The linear-memory lesson from a Python host: the seed's two parts, growth
and a refusal, through wasmtime-py.

    python3 interop/hosts/python/lesson.py target/wasm32-wasip2/release/linear_memory.wasm
"""

import sys

from host import Instance, notation, wave


def lesson(path):
    instance = Instance(path)
    pointer = instance.call("get-wasm-memory-buffer-pointer")
    print(f"The buffer is at address {pointer} of the component's memory; "
          "Python gets a number, and copies.")
    instance.call("store-value-in-wasm-memory-buffer-index-zero", 24)
    print(f"Part 1: the component stored 24 at index 0; read(0, 2) -> {list(instance.call('read', 0, 2))}")
    instance.call("write", 1, bytes([25]))
    index_one = instance.call("read-wasm-memory-buffer-and-return-index-one")
    print(f"Part 2: Python wrote 25 at index 1; the component reads {index_one}")
    before = instance.call("memory-pages")
    previous = instance.call("grow-memory", 1)
    after = instance.call("memory-pages")
    print(f"Part 3: grow-memory(1) -> {previous}; memory grew from {before} to {after} pages, "
          f"the buffer stayed at {instance.call('get-wasm-memory-buffer-pointer')}")
    length = instance.call("buffer-len")
    refused = notation("load", instance.call("load", length))
    print(f"Part 4: load({length}) -> {wave(refused)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: lesson.py COMPONENT.wasm")
    lesson(sys.argv[1])

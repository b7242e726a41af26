"""The linear-memory lesson from a Python host: the seed's two parts, growth
and a refusal, through wasmtime-py.

    cargo build --release --target wasm32-wasip2 -p linear-memory-checker
    python3 interop/hosts/python/lesson.py target/wasm32-wasip2/release/linear_memory.wasm

The lesson holds no rules of the contract: it calls the implementation
through the checker component (`interop/checker`, the contract's rules),
which traps on any answer the contract rules out. A component that cannot
be loaded, traps, refuses what the lesson needs or breaks the contract ends
the lesson with one line on stderr naming the file, and exit status 1.
"""

import sys

from host import CHECKER, Instance, notation, wave
from wasmtime import WasmtimeError

# A growth no 32-bit memory has room for: 4 GiB, in 64 KiB pages.
FOUR_GIB = 65536


class Stop(Exception):
    """Why the lesson stopped: one line, after the file's name."""


class Lesson:
    """Calls into one instance, through the checker."""

    def __init__(self, path):
        try:
            self.instance = Instance(path, checker=CHECKER)
        except (WasmtimeError, ValueError, OSError) as error:
            raise Stop(f"cannot be used as a linear-memory component: {first_line(error)}") from None

    def call(self, name, *args):
        try:
            return notation(name, self.instance.call(name, *args))
        except WasmtimeError as error:
            violation = self.instance.violation()
            if violation:
                raise Stop(f"broke the contract: {violation}") from None
            raise Stop(f"trapped in {name}: {first_line(error)}") from None

    def request(self, name, *args):
        """A call whose result is `result<T, error>`, expected to be `ok`."""
        got = self.call(name, *args)
        if "err" in got:
            raise Stop(f"refused {name}{tuple(args)}: {wave(got)}")
        return got["ok"]

    def show(self, name, *args):
        """Makes a call and prints it with its answer."""
        got = self.call(name, *args)
        print(f"  {name}({', '.join(map(str, args))}) -> {wave(got)}")


def first_line(error):
    """What wasmtime said, in one line: for a trap, its cause (the last line,
    after the wasm backtrace)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    return lines[-1] if "Caused by:" in lines else lines[0]


def lesson(path):
    lesson = Lesson(path)
    pointer = lesson.call("get-wasm-memory-buffer-pointer")
    print(f"The buffer is at address {pointer} of the component's memory; "
          "Python gets a number, and copies.")

    lesson.call("store-value-in-wasm-memory-buffer-index-zero", 24)
    first = lesson.request("read", 0, 2)
    print(f"Part 1: the component stored 24 at index 0; read(0, 2) -> {first}")

    lesson.request("write", 1, bytes([25]))
    index_one = lesson.call("read-wasm-memory-buffer-and-return-index-one")
    print(f"Part 2: Python wrote 25 at index 1; the component reads {index_one}")

    before = lesson.call("memory-pages")
    previous = lesson.request("grow-memory", 1)
    after = lesson.call("memory-pages")
    moved = lesson.call("get-wasm-memory-buffer-pointer")
    print(f"Part 3: grow-memory(1) -> {previous}; memory grew from {before} to {after} pages, "
          f"the buffer stayed at {moved}")

    print("Part 4: bad requests are error values")
    length = lesson.call("buffer-len")
    lesson.show("load", length)
    lesson.show("read", length - 1, 2)
    lesson.show("grow-memory", FOUR_GIB)


def main(argv):
    if len(argv) != 2:
        print("usage: lesson.py COMPONENT.wasm", file=sys.stderr)
        return 2
    if not CHECKER.is_file():
        print(f"error: no checker component at {CHECKER}: build it with "
              "cargo build --release --target wasm32-wasip2 -p linear-memory-checker", file=sys.stderr)
        return 2
    try:
        lesson(argv[1])
    except Stop as stop:
        print(f"error: {argv[1]} {stop}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

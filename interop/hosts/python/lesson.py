"""The linear-memory lesson from a Python host: the seed's two parts, growth
and a refusal, through wasmtime-py.

    python3 interop/hosts/python/lesson.py target/wasm32-wasip2/release/linear_memory.wasm

Every answer is checked against the contract before it is used, as the Rust
runner does: a component that cannot be loaded, traps, refuses what the
lesson needs or answers what the contract rules out ends the lesson with one
line on stderr naming the file, and exit status 1.
"""

import sys

from host import Instance, notation, wave
from wasmtime import WasmtimeError

# The lesson uses index 0 and index 1.
LEAST_BUFFER_LEN = 2
# 4 GiB: the most a 32-bit linear memory can hold, in 64 KiB pages.
MOST_PAGES = 65536
PAGE = 65536


class Stop(Exception):
    """Why the lesson stopped: one line, after the file's name."""


class Lesson:
    """Calls into one instance, checking each answer."""

    def __init__(self, path):
        try:
            self.instance = Instance(path)
        except (WasmtimeError, ValueError, OSError) as error:
            raise Stop(f"cannot be used as a linear-memory component: {first_line(error)}") from None

    def call(self, name, *args):
        try:
            return self.instance.call(name, *args)
        except WasmtimeError as error:
            raise Stop(f"trapped in {name}: {first_line(error)}") from None

    def request(self, name, *args):
        """A call whose result is `result<T, error>`, expected to be `ok`."""
        got = notation(name, self.call(name, *args))
        if "err" in got:
            raise Stop(f"refused {name}{tuple(args)}: {wave(got)}")
        return got["ok"]

    def pages(self):
        pages = self.call("memory-pages")
        expect(pages <= MOST_PAGES, f"memory-pages() is {pages}, expected at most {MOST_PAGES} (4 GiB)")
        return pages

    def read(self, offset, length):
        got = self.request("read", offset, length)
        expect(len(got) == length, f"read({offset}, {length}) returned {len(got)} bytes, expected {length}")
        return got


def expect(holds, detail):
    if not holds:
        raise Stop(f"broke the contract: {detail}")


def first_line(error):
    """What wasmtime said, in one line: for a trap, its cause (the last line,
    after the wasm backtrace)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    return lines[-1] if "Caused by:" in lines else lines[0]


def refused(lesson, name, args, wanted):
    """Calls `name` expecting exactly the error `wanted`, and prints it."""
    got = notation(name, lesson.call(name, *args))
    call = f"{name}({', '.join(map(str, args))})"
    expect(got == {"err": wanted}, f"{call} returned {wave(got)}, expected {wave({'err': wanted})}")
    print(f"  {call} -> {wave(got)}")


def lesson(path):
    lesson = Lesson(path)
    pointer = lesson.call("get-wasm-memory-buffer-pointer")
    length = lesson.call("buffer-len")
    start = lesson.pages()
    expect(length >= LEAST_BUFFER_LEN, f"buffer-len() is {length}, expected at least {LEAST_BUFFER_LEN}")
    end = pointer + length
    expect(end <= start * PAGE,
           f"the buffer (pointer {pointer}, {length} bytes) ends at {end}, past the end of the {start}-page memory")
    print(f"The buffer is at address {pointer} of the component's memory; "
          "Python gets a number, and copies.")

    lesson.call("store-value-in-wasm-memory-buffer-index-zero", 24)
    first = lesson.read(0, 2)
    expect(first[0] == 24, f"index 0 is {first[0]}, expected 24")
    print(f"Part 1: the component stored 24 at index 0; read(0, 2) -> {first}")

    lesson.request("write", 1, bytes([25]))
    index_one = lesson.call("read-wasm-memory-buffer-and-return-index-one")
    expect(index_one == 25, f"index 1 is {index_one}, expected 25")
    print(f"Part 2: Python wrote 25 at index 1; the component reads {index_one}")

    before = lesson.pages()
    previous = lesson.request("grow-memory", 1)
    expect(previous == before, f"grow-memory's previous size is {previous}, expected {before}")
    after = lesson.pages()
    expect(after == before + 1, f"memory-pages after growing by 1 is {after}, expected {before + 1}")
    moved = lesson.call("get-wasm-memory-buffer-pointer")
    expect(moved == pointer, f"the pointer after growing is {moved}, expected {pointer}")
    print(f"Part 3: grow-memory(1) -> {previous}; memory grew from {before} to {after} pages, "
          f"the buffer stayed at {moved}")

    expect(lesson.call("buffer-len") == length, "buffer-len() changed during the lesson")
    print("Part 4: bad requests are error values")

    def out_of_bounds(offset, count):
        return {"out-of-bounds": {"offset": offset, "len": count, "buffer-len": length}}

    refused(lesson, "load", (length,), out_of_bounds(length, 1))
    refused(lesson, "read", (length - 1, 2), out_of_bounds(length - 1, 2))
    grow_refused = {"grow-refused": {"current-pages": after, "requested-pages": MOST_PAGES}}
    refused(lesson, "grow-memory", (MOST_PAGES,), grow_refused)


def main(argv):
    if len(argv) != 2:
        print("usage: lesson.py COMPONENT.wasm", file=sys.stderr)
        return 2
    try:
        lesson(argv[1])
    except Stop as stop:
        print(f"error: {argv[1]} {stop}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

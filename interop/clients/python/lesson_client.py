"""The lesson-client world in Python: the lesson, run through the buffer
interface this component imports, with every answer checked.

componentize-py makes it a component (the bindings, `wit_world`, are
generated at build time):

    componentize-py -d wit -w lesson-client componentize -p interop/clients/python lesson_client \
        -o lesson_client_python.wasm

Composed with an implementation (`wac plug`), `wasmtime run` runs it. It
prints the same lines as the Rust client (../rust/src/lib.rs).
"""

import sys

from componentize_py_types import Err
from wit_world import exports
from wit_world.imports import buffer

# What part 5 writes: bytes that cross from this component's memory into the
# implementation's by copy.
MESSAGE = b"crossed by copy"


class Broken(Exception):
    """An answer the contract does not allow."""


class Run(exports.Run):
    def run(self) -> None:
        try:
            lesson()
        except Broken as broken:
            print(f"error: the contract is broken: {broken}", file=sys.stderr)
            raise Err(None)


def lesson():
    pointer = buffer.get_wasm_memory_buffer_pointer()
    print(f"The buffer is at address {pointer} of the implementation's memory.")

    buffer.store_value_in_wasm_memory_buffer_index_zero(24)
    data = expect("read(0, 2)", list(buffer.read(0, 2)), [24, 0])
    print(f"Part 1: store-value-in-wasm-memory-buffer-index-zero(24); read(0, 2) -> {data}")

    buffer.write(1, bytes([25]))
    index_one = expect("index 1", buffer.read_wasm_memory_buffer_and_return_index_one(), 25)
    print(f"Part 2: write(1, [25]); read-wasm-memory-buffer-and-return-index-one() -> {index_one}")

    before = buffer.memory_pages()
    expect("grow-memory(1)", buffer.grow_memory(1), before)
    after = expect("memory-pages() after grow-memory(1)", buffer.memory_pages(), before + 1)
    expect("the pointer", buffer.get_wasm_memory_buffer_pointer(), pointer)
    print(f"Part 3: memory-pages() -> {before}; grow-memory(1) -> ok({before}); memory-pages() -> {after}")

    length = buffer.buffer_len()
    error = refusal("load(buffer-len())", lambda: buffer.load(length))
    expect("load(buffer-len())", error, buffer.Error_OutOfBounds(buffer.OutOfBounds(length, 1, length)))
    print(f"Part 4: load({length}) -> err({wave(error)})")

    text = MESSAGE.decode()
    buffer.write(2, MESSAGE)
    expect("read(2, message)", buffer.read(2, len(MESSAGE)), MESSAGE)
    print(f'Part 5: write(2, "{text}") -> ok; read(2, {len(MESSAGE)}) -> "{text}"')


def expect(what, got, want):
    if got != want:
        raise Broken(f"{what} is {got!r}, expected {want!r}")
    return got


def refusal(what, call):
    """The `error` value `call` was refused with."""
    try:
        value = call()
    except Err as err:
        return err.value
    raise Broken(f"{what} returned {value!r}, expected an error")


def wave(error):
    """An `error` in WAVE, as `wasmtime run --invoke` prints one."""
    case = "out-of-bounds" if isinstance(error, buffer.Error_OutOfBounds) else "grow-refused"
    fields = ", ".join(f"{name.replace('_', '-')}: {value}" for name, value in vars(error.value).items())
    return f"{case}({{{fields}}})"

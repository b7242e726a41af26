"""The lesson-client world in Python: the lesson, run through the buffer
interface this component imports.

It holds no rules of the contract: composed behind the checker component
(`interop/checker`), every answer it gets is one the contract allows.
componentize-py makes it a component (the bindings, `wit_world`, are
generated at build time):

    componentize-py -d wit -w lesson-client componentize -p interop/clients/python lesson_client \
        -o lesson_client_python.wasm

Composed with the checker and an implementation (`wac plug`), `wasmtime run`
runs it. It prints the same lines as the Rust client (../rust/src/lib.rs).
"""

import sys

from componentize_py_types import Err
from wit_world import exports
from wit_world.imports import buffer

# What part 5 writes: bytes that cross from this component's memory into the
# implementation's by copy.
MESSAGE = b"crossed by copy"


class Run(exports.Run):
    def run(self) -> None:
        try:
            lesson()
        except Err as refused:
            print(f"error: the implementation refused a call: err({wave(refused.value)})", file=sys.stderr)
            raise Err(None)


def lesson():
    pointer = buffer.get_wasm_memory_buffer_pointer()
    print(f"The buffer is at address {pointer} of the implementation's memory.")

    buffer.store_value_in_wasm_memory_buffer_index_zero(24)
    data = list(buffer.read(0, 2))
    print(f"Part 1: store-value-in-wasm-memory-buffer-index-zero(24); read(0, 2) -> {data}")

    buffer.write(1, bytes([25]))
    index_one = buffer.read_wasm_memory_buffer_and_return_index_one()
    print(f"Part 2: write(1, [25]); read-wasm-memory-buffer-and-return-index-one() -> {index_one}")

    before = buffer.memory_pages()
    previous = buffer.grow_memory(1)
    after = buffer.memory_pages()
    print(f"Part 3: memory-pages() -> {before}; grow-memory(1) -> ok({previous}); memory-pages() -> {after}")

    length = buffer.buffer_len()
    try:
        answer = f"ok({buffer.load(length)})"
    except Err as refused:
        answer = f"err({wave(refused.value)})"
    print(f"Part 4: load({length}) -> {answer}")

    text = MESSAGE.decode()
    buffer.write(2, MESSAGE)
    read = buffer.read(2, len(MESSAGE)).decode(errors="replace")
    print(f'Part 5: write(2, "{text}") -> ok; read(2, {len(MESSAGE)}) -> "{read}"')


def wave(error):
    """An `error` in WAVE, as `wasmtime run --invoke` prints one."""
    case = "out-of-bounds" if isinstance(error, buffer.Error_OutOfBounds) else "grow-refused"
    fields = ", ".join(f"{name.replace('_', '-')}: {value}" for name, value in vars(error.value).items())
    return f"{case}({{{fields}}})"

"""A Python host for the linear-memory world, on wasmtime-py.

    from host import Instance
    instance = Instance("target/wasm32-wasip2/release/linear_memory.wasm")
    instance.call("store-value-in-wasm-memory-buffer-index-zero", 24)
    instance.call("read", 0, 2)        # b'\\x18\\x00'

WASI is linked, so implementations whose language runtime imports it (Go,
for one) run too; the store's WASI context is the default, which grants
nothing. `call` returns what wasmtime-py returns: a `result` comes back
untagged, its `ok` value as such (bytes for a list<u8>, None for `_`) and
its `err` as a `Variant`, since no `ok` type of this world is a variant.
"""

from wasmtime import Engine, Store, WasiConfig
from wasmtime.component import Component, Linker, Variant

INTERFACE = "wasm-by-example:linear-memory/buffer@0.1.0"

# The functions whose WIT result is `result<T, error>`.
RESULTS = {"store", "load", "write", "read", "grow-memory"}

ENGINE = Engine()
_COMPILED = {}


def _compiled(path):
    """Each component file is compiled once per process."""
    path = str(path)
    if path not in _COMPILED:
        _COMPILED[path] = Component.from_file(ENGINE, path)
    return _COMPILED[path]


class Instance:
    """One instance of a component of the linear-memory world."""

    def __init__(self, path):
        self.store = Store(ENGINE)
        self.store.set_wasi(WasiConfig())
        linker = Linker(ENGINE)
        linker.add_wasip2()
        instance = linker.instantiate(self.store, _compiled(path))
        interface = instance.get_export_index(self.store, INTERFACE)
        if interface is None:
            raise ValueError(f"{path} does not export {INTERFACE}")
        self._instance = instance
        self._interface = interface
        self._funcs = {}

    def call(self, name, *args):
        """Calls the WIT function `name` (kebab-case) with `args`."""
        func = self._funcs.get(name)
        if func is None:
            index = self._instance.get_export_index(self.store, name, self._interface)
            func = self._funcs[name] = self._instance.get_func(self.store, index)
        return func(self.store, *args)


def notation(name, value):
    """A result of `name` in the notation of wit/conformance.json."""
    if name not in RESULTS:
        return value
    if isinstance(value, Variant):
        return {"err": {value.tag: dict(vars(value.payload))}}
    if isinstance(value, bytes):
        value = list(value)
    return {"ok": value}


def wave(value):
    """A value in conformance.json's notation, in WAVE, the syntax
    `wasmtime run --invoke` reads and prints: [1, 2], ok, ok(24),
    err(out-of-bounds({offset: 1, len: 2, buffer-len: 3})), () for nothing."""
    if value is None:
        return "()"
    if isinstance(value, list):
        return "[" + ", ".join(wave(v) for v in value) + "]"
    if isinstance(value, dict) and list(value) == ["ok"]:
        return "ok" if value["ok"] is None else f"ok({wave(value['ok'])})"
    if isinstance(value, dict) and list(value) == ["err"]:
        ((case, fields),) = value["err"].items()
        record = ", ".join(f"{name}: {v}" for name, v in fields.items())
        return f"err({case}({{{record}}}))"
    return str(value)

"""A Python host for the linear-memory world, on wasmtime-py.

    from host import Instance
    instance = Instance("target/wasm32-wasip2/release/linear_memory.wasm")
    instance.call("store-value-in-wasm-memory-buffer-index-zero", 24)
    instance.call("read", 0, 2)        # b'\\x18\\x00'

WASI is linked, so implementations whose language runtime imports it (Go,
for one) run too; the store's WASI context is the default, which grants
nothing. `Instance(path, checker=CHECKER)` puts the checker component
(`interop/checker`, the contract's rules) in front of the implementation in
the same store: calls go through it, and an answer the contract rules out
traps, with the rule it broke in `violation()`. `call` returns what
wasmtime-py returns: a `result` comes back untagged, its `ok` value as such
(bytes for a list<u8>, None for `_`) and its `err` as a `Variant`, since no
`ok` type of this world is a variant.
"""

import json
import os
import tempfile
import threading
import time
from pathlib import Path

from wasmtime import Config, Engine, Store, WasiConfig
from wasmtime.component import Component, Linker, Variant

# The buffer interface's functions as wit/linear-memory.wit declares them,
# from the contract's cases (wit/conformance.json, whose `functions` a test
# holds to the WIT): {name: {"params": [{"name", "type"}], "result": WIT type
# or None}}. wasmtime-py lowers an integer by wrapping it (store(2**32, 1)
# would store at index 0), so `call` checks every argument against its
# parameter's type first, and refuses what the type cannot hold before any
# call is made.
ROOT = Path(__file__).parents[3]
CONTRACT = json.loads((ROOT / "wit" / "conformance.json").read_text())
INTERFACE = CONTRACT["interface"]
FUNCTIONS = CONTRACT["functions"]
LARGEST = {"u8": 2**8 - 1, "u32": 2**32 - 1}

# The checker component, as `cargo build --release --target wasm32-wasip2
# -p linear-memory-checker` writes it.
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
CHECKER = TARGET / "wasm32-wasip2" / "release" / "linear_memory_checker.wasm"
# What the checker prints before it traps.
BROKE = "error: the implementation broke the contract: "

# A component file is untrusted input. As in the Rust runner's defaults, each
# call may run for TIMEOUT seconds before it is interrupted with a trap (the
# engine's epoch advances every EPOCH_TICK), and each instance's linear
# memory may reach MAX_MEMORY bytes; past it, memory.grow fails.
TIMEOUT = 5.0
EPOCH_TICK = 0.01
MAX_MEMORY = 4 << 20


def _engine():
    config = Config()
    config.epoch_interruption = True
    engine = Engine(config)

    def tick():
        while True:
            time.sleep(EPOCH_TICK)
            engine.increment_epoch()

    threading.Thread(target=tick, daemon=True).start()
    return engine


def _is_integer_in(value, largest):
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= largest


def check_arguments(name, args):
    """Raises ValueError, naming the parameter and its range, unless `args`
    fit the WIT types of `name`'s parameters."""
    if name not in FUNCTIONS:
        raise ValueError(f"{name} is not a function of {INTERFACE}")
    parameters = FUNCTIONS[name]["params"]
    if len(args) != len(parameters):
        raise ValueError(f"{name} takes {len(parameters)} arguments, got {len(args)}")
    for parameter, value in zip(parameters, args):
        parameter, kind = parameter["name"], parameter["type"]
        if kind == "list<u8>":
            if isinstance(value, (bytes, bytearray)) and len(value) <= LARGEST["u32"]:
                continue
            raise ValueError(f"{name}: {parameter} must be bytes (a list<u8>), got {value!r:.40}")
        if not _is_integer_in(value, LARGEST[kind]):
            raise ValueError(
                f"{name}: {parameter} must be an integer from 0 to {LARGEST[kind]} ({kind}), got {value!r:.40}"
            )

ENGINE = _engine()
_COMPILED = {}


def _compiled(path):
    """Each component file is compiled once per process."""
    path = str(path)
    if path not in _COMPILED:
        _COMPILED[path] = Component.from_file(ENGINE, path)
    return _COMPILED[path]


class Instance:
    """One instance of a component of the linear-memory world, or of the
    checker in front of one."""

    def __init__(self, path, checker=None):
        self.store = Store(ENGINE)
        self.store.set_limits(memory_size=MAX_MEMORY)
        self.store.set_epoch_deadline(int(TIMEOUT / EPOCH_TICK))
        wasi = WasiConfig()
        self._stderr = None
        if checker is not None:
            self._stderr = tempfile.NamedTemporaryFile(prefix="checker-", suffix=".txt")
            wasi.stderr_file = self._stderr.name
        self.store.set_wasi(wasi)
        self._funcs = {}
        self._instance, self._interface = self._instantiate(path, Linker(ENGINE))
        if checker is not None:
            self._instance, self._interface = self._instantiate(checker, self._forwarding())
            self._funcs = {}

    def _instantiate(self, path, linker):
        linker.add_wasip2()
        instance = linker.instantiate(self.store, _compiled(path))
        interface = instance.get_export_index(self.store, INTERFACE)
        if interface is None:
            raise ValueError(f"{path} does not export {INTERFACE}")
        return instance, interface

    def _forwarding(self):
        """A linker whose `buffer` is this instance's exports."""
        linker = Linker(ENGINE)
        with linker.root() as root, root.add_instance(INTERFACE) as buffer:
            for name in FUNCTIONS:
                func = self._func(name)
                buffer.add_func(name, lambda store, *args, func=func: func(store, *args))
        return linker

    def _func(self, name):
        func = self._funcs.get(name)
        if func is None:
            index = self._instance.get_export_index(self.store, name, self._interface)
            func = self._funcs[name] = self._instance.get_func(self.store, index)
        return func

    def call(self, name, *args):
        """Calls the WIT function `name` (kebab-case) with `args`, once they
        are checked against its parameters' types (ValueError if not)."""
        check_arguments(name, args)
        func = self._func(name)
        self.store.set_epoch_deadline(int(TIMEOUT / EPOCH_TICK))
        return func(self.store, *args)

    def violation(self):
        """The rule the checker said the implementation broke, if it did."""
        if self._stderr is None:
            return None
        said = Path(self._stderr.name).read_text()
        return said[len(BROKE):].strip() if said.startswith(BROKE) else None


def notation(name, value):
    """A result of `name` in the notation of wit/conformance.json."""
    if not (FUNCTIONS[name]["result"] or "").startswith("result<"):
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

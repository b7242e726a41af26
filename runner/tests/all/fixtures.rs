//! Components made at test time, for the cases the real one cannot show.

use std::path::{Path, PathBuf};
use std::process::Command;

use wit_component::{ComponentEncoder, StringEncoding, embed_component_metadata};
use wit_parser::abi::{AbiVariant, WasmType};
use wit_parser::{PackageId, Resolve};

/// The world's functions as a core module sees them, computed from the WIT
/// as wit-component will check them: the canonical ABI flattens each
/// signature to core parameters and results (a `list<u8>` is a pointer and
/// a length; a `result` too big for one value comes back through a pointer
/// to memory). Each is `(name, "(param ...) (result ...)")`.
fn core_signatures() -> Vec<(String, String)> {
    let (resolve, interface) = super::contract::parsed(super::contract::Interface::Buffer);
    let core = |types: &[WasmType]| -> String {
        let types: Vec<&str> = types
            .iter()
            .map(|ty| match ty {
                WasmType::I64 | WasmType::PointerOrI64 => "i64",
                WasmType::F32 => "f32",
                WasmType::F64 => "f64",
                WasmType::I32 | WasmType::Pointer | WasmType::Length => "i32",
            })
            .collect();
        types.join(" ")
    };
    interface
        .functions
        .values()
        .map(|function| {
            let signature = resolve.wasm_signature(AbiVariant::GuestExport, function);
            let mut wat = String::new();
            if !signature.params.is_empty() {
                wat += &format!("(param {}) ", core(&signature.params));
            }
            if !signature.results.is_empty() {
                wat += &format!("(result {})", core(&signature.results));
            }
            (function.name.clone(), wat)
        })
        .collect()
}

/// A component of the `linear-memory` world whose function `name` runs
/// `body(name)` (core WAT instructions). The module around the bodies has a
/// one-page memory, a `cabi_realloc` and the helpers [`honest_body`] uses;
/// what each function does is up to `body`: these are for testing what a
/// host does with a bad implementation.
pub fn component_with_bodies(body: impl Fn(&str) -> String) -> Vec<u8> {
    let mut wat = String::from(MODULE_START);
    for (name, signature) in core_signatures() {
        wat += &format!(
            "(func (export \"wasm-by-example:linear-memory/buffer@0.1.0#{name}\") {signature} {})",
            body(&name)
        );
    }
    component_from_core(&(wat + ")"))
}

/// The honest fixture, but for its `cabi_realloc`, which returns `address`
/// for every allocation.
pub fn component_whose_realloc_returns(address: u32) -> Vec<u8> {
    let wat = MODULE_START.replace("(i32.const 2048))", &format!("(i32.const {address}))"));
    let mut wat = wat;
    for (name, signature) in core_signatures() {
        wat += &format!(
            "(func (export \"wasm-by-example:linear-memory/buffer@0.1.0#{name}\") {signature} {})",
            honest_body(&name)
        );
    }
    component_from_core(&(wat + ")"))
}

/// The honest fixture's layout: a 32-byte buffer at address 1024, results
/// returned through a return area at 64, list arguments lowered at 2048.
const MODULE_START: &str = r#"(module
  (memory (export "memory") 1)
  ;; Room for one list argument of up to 1 KiB; the fixtures need no more.
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (if (i32.gt_u (local.get 3) (i32.const 1024)) (then unreachable))
    (i32.const 2048))
  ;; Whether offset .. offset + len lies inside the 32-byte buffer.
  (func $fits (param $offset i32) (param $len i32) (result i32)
    (i64.le_u
      (i64.add (i64.extend_i32_u (local.get $offset)) (i64.extend_i32_u (local.get $len)))
      (i64.const 32)))
  ;; result<_, error>::ok, and result<_, error>::err(out-of-bounds(...)).
  (func $ok (result i32) (i32.store8 (i32.const 64) (i32.const 0)) (i32.const 64))
  (func $out_of_bounds (param $offset i32) (param $len i32) (result i32)
    (i32.store8 (i32.const 64) (i32.const 1))
    (i32.store8 (i32.const 68) (i32.const 0))
    (i32.store (i32.const 72) (local.get $offset))
    (i32.store (i32.const 76) (local.get $len))
    (i32.store (i32.const 80) (i32.const 32))
    (i32.const 64))
  ;; result<T, error>::ok with a 32-bit payload.
  (func $ok_with (param $value i32) (result i32)
    (i32.store8 (i32.const 64) (i32.const 0))
    (i32.store (i32.const 68) (local.get $value))
    (i32.const 64))
  (func $grow (param $pages i32) (result i32) (local $previous i32)
    (local.set $previous (memory.grow (local.get $pages)))
    (if (result i32) (i32.eq (local.get $previous) (i32.const -1))
      (then
        (i32.store8 (i32.const 64) (i32.const 1))
        (i32.store8 (i32.const 68) (i32.const 1))
        (i32.store (i32.const 72) (memory.size))
        (i32.store (i32.const 76) (local.get $pages))
        (i32.const 64))
      (else (call $ok_with (local.get $previous)))))
"#;

/// The body of `name` in a small but honest implementation of the world,
/// in core WAT: [`lying_component`] keeps all but one of them.
pub fn honest_body(name: &str) -> String {
    match name {
        "store-value-in-wasm-memory-buffer-index-zero" => {
            "(i32.store8 (i32.const 1024) (local.get 0))"
        }
        "get-wasm-memory-buffer-pointer" => "(i32.const 1024)",
        "read-wasm-memory-buffer-and-return-index-one" => "(i32.load8_u (i32.const 1025))",
        "buffer-len" => "(i32.const 32)",
        "load" => {
            "(if (result i32) (call $fits (local.get 0) (i32.const 1))
               (then (call $ok_with (i32.load8_u (i32.add (i32.const 1024) (local.get 0)))))
               (else (call $out_of_bounds (local.get 0) (i32.const 1))))"
        }
        "write" => {
            "(if (result i32) (call $fits (local.get 0) (local.get 2))
               (then
                 (memory.copy (i32.add (i32.const 1024) (local.get 0)) (local.get 1) (local.get 2))
                 (call $ok))
               (else (call $out_of_bounds (local.get 0) (local.get 2))))"
        }
        "read" => {
            "(if (result i32) (call $fits (local.get 0) (local.get 1))
               (then
                 (i32.store (i32.const 72) (local.get 1))
                 (call $ok_with (i32.add (i32.const 1024) (local.get 0))))
               (else (call $out_of_bounds (local.get 0) (local.get 1))))"
        }
        "memory-pages" => "(memory.size)",
        "grow-memory" => "(call $grow (local.get 0))",
        "store" => {
            "(if (result i32) (call $fits (local.get 0) (i32.const 1))
               (then
                 (i32.store8 (i32.add (i32.const 1024) (local.get 0)) (local.get 1))
                 (call $ok))
               (else (call $out_of_bounds (local.get 0) (i32.const 1))))"
        }
        _ => unreachable!("{name} is not a function of the world"),
    }
    .to_string()
}

/// The honest fixture with the bodies of some functions replaced: each
/// `(name, body)` of `lies`.
pub fn lying_component(lies: &[(&str, &str)]) -> Vec<u8> {
    let functions = core_signatures();
    for (name, _) in lies {
        assert!(functions.iter().any(|(n, _)| n == name), "{name}");
    }
    component_with_bodies(|function| {
        let lie = lies.iter().find(|(name, _)| *name == function);
        lie.map_or_else(|| honest_body(function), |(_, body)| body.to_string())
    })
}

/// A component of the `linear-memory-streams` world: the honest `buffer`,
/// and `streams` whose async entry points run `write_via_stream` and
/// `read_via_stream` (core WAT; `write-ring-via-stream` traps), with
/// callbacks that trap. Each entry point returns the async ABI's callback
/// code. The module imports, for the bodies to call: `$waitable_set_new`,
/// `$drop_readable` (of `write-via-stream`'s stream) and `$return_stored`
/// (its `task.return`: the five words of `result<u32, error>`).
pub fn streams_component(write_via_stream: &str, read_via_stream: &str) -> Vec<u8> {
    let write = [write_via_stream, "unreachable"];
    let read = [read_via_stream, "unreachable"];
    streams_module("", write, TRAPS, read)
}

/// An async export's entry point and callback that trap.
const TRAPS: [&str; 2] = ["unreachable", "unreachable"];

/// A streams component whose `read-via-stream`, whatever the range, sends
/// "abcd" in two `stream.write`s of two bytes each, waiting for the reader
/// between them, and drops the stream once it has sent all four or the
/// reader is gone: a writer in pieces, which the Rust component is not (it
/// writes the whole range at once).
pub fn component_streaming_in_pieces() -> Vec<u8> {
    let entry = r#"(local $ends i64)
        (local.set $ends (call $stream_new))
        (global.set $writable (i32.wrap_i64 (i64.shr_u (local.get $ends) (i64.const 32))))
        (global.set $sent (i32.const 0))
        ;; ok(the readable end), then the bytes.
        (call $return_stream (i32.const 0) (i32.wrap_i64 (local.get $ends))
          (i32.const 0) (i32.const 0) (i32.const 0))
        (global.set $set (call $waitable_set_new))
        (call $waitable_join (global.get $writable) (global.get $set))
        (call $send_rest)"#;
    // Called with (event, handle, code): the write that was waiting is done.
    let callback = "(if (result i32) (call $took (local.get 2))
        (then (call $send_rest)) (else (call $finish)))";
    let write = [STORES_ONE_MORE, "unreachable"];
    streams_module(PIECES, write, TRAPS, [entry, callback])
}

/// [`component_streaming_in_pieces`]'s state and steps.
const PIECES: &str = r#"
  (data (i32.const 3072) "abcd")
  (global $writable (mut i32) (i32.const 0))
  (global $set (mut i32) (i32.const 0))
  (global $sent (mut i32) (i32.const 0))
  ;; Writes two bytes at a time until all four are sent, the reader is gone,
  ;; or a write has to wait (then: wait for its event in $set).
  (func $send_rest (result i32) (local $code i32)
    (loop $next
      (if (i32.ge_u (global.get $sent) (i32.const 4)) (then (return (call $finish))))
      (local.set $code (call $stream_write (global.get $writable)
        (i32.add (i32.const 3072) (global.get $sent)) (i32.const 2)))
      (if (i32.eq (local.get $code) (i32.const -1))
        (then (return (i32.or (i32.const 2) (i32.shl (global.get $set) (i32.const 4))))))
      (br_if $next (call $took (local.get $code))))
    (call $finish))
  ;; Counts the bytes a write's code says moved; whether the reader is still there.
  (func $took (param $code i32) (result i32)
    (global.set $sent (i32.add (global.get $sent) (i32.shr_u (local.get $code) (i32.const 4))))
    (i32.eqz (i32.and (local.get $code) (i32.const 0xf))))
  ;; Ends the stream, and the call.
  (func $finish (result i32)
    (call $drop_writable (global.get $writable))
    (i32.const 0))"#;

/// The module behind [`streams_component`]: `fields` added to it, and each
/// stream function's entry point and callback bodies.
fn streams_module(
    fields: &str,
    write_via_stream: [&str; 2],
    write_ring_via_stream: [&str; 2],
    read_via_stream: [&str; 2],
) -> Vec<u8> {
    let interface = "wasm-by-example:linear-memory/streams@0.1.0";
    let prints = [fields, write_via_stream[0], read_via_stream[0]]
        .iter()
        .any(|wat| wat.contains("call $print"));
    let imports = format!(
        r#"(module
  (import "$root" "[waitable-set-new]" (func $waitable_set_new (result i32)))
  (import "$root" "[waitable-join]" (func $waitable_join (param i32 i32)))
  (import "$root" "[waitable-set-drop]" (func $waitable_set_drop (param i32)))
  (import "[export]{interface}" "[async-lower][stream-read-0]write-via-stream"
    (func $stream_read (param i32 i32 i32) (result i32)))
  (import "[export]{interface}" "[stream-drop-readable-0]write-via-stream" (func $drop_readable (param i32)))
  (import "[export]{interface}" "[task-return]write-via-stream"
    (func $return_stored (param i32 i32 i32 i32 i32)))
  (import "[export]{interface}" "[async-lower][stream-read-0]write-ring-via-stream"
    (func $ring_read (param i32 i32 i32) (result i32)))
  (import "[export]{interface}" "[stream-drop-readable-0]write-ring-via-stream" (func $ring_drop (param i32)))
  (import "[export]{interface}" "[task-return]write-ring-via-stream" (func $return_ring (param i64)))
  (import "[export]{interface}" "[stream-new-0]read-via-stream" (func $stream_new (result i64)))
  (import "[export]{interface}" "[async-lower][stream-write-0]read-via-stream"
    (func $stream_write (param i32 i32 i32) (result i32)))
  (import "[export]{interface}" "[stream-drop-writable-0]read-via-stream" (func $drop_writable (param i32)))
  (import "[export]{interface}" "[task-return]read-via-stream"
    (func $return_stream (param i32 i32 i32 i32 i32)))
  {printing}"#,
        printing = match prints {
            true => PRINTING,
            false => "",
        },
    );
    let mut wat = MODULE_START.replacen("(module", &imports, 1) + fields;
    for (name, signature) in core_signatures() {
        wat += &format!(
            "(func (export \"wasm-by-example:linear-memory/buffer@0.1.0#{name}\") {signature} {})",
            honest_body(&name)
        );
    }
    for (name, params, [entry, callback]) in [
        ("write-via-stream", "(param i32 i32 i32)", write_via_stream),
        (
            "write-ring-via-stream",
            "(param i32)",
            write_ring_via_stream,
        ),
        ("read-via-stream", "(param i32 i32)", read_via_stream),
    ] {
        wat += &format!(
            r#"(func (export "[async-lift]{interface}#{name}") {params} (result i32) {entry})
               (func (export "[callback][async-lift]{interface}#{name}") (param i32 i32 i32) (result i32) {callback})"#
        );
    }
    let mut resolve = Resolve::new();
    resolve
        .push_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../wit"))
        .unwrap();
    let package = with_wasi_output(&mut resolve, "printing-streams.wit", PRINTING_STREAMS_WIT);
    componentize(&(wat + ")"), &resolve, package, "printing-streams")
}

/// A streams component of the kind an honest implementation is, in core
/// WAT, with the parts each `(name, body)` of `lies` names replaced (see
/// [`HONEST_STREAMS`] for the names): a 32-byte buffer at 1024 filled by
/// `stream.read`s and drained by `stream.write`s, each call waiting for
/// the other end when it must. Bodies may call `$print_stdout` and
/// `$print_stderr` (each prints the 16 bytes at 3072: put text there with
/// `(data (i32.const 3072) "...")`), which makes the component import WASI.
pub fn lying_streams_component(lies: &[(&str, &str)]) -> Vec<u8> {
    let mut fields = HONEST_STREAMS.to_string();
    for (name, default) in &STREAMS_PARTS[2..] {
        let body = lies
            .iter()
            .find(|(lie, _)| lie == name)
            .map_or(*default, |(_, body)| body);
        fields = fields.replace(&format!("{{{name}}}"), body);
    }
    for (name, _) in lies {
        assert!(STREAMS_PARTS.iter().any(|(part, _)| part == name), "{name}");
    }
    let entry = |part: usize| {
        let (name, honest) = STREAMS_PARTS[part];
        let lie = lies.iter().find(|(lie, _)| *lie == name);
        lie.map_or(honest, |(_, body)| body)
    };
    let write = [entry(0), "(call $write_callback (local.get 2))"];
    let ring = [entry(1), "(call $ring_callback (local.get 2))"];
    let read = [
        "(call $read_entry (local.get 0) (local.get 1))",
        "(call $read_callback (local.get 2))",
    ];
    streams_module(&fields, write, ring, read)
}

/// The parts of [`HONEST_STREAMS`] a lie may replace, and their honest
/// bodies. The first two are whole entry points: `write-entry`,
/// `write-via-stream`'s (its parameters: offset, len, the stream's readable
/// end), and `ring-entry`, `write-ring-via-stream`'s (its parameter: the
/// stream's readable end).
const STREAMS_PARTS: &[(&str, &str)] = &[
    (
        "write-entry",
        "(call $write_entry (local.get 0) (local.get 1) (local.get 2))",
    ),
    ("ring-entry", "(call $ring_entry (local.get 0))"),
    // The 16 bytes `$print_stdout` and `$print_stderr` print.
    ("text", r#"(data (i32.const 3072) "a line, printed\n")"#),
    // What write-via-stream returns: how many bytes it stored.
    ("count", "(global.get $stored)"),
    // Run once the stream has been read, before the call returns.
    ("after-write", ""),
    // Where write-ring-via-stream's rounds start, where in the ring each
    // read starts (where the bytes so far end), how much it offers (the
    // rest of the round), and whether it reads on after a read (it may stop
    // only when the stream ends).
    ("ring-from", "(i32.const 1024)"),
    (
        "ring-at",
        "(i32.wrap_i64 (i64.rem_u (global.get $g_came) (i64.const 32)))",
    ),
    ("ring-room", "(i32.sub (i32.const 32) (local.get $at))"),
    ("ring-reads-on", "(i32.const 1)"),
    // What write-ring-via-stream returns: how many bytes came.
    ("ring-count", "(global.get $g_came)"),
    // Where read-via-stream sends from, and how many bytes.
    (
        "read-from",
        "(i32.add (i32.const 1024) (local.get $offset))",
    ),
    ("read-len", "(local.get $len)"),
    // How read-via-stream ends once it has sent them: honestly, it drops
    // the stream and the call is over.
    (
        "read-end",
        "(call $drop_writable (global.get $w_end)) (i32.const 0)",
    ),
];

/// [`lying_streams_component`]'s module fields, with a `{part}` where each
/// of [`STREAMS_PARTS`] goes.
const HONEST_STREAMS: &str = r#"
  {text}
  (global $r_end (mut i32) (i32.const 0))
  (global $r_at (mut i32) (i32.const 0))
  (global $r_left (mut i32) (i32.const 0))
  (global $r_set (mut i32) (i32.const 0))
  (global $stored (mut i32) (i32.const 0))
  (global $g_end (mut i32) (i32.const 0))
  (global $g_came (mut i64) (i64.const 0))
  (global $g_set (mut i32) (i32.const 0))
  (global $w_end (mut i32) (i32.const 0))
  (global $w_at (mut i32) (i32.const 0))
  (global $w_left (mut i32) (i32.const 0))
  (global $w_set (mut i32) (i32.const 0))
  ;; The callback code that waits in `set`.
  (func $wait_in (param $set i32) (result i32)
    (i32.or (i32.const 2) (i32.shl (local.get $set) (i32.const 4))))
  ;; result<u32, error>::err(out-of-bounds(offset, len, 32)), flattened.
  (func $refuse (param $offset i32) (param $len i32)
    (call $return_stored (i32.const 1) (i32.const 0) (local.get $offset) (local.get $len) (i32.const 32)))
  (func $write_entry (param $offset i32) (param $len i32) (param $data i32) (result i32)
    (if (i32.eqz (call $fits (local.get $offset) (local.get $len)))
      (then (call $drop_readable (local.get $data)) (call $refuse (local.get $offset) (local.get $len))
            (return (i32.const 0))))
    (global.set $r_end (local.get $data))
    (global.set $r_at (i32.add (i32.const 1024) (local.get $offset)))
    (global.set $r_left (local.get $len))
    (global.set $stored (i32.const 0))
    (global.set $r_set (call $waitable_set_new))
    (call $waitable_join (local.get $data) (global.get $r_set))
    (call $read_rest))
  ;; Reads until the range is full or the stream ends, or waits.
  (func $read_rest (result i32) (local $code i32)
    (loop $next
      (if (i32.eqz (global.get $r_left)) (then (return (call $finish_write))))
      (local.set $code (call $stream_read (global.get $r_end) (global.get $r_at) (global.get $r_left)))
      (if (i32.eq (local.get $code) (i32.const -1)) (then (return (call $wait_in (global.get $r_set)))))
      (br_if $next (call $read_took (local.get $code))))
    (call $finish_write))
  ;; Counts what a read's code says arrived; whether the writer is still there.
  (func $read_took (param $code i32) (result i32) (local $n i32)
    (local.set $n (i32.shr_u (local.get $code) (i32.const 4)))
    (global.set $r_at (i32.add (global.get $r_at) (local.get $n)))
    (global.set $r_left (i32.sub (global.get $r_left) (local.get $n)))
    (global.set $stored (i32.add (global.get $stored) (local.get $n)))
    (i32.eqz (i32.and (local.get $code) (i32.const 0xf))))
  (func $finish_write (result i32)
    (call $waitable_join (global.get $r_end) (i32.const 0))
    (call $waitable_set_drop (global.get $r_set))
    (call $drop_readable (global.get $r_end))
    {after-write}
    (call $return_stored (i32.const 0) {count} (i32.const 0) (i32.const 0) (i32.const 0))
    (i32.const 0))
  (func $write_callback (param $code i32) (result i32)
    (if (result i32) (call $read_took (local.get $code))
      (then (call $read_rest)) (else (call $finish_write))))
  (func $ring_entry (param $data i32) (result i32)
    (global.set $g_end (local.get $data))
    (global.set $g_came (i64.const 0))
    (global.set $g_set (call $waitable_set_new))
    (call $waitable_join (local.get $data) (global.get $g_set))
    (call $ring_rest))
  ;; Reads round after round, each into the rest of the 32 bytes, until the
  ;; stream ends, or waits.
  (func $ring_rest (result i32) (local $code i32) (local $at i32)
    (loop $next
      (local.set $at {ring-at})
      (local.set $code (call $ring_read (global.get $g_end)
        (i32.add {ring-from} (local.get $at)) {ring-room}))
      (if (i32.eq (local.get $code) (i32.const -1)) (then (return (call $wait_in (global.get $g_set)))))
      (br_if $next (i32.and (call $ring_took (local.get $code)) {ring-reads-on})))
    (call $finish_ring))
  ;; Counts what a read's code says came; whether the writer is still there.
  (func $ring_took (param $code i32) (result i32)
    (global.set $g_came (i64.add (global.get $g_came)
      (i64.extend_i32_u (i32.shr_u (local.get $code) (i32.const 4)))))
    (i32.eqz (i32.and (local.get $code) (i32.const 0xf))))
  (func $finish_ring (result i32)
    (call $waitable_join (global.get $g_end) (i32.const 0))
    (call $waitable_set_drop (global.get $g_set))
    (call $ring_drop (global.get $g_end))
    (call $return_ring {ring-count})
    (i32.const 0))
  (func $ring_callback (param $code i32) (result i32)
    (if (result i32) (i32.and (call $ring_took (local.get $code)) {ring-reads-on})
      (then (call $ring_rest)) (else (call $finish_ring))))
  (func $read_entry (param $offset i32) (param $len i32) (result i32) (local $ends i64)
    (if (i32.eqz (call $fits (local.get $offset) (local.get $len)))
      (then
        (call $return_stream (i32.const 1) (i32.const 0) (local.get $offset) (local.get $len) (i32.const 32))
        (return (i32.const 0))))
    (local.set $ends (call $stream_new))
    (global.set $w_end (i32.wrap_i64 (i64.shr_u (local.get $ends) (i64.const 32))))
    (call $return_stream (i32.const 0) (i32.wrap_i64 (local.get $ends)) (i32.const 0) (i32.const 0) (i32.const 0))
    (global.set $w_at {read-from})
    (global.set $w_left {read-len})
    (global.set $w_set (call $waitable_set_new))
    (call $waitable_join (global.get $w_end) (global.get $w_set))
    (call $send_rest))
  ;; Writes until all is sent or the reader is gone, or waits.
  (func $send_rest (result i32) (local $code i32)
    (loop $next
      (if (i32.eqz (global.get $w_left)) (then (return (call $finish_read))))
      (local.set $code (call $stream_write (global.get $w_end) (global.get $w_at) (global.get $w_left)))
      (if (i32.eq (local.get $code) (i32.const -1)) (then (return (call $wait_in (global.get $w_set)))))
      (br_if $next (call $sent (local.get $code))))
    (call $finish_read))
  (func $sent (param $code i32) (result i32) (local $n i32)
    (local.set $n (i32.shr_u (local.get $code) (i32.const 4)))
    (global.set $w_at (i32.add (global.get $w_at) (local.get $n)))
    (global.set $w_left (i32.sub (global.get $w_left) (local.get $n)))
    (i32.eqz (i32.and (local.get $code) (i32.const 0xf))))
  (func $finish_read (result i32)
    (call $waitable_join (global.get $w_end) (i32.const 0))
    (call $waitable_set_drop (global.get $w_set))
    {read-end})
  (func $read_callback (param $code i32) (result i32)
    (if (result i32) (call $sent (local.get $code))
      (then (call $send_rest)) (else (call $finish_read))))
"#;

/// The parts of WASI 0.2 a fixture calls to print: `$print` writes `len`
/// bytes at `at` to an output stream and answers 0 when they were written
/// (the discriminant of `result<_, stream-error>`, which comes back at 96);
/// `$print_stdout` and `$print_stderr` print the 16 bytes at 3072.
const PRINTING: &str = r#"
  (import "wasi:cli/stdout@0.2.1" "get-stdout" (func $get_stdout (result i32)))
  (import "wasi:cli/stderr@0.2.1" "get-stderr" (func $get_stderr (result i32)))
  (import "wasi:io/streams@0.2.1" "[method]output-stream.blocking-write-and-flush"
    (func $write_out (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.1" "[resource-drop]output-stream" (func $drop_out (param i32)))
  (func $print (param $stream i32) (param $at i32) (param $len i32) (result i32)
    (call $write_out (local.get $stream) (local.get $at) (local.get $len) (i32.const 96))
    (call $drop_out (local.get $stream))
    (i32.load8_u (i32.const 96)))
  (func $print_stdout (drop (call $print (call $get_stdout) (i32.const 3072) (i32.const 16))))
  (func $print_stderr (drop (call $print (call $get_stderr) (i32.const 3072) (i32.const 16))))"#;

/// The parts of WASI 0.2 that [`PRINTING`] imports. They are declared at
/// 0.2.1, which any WASI 0.2 host provides: `wit/deps` already holds
/// `wasi:cli@0.2.0`, with `run` alone.
const WASI_OUTPUT_WIT: &str = r#"
package runner:wasi-output;

package wasi:io@0.2.1 {
  interface error {
    resource error;
  }
  interface streams {
    use error.{error};
    variant stream-error {
      last-operation-failed(error),
      closed,
    }
    resource output-stream {
      blocking-write-and-flush: func(contents: list<u8>) -> result<_, stream-error>;
    }
  }
}

package wasi:cli@0.2.1 {
  interface stdout {
    use wasi:io/streams@0.2.1.{output-stream};
    get-stdout: func() -> output-stream;
  }
  interface stderr {
    use wasi:io/streams@0.2.1.{output-stream};
    get-stderr: func() -> output-stream;
  }
}
"#;

/// `resolve` with [`WASI_OUTPUT_WIT`] and then `wit` added: the package
/// `wit` declares.
fn with_wasi_output(resolve: &mut Resolve, name: &str, wit: &str) -> PackageId {
    resolve
        .push_str("wasi-output.wit", WASI_OUTPUT_WIT)
        .expect("the WASI fixtures' WIT parses");
    resolve
        .push_str(name, wit)
        .unwrap_or_else(|e| panic!("{name} parses: {e:#}"))
}

/// The world of every streams fixture: `linear-memory-streams`, and the
/// parts of WASI the printing ones call. (A fixture that does not print
/// imports nothing: a component imports only what its module uses.)
const PRINTING_STREAMS_WIT: &str = r#"
package runner:streams-fixture;

world printing-streams {
  include wasm-by-example:linear-memory/linear-memory-streams@0.1.0;
  import wasi:cli/stdout@0.2.1;
  import wasi:cli/stderr@0.2.1;
}
"#;

/// An async entry point that waits, in a waitable set of its own with
/// nothing in it: for ever.
pub const WAITS_FOR_EVER: &str =
    "(i32.or (i32.const 2) (i32.shl (call $waitable_set_new) (i32.const 4)))";

/// A `write-via-stream` that reads nothing and says it stored one byte
/// more than the range holds.
pub const STORES_ONE_MORE: &str = "(call $drop_readable (local.get 2))
    (call $return_stored (i32.const 0) (i32.add (local.get 1) (i32.const 1))
      (i32.const 0) (i32.const 0) (i32.const 0))
    (i32.const 0)";

/// Turns a core module in WAT that exports the world's functions under their
/// canonical-ABI names into a component of the `linear-memory` world, the
/// way `cargo build --target wasm32-wasip2` does for the real one.
fn component_from_core(wat: &str) -> Vec<u8> {
    let mut resolve = Resolve::new();
    let (package, _) = resolve
        .push_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../wit"))
        .unwrap();
    componentize(wat, &resolve, package, "linear-memory")
}

/// The component of `world` (in `package`) whose core module is `wat`.
fn componentize(wat: &str, resolve: &Resolve, package: PackageId, world: &str) -> Vec<u8> {
    let mut module = wat::parse_str(wat).expect("fixture WAT parses");
    let world = resolve.select_world(&[package], Some(world)).unwrap();
    embed_component_metadata(&mut module, resolve, world, StringEncoding::UTF8).unwrap();
    ComponentEncoder::default()
        .module(&module)
        .unwrap()
        .validate(true)
        .encode()
        .expect("fixture encodes as a component")
}

/// A component whose every function traps.
pub fn trapping_component() -> Vec<u8> {
    component_with_bodies(|_| "unreachable".into())
}

/// A component whose `get-wasm-memory-buffer-pointer` never returns.
pub fn spinning_component() -> Vec<u8> {
    component_with_bodies(|name| match name {
        "get-wasm-memory-buffer-pointer" => "(loop (br 0)) unreachable".into(),
        _ => "unreachable".into(),
    })
}

/// A valid component of another world: it exports a single `hello`.
pub fn component_of_another_world() -> Vec<u8> {
    wat::parse_str(
        r#"(component
            (core module $m (func (export "hello")))
            (core instance $i (instantiate $m))
            (func (export "hello") (canon lift (core func $i "hello"))))"#,
    )
    .unwrap()
}

/// A component that imports an interface no host here provides.
pub fn component_with_unknown_import() -> Vec<u8> {
    wat::parse_str(
        r#"(component (import "example:unknown/thing@1.0.0" (instance (export "f" (func)))))"#,
    )
    .unwrap()
}

/// Where [`printing_command`] keeps its text, in its one memory.
pub const PRINTED_TEXT_ADDRESS: usize = 1024;

/// A command (it exports `wasi:cli/run`) that prints `text` to stdout and
/// returns `ok`. Its world declares only the parts of WASI it calls
/// ([`WASI_OUTPUT_WIT`]).
pub fn printing_command(text: &str) -> Vec<u8> {
    let run = r#"(func (export "wasi:cli/run@0.2.0#run") (result i32)
        ;; ok when the write was: result's discriminant is 0 for ok.
        (call $print_text))"#;
    command_printing(text, "", run, "command")
}

/// A command that prints `text` to stderr, as a client does when it finds
/// the contract broken, and returns `err`.
pub fn failing_command(text: &str) -> Vec<u8> {
    let run = format!(
        r#"(func (export "wasi:cli/run@0.2.0#run") (result i32)
        (drop (call $print (call $get_stderr) (i32.const {PRINTED_TEXT_ADDRESS}) (i32.const {len})))
        ;; err: result's discriminant is 1.
        (i32.const 1))"#,
        len = text.len()
    );
    command_printing(text, "", &run, "command")
}

/// The same command of WASI 0.3: its `run` is an async function (in the
/// callback form), which returns its result by `task.return`.
pub fn printing_async_command(text: &str) -> Vec<u8> {
    let imports = r#"(import "[export]wasi:cli/run@0.3.0" "[task-return]run"
        (func $task_return (param i32)))"#;
    let run = r#"(func (export "[async-lift]wasi:cli/run@0.3.0#run") (result i32)
        (call $task_return (call $print_text))
        ;; The callback code for "done".
        (i32.const 0))
      (func (export "[callback][async-lift]wasi:cli/run@0.3.0#run")
        (param i32 i32 i32) (result i32) unreachable)"#;
    command_printing(text, imports, run, "async-command")
}

/// A command of `world` whose core module has `imports` and `run`, which
/// can call `$print_text`: `text` written to stdout, 0 when it was.
fn command_printing(text: &str, imports: &str, run: &str, world: &str) -> Vec<u8> {
    let wat = format!(
        r#"(module
          {imports}
          {PRINTING}
          (memory (export "memory") 1)
          (data (i32.const {address}) "{text}")
          (func $print_text (result i32)
            (call $print (call $get_stdout) (i32.const {address}) (i32.const {len})))
          {run})"#,
        address = PRINTED_TEXT_ADDRESS,
        text = text.escape_default(),
        len = text.len(),
    );
    let mut resolve = Resolve::new();
    let package = with_wasi_output(&mut resolve, "command.wit", COMMAND_WIT);
    componentize(&wat, &resolve, package, world)
}

/// A component that exports WASI 0.3's `wasi:cli/run` with a `run` whose
/// result is of type `result` (WAT: `u32`, `(result u32)`), not `result`.
pub fn command_with_a_run_returning(result: &str) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(component
            (core module $main
              (memory (export "memory") 1)
              ;; A pointer to the result, for the results that do not fit in one word.
              (func (export "run") (result i32) (i32.const 0)))
            (core instance $main (instantiate $main))
            (func $run (result {result})
              (canon lift (core func $main "run") (memory (core memory $main "memory"))))
            (instance $run (export "run" (func $run)))
            (export "wasi:cli/run@0.3.0" (instance $run)))"#
    ))
    .unwrap()
}

/// A command made of two core instances: the first has a memory, which the
/// second imports, and the second has one of its own. Three memories as the
/// core instances list them; two distinct ones.
pub fn command_sharing_a_memory() -> Vec<u8> {
    wat::parse_str(
        r#"(component
            (core module $main
              (memory (export "memory") 1)
              (func (export "run") (result i32) (i32.const 0)))
            (core module $helper
              (import "main" "memory" (memory 1))
              (memory 1))
            (core instance $main (instantiate $main))
            (core instance $helper (instantiate $helper (with "main" (instance $main))))
            (func $run (result (result)) (canon lift (core func $main "run")))
            (instance $run (export "run" (func $run)))
            (export "wasi:cli/run@0.2.0" (instance $run)))"#,
    )
    .unwrap()
}

/// The worlds of [`printing_command`] and [`printing_async_command`], with
/// both versions of `wasi:cli/run`.
const COMMAND_WIT: &str = r#"
package runner:command-fixture;

package wasi:cli@0.2.0 {
  interface run {
    run: func() -> result;
  }
}

package wasi:cli@0.3.0 {
  interface run {
    run: async func() -> result;
  }
}

world command {
  import wasi:cli/stdout@0.2.1;
  import wasi:cli/stderr@0.2.1;
  export wasi:cli/run@0.2.0;
}

world async-command {
  import wasi:cli/stdout@0.2.1;
  import wasi:cli/stderr@0.2.1;
  export wasi:cli/run@0.3.0;
}
"#;

/// Writes `bytes` to a file of the test's own, and returns its path.
pub fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Builds `package` with the README's command, `cargo build --release
/// --target wasm32-wasip2`, into a target directory of the tests' own, and
/// returns the path of the `.wasm` it made: `artifact`.wasm (a library's
/// name has underscores, a program's the package's own).
pub fn build_for_wasm32_wasip2(package: &str, artifact: &str) -> PathBuf {
    let target_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("wasm32-wasip2-builds");
    build(package, &["--release"], &target_dir, &[]);
    target_dir.join(format!("wasm32-wasip2/release/{artifact}.wasm"))
}

/// Runs `cargo build --target wasm32-wasip2 -p package` with `options`, into
/// `target_dir`, with the environment variables `env`.
pub fn build(package: &str, options: &[&str], target_dir: &Path, env: &[(&str, &str)]) {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--target", "wasm32-wasip2", "-p", package])
        .args(options)
        .arg("--target-dir")
        .arg(target_dir)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env_remove("CARGO_TARGET_DIR")
        .envs(env.iter().copied())
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "building {package} {options:?} {env:?} failed"
    );
}

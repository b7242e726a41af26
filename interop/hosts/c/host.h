/* The C host's parts, on the wasmtime C API: an instance of any component
 * of the linear-memory world (alone, or with the checker component in front
 * of it), and calls into it by name with the C API's own values: a byte is
 * a u8, a list<u8> bytes. The contract's cases (wit/conformance.json) are
 * read with jansson, whose integers stay integers. */
#ifndef LINEAR_MEMORY_C_HOST_H
#define LINEAR_MEMORY_C_HOST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <wasmtime.h>

/* The interface every implementation exports, and the checker imports. */
#define INTERFACE "wasm-by-example:linear-memory/buffer@0.1.0"

/* What the checker writes to stderr before it traps. */
#define BROKE "error: the implementation broke the contract: "

typedef struct instance instance_t;

/* instance.c */

/* Instantiates the component at `path`; with `checker`, the checker
 * component at that path too, in front of it in the same store, so that
 * calls go through the checker. NULL, and `*error` (one line, to free),
 * when either cannot be compiled, linked or instantiated, or does not
 * export the interface. */
instance_t *instance_open(const char *path, const char *checker, char **error);
void instance_close(instance_t *instance);

/* A function of the interface, found once and called as often as needed
 * (the benchmark times function_call alone). */
typedef struct {
  wasmtime_component_func_t func;
  wasmtime_context_t *context;
  /* Its type: its parameters', and whether it has a result. */
  wasmtime_component_func_type_t *type;
  size_t results_len;
} function_t;

/* The interface's function `name`, into `function` (to release with
 * function_release). False, and `*error` (one line, to free), when there is
 * no such function. */
bool instance_function(instance_t *instance, const char *name, function_t *function,
                       char **error);
void function_release(function_t *function);

/* Calls `function` with `args` (`args_len` values, which stay the
 * caller's), each call with a deadline of its own. Its result goes into
 * `*result`, to delete with wasmtime_component_val_delete (a function
 * without one leaves it as it was). False, and `*error` (one line, to
 * free), when the call traps: wasmtime's cause. */
bool function_call(const function_t *function, const wasmtime_component_val_t *args,
                   size_t args_len, wasmtime_component_val_t *result, char **error);

/* instance_function, then function_call. */
bool instance_call(instance_t *instance, const char *name, const wasmtime_component_val_t *args,
                   size_t args_len, wasmtime_component_val_t *result, char **error);

/* The rule the checker said the implementation broke, if it did (to free),
 * else NULL. */
char *instance_violation(const instance_t *instance);

/* values.c */

/* A u8, a u32, and a list<u8> of `len` bytes copied from `bytes` (the list
 * to delete with wasmtime_component_val_delete). */
wasmtime_component_val_t value_u8(uint8_t value);
wasmtime_component_val_t value_u32(uint32_t value);
wasmtime_component_val_t value_bytes(const uint8_t *bytes, size_t len);

/* A value that owns nothing: what a result is before a call fills it. */
#define NO_VALUE ((wasmtime_component_val_t){.kind = WASMTIME_COMPONENT_BOOL})

/* `json`, in wit/conformance.json's notation, as a value of `type`, into
 * `out` (to delete). False, and `*error` (to free), when the type cannot
 * hold it. Only the types of the interface's parameters: u8, u32, list<u8>. */
bool value_from_json(const wasmtime_component_valtype_t *type, const json_t *json,
                     wasmtime_component_val_t *out, char **error);

/* `value` in wit/conformance.json's notation: integers, byte lists as
 * arrays, records as objects, a result as {"ok": ...} or {"err": ...}, a
 * variant's case as {"case": payload}. A new reference. */
json_t *value_to_json(const wasmtime_component_val_t *value);

/* `value` in WAVE, as `wasmtime run --invoke` prints it: [1, 2], ok,
 * ok(24), err(out-of-bounds({offset: 1, len: 2, buffer-len: 3})). To free. */
char *wave(const wasmtime_component_val_t *value);

/* One line, to free: printf's format. */
char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* lesson.c */

/* The seed's lesson on the component at `path`, through the checker at
 * `checker`, printed to stdout. 0, or 1 after one line on stderr. */
int lesson(const char *path, const char *checker);

/* cases.c */

/* The cases in `conformance` (wit/conformance.json) on the component at
 * `path`, each on a fresh instance; each failure printed to stderr. 0 when
 * every case passes, else 1 (2 when the file cannot be read). */
int cases(const char *path, const char *conformance);

/* bench.c */

/* What calls of the component at `path` cost through the C API, per call
 * and for 64 KiB each way, with a native memcpy of 64 KiB beside them;
 * printed, and merged into `results` (target/bench/results.json) as the
 * "c" host's rows. `quick` takes one short batch per row. 0, or 1 after a
 * line on stderr. */
int bench(const char *path, const char *results, bool quick);

#endif

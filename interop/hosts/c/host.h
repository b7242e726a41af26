/* The C host's parts, on the wasmtime C API: an instance of any component
 * of the linear-memory world (alone, or with the checker component in front
 * of it), calls into it by name, and values in wit/conformance.json's
 * notation, held as cJSON. */
#ifndef LINEAR_MEMORY_C_HOST_H
#define LINEAR_MEMORY_C_HOST_H

#include <cjson/cJSON.h>
#include <stdbool.h>
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

/* Calls the interface's function `name` with `args` (a JSON array, one
 * value per parameter, as conformance.json writes them). Returns its result
 * in that notation (a JSON null for a function without one), or NULL and
 * `*error` (one line, to free): an argument its parameter's type cannot
 * hold, or wasmtime's cause of a trap. */
cJSON *instance_call(instance_t *instance, const char *name, const cJSON *args, char **error);

/* A call of the interface's function `name`, its arguments made values:
 * what instance_call makes once, and the benchmark times again and again
 * (wasmtime_component_func_call(&call.func, call.context, call.args, ...)). */
typedef struct {
  wasmtime_component_func_t func;
  wasmtime_context_t *context;
  wasmtime_component_val_t *args;
  size_t args_len, results_len;
} call_t;

/* Prepares a call of `name` with `args` (a JSON array, one value per
 * parameter, as conformance.json writes them), into `call`, to release with
 * call_release. False, and `*error` (one line, to free), when there is no
 * such function or an argument does not fit its parameter's type. */
bool call_prepare(instance_t *instance, const char *name, const cJSON *args, call_t *call,
                  char **error);
void call_release(call_t *call);

/* The rule the checker said the implementation broke, if it did (to free),
 * else NULL. */
char *instance_violation(const instance_t *instance);

/* values.c */

/* `json` as a value of `type`, into `out` (to delete with
 * wasmtime_component_val_delete). False, and `*error`, when the type
 * cannot hold it. Only the types of the interface's parameters are
 * supported: u8, u32, list<u8>. */
bool value_from_json(const wasmtime_component_valtype_t *type, const cJSON *json,
                     wasmtime_component_val_t *out, char **error);

/* `value` in conformance.json's notation: numbers, byte lists as arrays,
 * records as objects, a result as {"ok": ...} or {"err": ...}, a variant
 * case as {"case": payload}. */
cJSON *value_to_json(const wasmtime_component_val_t *value);

/* `json` in WAVE, as `wasmtime run --invoke` prints values: [1, 2], ok,
 * ok(24), err(out-of-bounds({offset: 1, len: 2, buffer-len: 3})), () for
 * nothing. To free. */
char *wave(const cJSON *json);

/* One line, to free: printf's format. */
char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The whole of the file at `path` (to free), or NULL. */
char *file_text(const char *path);

/* lesson.c */

/* The seed's lesson on the component at `path`, through the checker at
 * `checker`, printed to stdout. 0, or 1 after one line on stderr. */
int lesson(const char *path, const char *checker);

/* cases.c */

/* The cases in `conformance` (wit/conformance.json) on the component at
 * `path`, each on a fresh instance; each failure printed to stderr. 0 when
 * every case passes, else 1. */
int cases(const char *path, const char *conformance);

/* bench.c */

/* What calls of the component at `path` cost through the C API, per call
 * and for 64 KiB each way, with a native memcpy of 64 KiB beside them;
 * printed, and merged into `results` (target/bench/results.json) as the
 * "c" host's rows. `quick` takes one short batch per row. 0, or 1 after a
 * line on stderr. */
int bench(const char *path, const char *results, bool quick);

#endif

/* What a call costs from the C host: the C API's own calls
 * (function_call with values made once), per call and for
 * 64 KiB each way, beside a native memcpy of 64 KiB, the floor a copy of
 * those bytes cannot beat. Each time is the median of 11 batches of about
 * 20 ms, as the Rust host's (runner/benches/costs/measure.rs); the rows go
 * into target/bench/results.json, where the Rust host prints them with
 * every other host's. `.ci/bench` runs it on the Rust implementation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host.h"

#define SIZE 65536

/* One kind of operation, timed by calling `run` on `state`. */
typedef void (*operation_t)(void *state);

/* A function and the arguments it is called with, again and again. */
typedef struct {
  function_t function;
  wasmtime_component_val_t args[2];
  size_t args_len;
} timed_call_t;

static void make_call(void *state) {
  timed_call_t *call = state;
  wasmtime_component_val_t result = NO_VALUE;
  char *error = NULL;
  if (!function_call(&call->function, call->args, call->args_len, &result, &error)) {
    fprintf(stderr, "error: a call trapped while it was timed: %s\n", error);
    exit(1);
  }
  wasmtime_component_val_delete(&result);
}

typedef struct {
  unsigned char *from, *to;
} copy_t;

static void copy(void *state) {
  copy_t *copy = state;
  memcpy(copy->to, copy->from, SIZE);
  /* The copy must not be optimised away: its result is read. */
  __asm__ volatile("" : : "r"(copy->to) : "memory");
}

static double now(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return time.tv_sec * 1e9 + time.tv_nsec;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Median nanoseconds per operation, over `batches` batches of about
 * `batch_ns`, after a warm-up. */
static double ns_per_op(operation_t run, void *state, int batches, double batch_ns) {
  for (double until = now() + 2 * batch_ns; now() < until;)
    run(state);
  /* The batch size that takes about `batch_ns`: double until a batch
   * takes an eighth of it, then scale. */
  long batch = 1;
  for (;; batch *= 2) {
    double started = now();
    for (long i = 0; i < batch; i++)
      run(state);
    double elapsed = now() - started;
    if (elapsed >= batch_ns / 8) {
      batch = (long)(batch * batch_ns / elapsed);
      break;
    }
  }
  batch = batch > 0 ? batch : 1;
  double times[11];
  for (int nth = 0; nth < batches; nth++) {
    double started = now();
    for (long i = 0; i < batch; i++)
      run(state);
    times[nth] = (now() - started) / batch;
  }
  qsort(times, batches, sizeof times[0], by_value);
  return times[batches / 2];
}

/* A row of results.json, as the Rust host's `Row::json` writes one. */
static json_t *row(const char *group, const char *name, const char *path, double ns,
                   const char *baseline, double baseline_ns, bool floor) {
  bool bulk = strstr(name, "64 KiB") != NULL;
  return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:f}", "host", "c",
                   "runtime", "C host, wasmtime C API", "group", group, "name", name, "path", path,
                   "bytes", bulk ? json_integer(SIZE) : json_null(), "gb_per_s",
                   bulk ? json_real(SIZE / ns) : json_null(), "baseline",
                   baseline ? json_string(baseline) : json_null(), "ratio",
                   baseline ? json_real(ns / baseline_ns) : json_null(), "floor", floor,
                   "ns_per_op", ns);
}

/* `rows` in place of the "c" host's in the file at `results`. */
static void merge(const char *results, const json_t *rows) {
  json_t *all = json_load_file(results, 0, NULL);
  if (!json_is_array(all)) {
    json_decref(all);
    all = json_array();
  }
  for (size_t at = json_array_size(all); at-- > 0;) {
    const char *host = json_string_value(json_object_get(json_array_get(all, at), "host"));
    if (host && strcmp(host, "c") == 0)
      json_array_remove(all, at);
  }
  json_array_extend(all, (json_t *)rows);
  json_dump_file(all, results, JSON_INDENT(2));
  json_decref(all);
}

int bench(const char *path, const char *results, bool quick) {
  char *error = NULL;
  instance_t *instance = instance_open(path, NULL, &error);
  if (instance == NULL) {
    fprintf(stderr, "error: %s cannot be used as a linear-memory component: %s\n", path, error);
    free(error);
    return 1;
  }
  int batches = quick ? 1 : 11;
  double batch_ns = quick ? 1e6 : 20e6;
  static unsigned char from[SIZE], to[SIZE];
  copy_t buffers = {from, to};
  double memcpy_ns = ns_per_op(copy, &buffers, batches, batch_ns);

  /* Each call, with its arguments made values once. */
  static const uint8_t zeros[SIZE];
  struct {
    const char *name, *function;
    wasmtime_component_val_t args[2];
    size_t args_len;
  } calls[] = {
      {"buffer-len()", "buffer-len", {{0}}, 0},
      {"store(5, 24)", "store", {value_u32(5), value_u8(24)}, 2},
      {"load(5)", "load", {value_u32(5)}, 1},
      {"write 64 KiB", "write", {value_u32(0), value_bytes(zeros, SIZE)}, 2},
      {"read 64 KiB", "read", {value_u32(0), value_u32(SIZE)}, 2},
  };

  json_t *rows = json_array();
  const char *api = "C API: wasmtime_component_func_call";
  json_array_append_new(rows, row("per call", "memcpy 64 KiB", "native memcpy", memcpy_ns, NULL, 0,
                                  false));
  double nop_ns = 0;
  int status = 0;
  for (size_t nth = 0; nth < sizeof calls / sizeof calls[0]; nth++) {
    timed_call_t call = {.args_len = calls[nth].args_len};
    memcpy(call.args, calls[nth].args, sizeof call.args);
    if (!instance_function(instance, calls[nth].function, &call.function, &error)) {
      fprintf(stderr, "error: %s cannot be called as the benchmark calls it: %s\n",
              calls[nth].name, error);
      free(error);
      status = 1;
      break;
    }
    double ns = ns_per_op(make_call, &call, batches, batch_ns);
    function_release(&call.function);
    bool bulk = strstr(calls[nth].name, "64 KiB") != NULL;
    nop_ns = nth == 0 ? ns : nop_ns;
    json_array_append_new(rows, row("per call", calls[nth].name, api, ns,
                                    nth == 0 ? NULL : bulk ? "memcpy 64 KiB" : "buffer-len()",
                                    bulk ? memcpy_ns : nop_ns, bulk));
  }
  wasmtime_component_val_delete(&calls[3].args[1]);
  instance_close(instance);
  if (status) {
    json_decref(rows);
    return status;
  }
  merge(results, rows);
  size_t count = json_array_size(rows);
  json_decref(rows);
  printf("C host, wasmtime C API: %zu rows, into %s\n", count, results);
  return 0;
}

/* What a call costs from the C host: the C API's own calls
 * (wasmtime_component_func_call with values built once), per call and for
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

static void make_call(void *state) {
  call_t *call = state;
  wasmtime_component_val_t result = {.kind = WASMTIME_COMPONENT_BOOL};
  wasmtime_error_t *failed = wasmtime_component_func_call(
      &call->func, call->context, call->args, call->args_len, &result, call->results_len);
  if (failed) {
    fprintf(stderr, "error: a call trapped while it was timed\n");
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
static cJSON *row(const char *group, const char *name, const char *path, double ns,
                  const char *baseline, double baseline_ns, bool floor) {
  cJSON *row = cJSON_CreateObject();
  cJSON_AddStringToObject(row, "host", "c");
  cJSON_AddStringToObject(row, "runtime", "C host, wasmtime C API");
  cJSON_AddStringToObject(row, "group", group);
  cJSON_AddStringToObject(row, "name", name);
  cJSON_AddStringToObject(row, "path", path);
  bool bulk = strstr(name, "64 KiB") != NULL;
  cJSON_AddItemToObject(row, "bytes", bulk ? cJSON_CreateNumber(SIZE) : cJSON_CreateNull());
  cJSON_AddItemToObject(row, "gb_per_s", bulk ? cJSON_CreateNumber(SIZE / ns) : cJSON_CreateNull());
  cJSON_AddItemToObject(row, "baseline", baseline ? cJSON_CreateString(baseline) : cJSON_CreateNull());
  cJSON_AddItemToObject(row, "ratio",
                        baseline ? cJSON_CreateNumber(ns / baseline_ns) : cJSON_CreateNull());
  cJSON_AddBoolToObject(row, "floor", floor);
  cJSON_AddNumberToObject(row, "ns_per_op", ns);
  return row;
}

/* `rows` in place of the "c" host's in the file at `results`. */
static void merge(const char *results, cJSON *rows) {
  char *text = file_text(results);
  cJSON *all = text ? cJSON_Parse(text) : NULL;
  free(text);
  if (!cJSON_IsArray(all)) {
    cJSON_Delete(all);
    all = cJSON_CreateArray();
  }
  for (cJSON *each = all->child, *next; each; each = next) {
    next = each->next;
    const char *host = cJSON_GetStringValue(cJSON_GetObjectItem(each, "host"));
    if (host && strcmp(host, "c") == 0)
      cJSON_Delete(cJSON_DetachItemViaPointer(all, each));
  }
  for (cJSON *each = rows->child; each; each = each->next)
    cJSON_AddItemToArray(all, cJSON_Duplicate(each, 1));
  char *printed = cJSON_Print(all);
  FILE *file = fopen(results, "wb");
  if (file) {
    fprintf(file, "%s\n", printed);
    fclose(file);
  }
  free(printed);
  cJSON_Delete(all);
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

  struct {
    const char *name, *function, *args;
  } calls[] = {
      {"buffer-len()", "buffer-len", "[]"},
      {"store(5, 24)", "store", "[5, 24]"},
      {"load(5)", "load", "[5]"},
      {"write 64 KiB", "write", NULL},
      {"read 64 KiB", "read", "[0, 65536]"},
  };
  /* write(0, [0, 0, ...]): 64 KiB of zeros, in JSON. */
  char *write_args = malloc(2 * SIZE + 16), *end = write_args;
  end += sprintf(end, "[0, [0");
  for (int i = 1; i < SIZE; i++)
    end += sprintf(end, ",0");
  strcpy(end, "]]");
  calls[3].args = write_args;

  cJSON *rows = cJSON_CreateArray();
  const char *api = "C API: wasmtime_component_func_call";
  cJSON_AddItemToArray(rows, row("per call", "memcpy 64 KiB", "native memcpy", memcpy_ns, NULL, 0,
                                 false));
  double nop_ns = 0;
  for (size_t nth = 0; nth < sizeof calls / sizeof calls[0]; nth++) {
    call_t prepared;
    cJSON *args = cJSON_Parse(calls[nth].args);
    bool ready = call_prepare(instance, calls[nth].function, args, &prepared, &error);
    cJSON_Delete(args);
    if (!ready) {
      fprintf(stderr, "error: %s cannot be called as the benchmark calls it: %s\n",
              calls[nth].name, error);
      return 1;
    }
    wasmtime_context_set_epoch_deadline(prepared.context, 1000000);
    double ns = ns_per_op(make_call, &prepared, batches, batch_ns);
    call_release(&prepared);
    bool bulk = strstr(calls[nth].name, "64 KiB") != NULL;
    nop_ns = nth == 0 ? ns : nop_ns;
    cJSON_AddItemToArray(rows, row("per call", calls[nth].name, api, ns,
                                   nth == 0 ? NULL : bulk ? "memcpy 64 KiB" : "buffer-len()",
                                   bulk ? memcpy_ns : nop_ns, bulk));
  }
  free(write_args);
  instance_close(instance);
  merge(results, rows);
  int count = cJSON_GetArraySize(rows);
  cJSON_Delete(rows);
  printf("C host, wasmtime C API: %d rows, into %s\n", count, results);
  return 0;
}

/* The linear-memory lesson from a C host: the seed's two parts, growth and
 * a refusal, the same lines as the Python host's (interop/hosts/python).
 * Each call's arguments are the C API's values, made here: a byte is a u8,
 * the bytes written a list<u8>.
 *
 * The lesson holds no rules of the contract: it calls the implementation
 * through the checker component, which traps on any answer the contract
 * rules out. A component that cannot be loaded, traps, refuses what the
 * lesson needs or breaks the contract ends the lesson with one line on
 * stderr naming the file, and exit status 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

/* A growth no 32-bit memory has room for: 4 GiB, in 64 KiB pages. */
#define FOUR_GIB 65536

typedef struct {
  const char *path;
  instance_t *instance;
} lesson_t;

/* Why the lesson stopped, on stderr after the file's name; false. */
static bool stop(const lesson_t *lesson, char *why) {
  fprintf(stderr, "error: %s %s\n", lesson->path, why);
  free(why);
  return false;
}

/* The call as WAVE writes one: `read(0, 2)`. To free. */
static char *call_text(const char *name, const wasmtime_component_val_t *args, size_t args_len) {
  wasmtime_component_val_t list = {.kind = WASMTIME_COMPONENT_LIST,
                                   .of.list = {args_len, (wasmtime_component_val_t *)args}};
  char *listed = wave(&list);
  char *text = format("%s(%.*s)", name, (int)strlen(listed) - 2, listed + 1);
  free(listed);
  return text;
}

/* Calls `name` with `args`, its result into `*result` (to delete); false
 * once the reason is on stderr: the rule the checker said was broken, or
 * the trap. */
static bool call(const lesson_t *lesson, const char *name, const wasmtime_component_val_t *args,
                 size_t args_len, wasmtime_component_val_t *result) {
  char *error = NULL;
  *result = NO_VALUE;
  if (instance_call(lesson->instance, name, args, args_len, result, &error))
    return true;
  char *violation = instance_violation(lesson->instance);
  if (violation)
    stop(lesson, format("broke the contract: %s", violation));
  else
    stop(lesson, format("trapped in %s: %s", name, error));
  free(violation);
  free(error);
  return false;
}

/* A call of a function without a `result` that returns a u32 (the pointer,
 * a size), into `*number`. */
static bool number(const lesson_t *lesson, const char *name, uint32_t *number) {
  wasmtime_component_val_t result;
  if (!call(lesson, name, NULL, 0, &result))
    return false;
  *number = result.of.u32;
  return true;
}

/* A call whose result is `result<T, error>`, expected to be `ok`: T into
 * `*ok` (to delete; an empty `ok` leaves NO_VALUE). False once the reason
 * is on stderr; a refusal stops the lesson too. */
static bool request(const lesson_t *lesson, const char *name, const wasmtime_component_val_t *args,
                    size_t args_len, wasmtime_component_val_t *ok) {
  wasmtime_component_val_t result;
  if (!call(lesson, name, args, args_len, &result))
    return false;
  *ok = NO_VALUE;
  bool refused = !result.of.result.is_ok;
  if (refused) {
    char *shown = call_text(name, args, args_len), *answer = wave(&result);
    stop(lesson, format("refused %s: %s", shown, answer));
    free(shown);
    free(answer);
  } else if (result.of.result.val) {
    *ok = *result.of.result.val;
    *result.of.result.val = NO_VALUE;
  }
  wasmtime_component_val_delete(&result);
  return !refused;
}

/* Makes a call and prints it with its answer. False if it could not. */
static bool show(const lesson_t *lesson, const char *name, const wasmtime_component_val_t *args,
                 size_t args_len) {
  wasmtime_component_val_t result;
  if (!call(lesson, name, args, args_len, &result))
    return false;
  char *shown = call_text(name, args, args_len), *answer = wave(&result);
  printf("  %s -> %s\n", shown, answer);
  free(shown);
  free(answer);
  wasmtime_component_val_delete(&result);
  return true;
}

static bool part_one(const lesson_t *lesson) {
  wasmtime_component_val_t value = value_u8(24), nothing;
  if (!call(lesson, "store-value-in-wasm-memory-buffer-index-zero", &value, 1, &nothing))
    return false;
  wasmtime_component_val_t range[] = {value_u32(0), value_u32(2)}, bytes;
  if (!request(lesson, "read", range, 2, &bytes))
    return false;
  char *read = wave(&bytes);
  printf("Part 1: the component stored 24 at index 0; read(0, 2) -> %s\n", read);
  free(read);
  wasmtime_component_val_delete(&bytes);
  return true;
}

static bool part_two(const lesson_t *lesson) {
  const uint8_t twenty_five[] = {25};
  wasmtime_component_val_t write[] = {value_u32(1), value_bytes(twenty_five, 1)}, nothing;
  bool written = request(lesson, "write", write, 2, &nothing);
  wasmtime_component_val_delete(&write[1]);
  wasmtime_component_val_t index_one;
  if (!written ||
      !call(lesson, "read-wasm-memory-buffer-and-return-index-one", NULL, 0, &index_one))
    return false;
  printf("Part 2: C wrote 25 at index 1; the component reads %u\n", index_one.of.u8);
  return true;
}

static bool part_three(const lesson_t *lesson) {
  uint32_t before, after, moved;
  wasmtime_component_val_t one = value_u32(1), previous;
  if (!number(lesson, "memory-pages", &before) ||
      !request(lesson, "grow-memory", &one, 1, &previous) ||
      !number(lesson, "memory-pages", &after) ||
      !number(lesson, "get-wasm-memory-buffer-pointer", &moved))
    return false;
  printf("Part 3: grow-memory(1) -> %u; memory grew from %u to %u pages, the buffer stayed "
         "at %u\n",
         previous.of.u32, before, after, moved);
  return true;
}

static bool part_four(const lesson_t *lesson) {
  printf("Part 4: bad requests are error values\n");
  uint32_t length;
  if (!number(lesson, "buffer-len", &length))
    return false;
  wasmtime_component_val_t load[] = {value_u32(length)};
  wasmtime_component_val_t read[] = {value_u32(length - 1), value_u32(2)};
  wasmtime_component_val_t grow[] = {value_u32(FOUR_GIB)};
  return show(lesson, "load", load, 1) && show(lesson, "read", read, 2) &&
         show(lesson, "grow-memory", grow, 1);
}

int lesson(const char *path, const char *checker) {
  lesson_t lesson = {.path = path};
  char *error = NULL;
  lesson.instance = instance_open(path, checker, &error);
  if (lesson.instance == NULL) {
    stop(&lesson, format("cannot be used as a linear-memory component: %s", error));
    free(error);
    return 1;
  }
  uint32_t pointer;
  bool taught = number(&lesson, "get-wasm-memory-buffer-pointer", &pointer);
  if (taught)
    printf("The buffer is at address %u of the component's memory; C gets a number, and copies.\n",
           pointer);
  taught = taught && part_one(&lesson) && part_two(&lesson) && part_three(&lesson) &&
           part_four(&lesson);
  instance_close(lesson.instance);
  return taught ? 0 : 1;
}

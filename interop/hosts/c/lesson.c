/* The linear-memory lesson from a C host: the seed's two parts, growth and
 * a refusal, the same lines as the Python host's (interop/hosts/python).
 *
 * The lesson holds no rules of the contract: it calls the implementation
 * through the checker component, which traps on any answer the contract
 * rules out. A component that cannot be loaded, traps, refuses what the
 * lesson needs or breaks the contract ends the lesson with one line on
 * stderr naming the file, and exit status 1. */
#include <stdarg.h>
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

/* Why the lesson stopped, on stderr after the file's name; 1. */
static int stop(const lesson_t *lesson, char *why) {
  fprintf(stderr, "error: %s %s\n", lesson->path, why);
  free(why);
  return 1;
}

/* A JSON array of `count` numbers. */
static cJSON *numbers(int count, ...) {
  va_list args;
  va_start(args, count);
  cJSON *array = cJSON_CreateArray();
  while (count-- > 0)
    cJSON_AddItemToArray(array, cJSON_CreateNumber(va_arg(args, double)));
  va_end(args);
  return array;
}

/* The call as WAVE writes one, `name(1, 2)`: the arguments in WAVE are a
 * list, [1, 2]. To free. */
static char *call_text(const char *name, const cJSON *args) {
  char *list = wave(args);
  char *text = format("%s(%.*s)", name, (int)strlen(list) - 2, list + 1);
  free(list);
  return text;
}

/* Calls `name` with `args` (taken); NULL once the reason is on stderr. */
static cJSON *call(const lesson_t *lesson, const char *name, cJSON *args) {
  char *error = NULL;
  cJSON *got = instance_call(lesson->instance, name, args, &error);
  cJSON_Delete(args);
  if (got)
    return got;
  char *violation = instance_violation(lesson->instance);
  if (violation) {
    stop(lesson, format("broke the contract: %s", violation));
    free(violation);
  } else
    stop(lesson, format("trapped in %s: %s", name, error));
  free(error);
  return NULL;
}

/* A call whose result is `result<T, error>`, expected to be `ok`: T
 * (taken from the answer), or NULL once the reason is on stderr. */
static cJSON *request(const lesson_t *lesson, const char *name, cJSON *args) {
  char *shown = call_text(name, args);
  cJSON *got = call(lesson, name, args);
  cJSON *ok = got ? cJSON_DetachItemFromObject(got, "ok") : NULL;
  if (got && !ok) {
    char *answer = wave(got);
    stop(lesson, format("refused %s: %s", shown, answer));
    free(answer);
  }
  free(shown);
  cJSON_Delete(got);
  return ok;
}

/* A number the call returns, or -1 once the reason is on stderr. */
static double number(cJSON *got) {
  double value = cJSON_IsNumber(got) ? got->valuedouble : -1;
  cJSON_Delete(got);
  return value;
}

/* Makes a call and prints it with its answer. False if it could not. */
static bool show(const lesson_t *lesson, const char *name, cJSON *args) {
  char *shown = call_text(name, args);
  cJSON *got = call(lesson, name, args);
  if (got) {
    char *answer = wave(got);
    printf("  %s -> %s\n", shown, answer);
    free(answer);
  }
  free(shown);
  cJSON_Delete(got);
  return got != NULL;
}

static int parts(const lesson_t *lesson) {
  double pointer = number(call(lesson, "get-wasm-memory-buffer-pointer", numbers(0)));
  if (pointer < 0)
    return 1;
  printf("The buffer is at address %.0f of the component's memory; C gets a number, and copies.\n",
         pointer);

  cJSON *stored = call(lesson, "store-value-in-wasm-memory-buffer-index-zero", numbers(1, 24.0));
  if (!stored)
    return 1;
  cJSON_Delete(stored);
  cJSON *first = request(lesson, "read", numbers(2, 0.0, 2.0));
  if (!first)
    return 1;
  char *bytes = wave(first);
  printf("Part 1: the component stored 24 at index 0; read(0, 2) -> %s\n", bytes);
  free(bytes);
  cJSON_Delete(first);

  cJSON *write = numbers(1, 1.0);
  cJSON_AddItemToArray(write, numbers(1, 25.0));
  cJSON *written = request(lesson, "write", write);
  if (!written)
    return 1;
  cJSON_Delete(written);
  double index_one = number(call(lesson, "read-wasm-memory-buffer-and-return-index-one", numbers(0)));
  if (index_one < 0)
    return 1;
  printf("Part 2: C wrote 25 at index 1; the component reads %.0f\n", index_one);

  double before = number(call(lesson, "memory-pages", numbers(0)));
  double previous = before < 0 ? -1 : number(request(lesson, "grow-memory", numbers(1, 1.0)));
  double after = previous < 0 ? -1 : number(call(lesson, "memory-pages", numbers(0)));
  double moved =
      after < 0 ? -1 : number(call(lesson, "get-wasm-memory-buffer-pointer", numbers(0)));
  if (moved < 0)
    return 1;
  printf("Part 3: grow-memory(1) -> %.0f; memory grew from %.0f to %.0f pages, the buffer stayed "
         "at %.0f\n",
         previous, before, after, moved);

  printf("Part 4: bad requests are error values\n");
  double length = number(call(lesson, "buffer-len", numbers(0)));
  bool shown = length >= 0 && show(lesson, "load", numbers(1, length)) &&
               show(lesson, "read", numbers(2, length - 1, 2.0)) &&
               show(lesson, "grow-memory", numbers(1, (double)FOUR_GIB));
  return shown ? 0 : 1;
}

int lesson(const char *path, const char *checker) {
  lesson_t lesson = {.path = path};
  char *error = NULL;
  lesson.instance = instance_open(path, checker, &error);
  if (lesson.instance == NULL) {
    int status = stop(&lesson, format("cannot be used as a linear-memory component: %s", error));
    free(error);
    return status;
  }
  int status = parts(&lesson);
  instance_close(lesson.instance);
  return status;
}

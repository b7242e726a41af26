/* The contract's cases (wit/conformance.json, "cases") from the C host, as
 * every other host runs them: each case on a fresh instance, its calls in
 * order, each answer compared with `expect` when there is one, `bind`
 * naming an answer for later cases, a case that needs a longer buffer
 * skipped. Arguments are made values of their
 * parameters' types, as the function's own type gives them; an answer is
 * compared in the file's notation. The stream cases need the async ABI,
 * which this host does not use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

/* `value` written out in full (a new reference): {"zeros": n} and
 * {"ramp": n} as byte arrays, {"$": name} (times "*": m, plus "+": n) as the
 * answer bound to name, counts included. */
static json_t *resolve(const json_t *value, const json_t *bindings) {
  const json_t *name = json_object_get(value, "$");
  if (json_is_string(name)) {
    const json_t *bound = json_object_get(bindings, json_string_value(name));
    const json_t *times = json_object_get(value, "*"), *plus = json_object_get(value, "+");
    if (json_is_integer(bound))
      return json_integer(json_integer_value(bound) * (times ? json_integer_value(times) : 1) +
                          (plus ? json_integer_value(plus) : 0));
    return bound ? json_deep_copy(bound) : json_string("(an answer no earlier case bound)");
  }
  const json_t *zeros = json_object_get(value, "zeros"), *ramp = json_object_get(value, "ramp");
  if (json_object_size(value) == 1 && (zeros || ramp)) {
    json_t *count = resolve(zeros ? zeros : ramp, bindings);
    json_t *array = json_array();
    for (json_int_t i = 0; json_is_integer(count) && i < json_integer_value(count); i++)
      json_array_append_new(array, json_integer(zeros ? 0 : i % 256));
    json_decref(count);
    return array;
  }
  if (json_is_array(value)) {
    json_t *copy = json_array();
    for (size_t i = 0; i < json_array_size(value); i++)
      json_array_append_new(copy, resolve(json_array_get(value, i), bindings));
    return copy;
  }
  if (json_is_object(value)) {
    json_t *copy = json_object();
    const char *key;
    json_t *item;
    json_object_foreach((json_t *)value, key, item) json_object_set_new(copy, key, resolve(item, bindings));
    return copy;
  }
  return json_deep_copy(value);
}

/* `args` (a JSON array) as values of `function`'s parameters, into
 * `values` (each to delete). False, and `*error`, when they do not fit. */
static bool arguments(const char *name, const function_t *function, const json_t *args,
                      wasmtime_component_val_t *values, char **error) {
  size_t count = wasmtime_component_func_type_param_count(function->type);
  if (!json_is_array(args) || json_array_size(args) != count) {
    *error = format("%s takes %zu arguments", name, count);
    return false;
  }
  for (size_t nth = 0; nth < count; nth++) {
    const char *param;
    size_t param_len;
    wasmtime_component_valtype_t type;
    wasmtime_component_func_type_param_nth(function->type, nth, &param, &param_len, &type);
    char *why = NULL;
    bool held = value_from_json(&type, json_array_get(args, nth), &values[nth], &why);
    wasmtime_component_valtype_delete(&type);
    if (!held) {
      *error = format("%s: %.*s %s", name, (int)param_len, param, why);
      free(why);
      for (size_t made = 0; made < nth; made++)
        wasmtime_component_val_delete(&values[made]);
      return false;
    }
  }
  return true;
}

/* Makes `call` on `instance`: its answer in the case file's notation (a
 * JSON null for a function without a result), or NULL and `*error`. */
static json_t *answer(instance_t *instance, const json_t *call, const json_t *bindings,
                      char **error) {
  const char *name = json_string_value(json_object_get(call, "call"));
  function_t function;
  if (name == NULL || !instance_function(instance, name ? name : "?", &function, error))
    return NULL;
  json_t *args = resolve(json_object_get(call, "args"), bindings);
  size_t count = json_array_size(args);
  wasmtime_component_val_t *values = calloc(count + 1, sizeof *values);
  json_t *got = NULL;
  if (arguments(name, &function, args, values, error)) {
    wasmtime_component_val_t result = NO_VALUE;
    if (function_call(&function, values, count, &result, error))
      got = function.results_len ? value_to_json(&result) : json_null();
    wasmtime_component_val_delete(&result);
    for (size_t nth = 0; nth < count; nth++)
      wasmtime_component_val_delete(&values[nth]);
  }
  free(values);
  json_decref(args);
  function_release(&function);
  return got;
}

/* `json` in the case file's notation, cut to a line's length (a whole
 * buffer is 64 KiB). To free. */
static char *shown(const json_t *json) {
  char *text = json_dumps(json, JSON_ENCODE_ANY | JSON_COMPACT);
  if (text && strlen(text) > 120)
    strcpy(text + 117, "...");
  return text ? text : strdup("?");
}

/* One call of a case: false, after a line on stderr, if it failed. */
static bool step(instance_t *instance, const char *case_name, size_t nth, const json_t *call,
                 json_t *bindings) {
  char *error = NULL;
  json_t *got = answer(instance, call, bindings, &error);
  const json_t *expect = json_object_get(call, "expect");
  json_t *expected = expect ? resolve(expect, bindings) : NULL;
  bool passed = got && (!expected || json_equal(got, expected));
  if (!passed) {
    const char *name = json_string_value(json_object_get(call, "call"));
    char *answered = got ? shown(got) : format("no answer: %s", error ? error : "no function named");
    char *wanted = expected ? shown(expected) : strdup("any answer");
    fprintf(stderr, "FAIL %s, call %zu (%s): got %s, expected %s\n", case_name, nth,
            name ? name : "?", answered, wanted);
    free(answered);
    free(wanted);
  }
  const char *bind = json_string_value(json_object_get(call, "bind"));
  if (passed && bind)
    json_object_set(bindings, bind, got);
  json_decref(expected);
  json_decref(got);
  free(error);
  return passed;
}

/* The cases of `conformance`, run; 0 when every one passed. */
static int run(const char *path, const json_t *conformance) {
  const json_t *all = json_object_get(conformance, "cases");
  json_t *bindings = json_object();
  size_t passed = 0, skipped = 0, total = json_array_size(all);
  for (size_t at = 0; at < total; at++) {
    const json_t *each = json_array_get(all, at);
    const char *name = json_string_value(json_object_get(each, "name"));
    /* A case that needs a longer buffer than the one bound as "len". */
    const json_t *least = json_object_get(each, "buffer-len-at-least");
    if (least && json_integer_value(json_object_get(bindings, "len")) < json_integer_value(least)) {
      skipped++;
      continue;
    }
    char *error = NULL;
    instance_t *instance = instance_open(path, NULL, &error);
    if (instance == NULL) {
      fprintf(stderr, "error: %s cannot be used as a linear-memory component: %s\n", path, error);
      free(error);
      json_decref(bindings);
      return 1;
    }
    const json_t *calls = json_object_get(each, "calls");
    bool ok = true;
    for (size_t nth = 0; ok && nth < json_array_size(calls); nth++)
      ok = step(instance, name ? name : "?", nth, json_array_get(calls, nth), bindings);
    passed += ok;
    instance_close(instance);
  }
  json_decref(bindings);
  printf("%zu of %zu cases passed on %s", passed, total - skipped, path);
  printf(skipped ? " (%zu skipped: the buffer is too short)\n" : "\n", skipped);
  return passed + skipped == total && passed > 0 ? 0 : 1;
}

int cases(const char *path, const char *conformance) {
  json_error_t why;
  json_t *parsed = json_load_file(conformance, 0, &why);
  if (parsed == NULL) {
    fprintf(stderr, "error: %s is not the contract's cases (a JSON file): %s\n", conformance,
            why.text);
    return 2;
  }
  int status = run(path, parsed);
  json_decref(parsed);
  return status;
}

/* Values across the C API: made for a call (a byte is a u8, a list<u8>
 * bytes), read from and written as wit/conformance.json's notation
 * (jansson, whose integers are integers), and printed in WAVE.
 *
 * The C API passes a list<u8> as a list of values, each one byte tagged
 * with its kind: 64 KiB of them for a whole buffer, which wasmtime lowers
 * one by one into the component's memory. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

char *format(const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  char *text = NULL;
  if (vasprintf(&text, fmt, args) < 0)
    abort();
  va_end(args);
  return text;
}

wasmtime_component_val_t value_u8(uint8_t value) {
  return (wasmtime_component_val_t){.kind = WASMTIME_COMPONENT_U8, .of.u8 = value};
}

wasmtime_component_val_t value_u32(uint32_t value) {
  return (wasmtime_component_val_t){.kind = WASMTIME_COMPONENT_U32, .of.u32 = value};
}

wasmtime_component_val_t value_bytes(const uint8_t *bytes, size_t len) {
  wasmtime_component_vallist_t list;
  wasmtime_component_vallist_new_uninit(&list, len);
  for (size_t nth = 0; nth < len; nth++)
    list.data[nth] = value_u8(bytes[nth]);
  return (wasmtime_component_val_t){.kind = WASMTIME_COMPONENT_LIST, .of.list = list};
}

/* `json` as an integer from 0 to `largest`, into `out`. */
static bool integer(const json_t *json, json_int_t largest, const char *type, json_int_t *out,
                    char **error) {
  json_int_t number = json_is_integer(json) ? json_integer_value(json) : -1;
  if (number < 0 || number > largest) {
    *error = format("must be an integer from 0 to %lld (%s)", (long long)largest, type);
    return false;
  }
  *out = number;
  return true;
}

/* `json`, an array of bytes, as a list<u8>. */
static bool bytes(const json_t *json, wasmtime_component_val_t *out, char **error) {
  if (!json_is_array(json)) {
    *error = format("must be an array of bytes (a list<u8>)");
    return false;
  }
  size_t len = json_array_size(json);
  uint8_t *made = malloc(len ? len : 1);
  for (size_t nth = 0; nth < len; nth++) {
    json_int_t byte;
    if (!integer(json_array_get(json, nth), 255, "u8", &byte, error)) {
      free(made);
      return false;
    }
    made[nth] = (uint8_t)byte;
  }
  *out = value_bytes(made, len);
  free(made);
  return true;
}

bool value_from_json(const wasmtime_component_valtype_t *type, const json_t *json,
                     wasmtime_component_val_t *out, char **error) {
  json_int_t number;
  switch (type->kind) {
  case WASMTIME_COMPONENT_VALTYPE_U8:
    if (!integer(json, UINT8_MAX, "u8", &number, error))
      return false;
    *out = value_u8((uint8_t)number);
    return true;
  case WASMTIME_COMPONENT_VALTYPE_U32:
    if (!integer(json, UINT32_MAX, "u32", &number, error))
      return false;
    *out = value_u32((uint32_t)number);
    return true;
  case WASMTIME_COMPONENT_VALTYPE_LIST:
    return bytes(json, out, error);
  default:
    *error = format("has a type this host does not pass");
    return false;
  }
}

/* A name of the C API's (a field's, a case's) as a C string, to free. */
static char *name_of(const wasm_name_t *name) {
  return strndup(name->data, name->size);
}

json_t *value_to_json(const wasmtime_component_val_t *value) {
  const wasmtime_component_valunion_t *of = &value->of;
  switch (value->kind) {
  case WASMTIME_COMPONENT_BOOL:
    return json_boolean(of->boolean);
  case WASMTIME_COMPONENT_U8:
    return json_integer(of->u8);
  case WASMTIME_COMPONENT_U32:
    return json_integer(of->u32);
  case WASMTIME_COMPONENT_LIST: {
    json_t *array = json_array();
    for (size_t nth = 0; nth < of->list.size; nth++)
      json_array_append_new(array, value_to_json(&of->list.data[nth]));
    return array;
  }
  case WASMTIME_COMPONENT_RECORD: {
    json_t *object = json_object();
    for (size_t nth = 0; nth < of->record.size; nth++) {
      char *field = name_of(&of->record.data[nth].name);
      json_object_set_new(object, field, value_to_json(&of->record.data[nth].val));
      free(field);
    }
    return object;
  }
  case WASMTIME_COMPONENT_VARIANT: {
    const wasmtime_component_val_t *payload = of->variant.val;
    char *name = name_of(&of->variant.discriminant);
    json_t *object = json_object();
    json_object_set_new(object, name, payload ? value_to_json(payload) : json_null());
    free(name);
    return object;
  }
  case WASMTIME_COMPONENT_RESULT: {
    const wasmtime_component_val_t *payload = of->result.val;
    json_t *object = json_object();
    json_object_set_new(object, of->result.is_ok ? "ok" : "err",
                        payload ? value_to_json(payload) : json_null());
    return object;
  }
  default:
    return json_string("(a value of a type this host does not print)");
  }
}

/* The `count` values at `items` in WAVE, joined by ", "; a record's
 * fields as `name: value`. To free. */
static char *joined(const wasmtime_component_val_t *items, const wasmtime_component_valrecord_entry_t *fields,
                    size_t count) {
  char *text = strdup("");
  for (size_t nth = 0; nth < count; nth++) {
    char *value = wave(fields ? &fields[nth].val : &items[nth]);
    char *name = fields ? format("%.*s: ", (int)fields[nth].name.size, fields[nth].name.data)
                        : strdup("");
    char *longer = format("%s%s%s%s", text, nth ? ", " : "", name, value);
    free(name);
    free(value);
    free(text);
    text = longer;
  }
  return text;
}

char *wave(const wasmtime_component_val_t *value) {
  const wasmtime_component_valunion_t *of = &value->of;
  switch (value->kind) {
  case WASMTIME_COMPONENT_BOOL:
    return strdup(of->boolean ? "true" : "false");
  case WASMTIME_COMPONENT_U8:
    return format("%u", of->u8);
  case WASMTIME_COMPONENT_U32:
    return format("%u", of->u32);
  case WASMTIME_COMPONENT_LIST: {
    char *items = joined(of->list.data, NULL, of->list.size);
    char *text = format("[%s]", items);
    free(items);
    return text;
  }
  case WASMTIME_COMPONENT_RECORD: {
    char *fields = joined(NULL, of->record.data, of->record.size);
    char *text = format("{%s}", fields);
    free(fields);
    return text;
  }
  case WASMTIME_COMPONENT_VARIANT:
  case WASMTIME_COMPONENT_RESULT: {
    bool variant = value->kind == WASMTIME_COMPONENT_VARIANT;
    const wasmtime_component_val_t *payload = variant ? of->variant.val : of->result.val;
    char *name = variant ? name_of(&of->variant.discriminant)
                         : strdup(of->result.is_ok ? "ok" : "err");
    char *inner = payload ? wave(payload) : NULL;
    char *text = inner ? format("%s(%s)", name, inner) : strdup(name);
    free(inner);
    free(name);
    return text;
  }
  default:
    return strdup("(a value of a type this host does not print)");
  }
}

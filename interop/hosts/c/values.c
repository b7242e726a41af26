/* Values across the C API: conformance.json's notation (cJSON) into the
 * C API's component values for a call's arguments, its results back, and
 * WAVE for printing.
 *
 * The C API passes a list<u8> as a list of values, each one byte tagged
 * with its kind: a 64 KiB write builds 65536 of them here, and wasmtime
 * lowers each into the component's memory. */
#include <math.h>
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

char *file_text(const char *path) {
  FILE *file = fopen(path, "rb");
  if (file == NULL)
    return NULL;
  char *text = NULL;
  size_t size = 0;
  FILE *memory = open_memstream(&text, &size);
  char chunk[65536];
  for (size_t got; (got = fread(chunk, 1, sizeof chunk, file)) > 0;)
    fwrite(chunk, 1, got, memory);
  fclose(memory);
  fclose(file);
  return text;
}

/* `json` as an integer from 0 to `largest`, into `out`. */
static bool integer(const cJSON *json, double largest, const char *type, uint32_t *out,
                    char **error) {
  double number = cJSON_IsNumber(json) ? json->valuedouble : -1;
  if (number < 0 || number > largest || number != floor(number)) {
    *error = format("must be an integer from 0 to %.0f (%s)", largest, type);
    return false;
  }
  *out = (uint32_t)number;
  return true;
}

static bool bytes(const cJSON *json, wasmtime_component_val_t *out, char **error) {
  if (!cJSON_IsArray(json)) {
    *error = format("must be an array of bytes (a list<u8>)");
    return false;
  }
  wasmtime_component_vallist_t list;
  wasmtime_component_vallist_new_uninit(&list, (size_t)cJSON_GetArraySize(json));
  const cJSON *element = json->child;
  for (size_t nth = 0; nth < list.size; nth++, element = element->next) {
    uint32_t byte = 0;
    bool held = integer(element, 255, "u8", &byte, error);
    list.data[nth] = (wasmtime_component_val_t){.kind = WASMTIME_COMPONENT_U8, .of.u8 = (uint8_t)byte};
    if (!held) {
      /* The list is deleted whole: every element must be a value. */
      for (size_t rest = nth + 1; rest < list.size; rest++)
        list.data[rest] = list.data[nth];
      wasmtime_component_vallist_delete(&list);
      return false;
    }
  }
  *out = (wasmtime_component_val_t){.kind = WASMTIME_COMPONENT_LIST, .of.list = list};
  return true;
}

bool value_from_json(const wasmtime_component_valtype_t *type, const cJSON *json,
                     wasmtime_component_val_t *out, char **error) {
  uint32_t number;
  switch (type->kind) {
  case WASMTIME_COMPONENT_VALTYPE_U8:
    if (!integer(json, 255, "u8", &number, error))
      return false;
    *out = (wasmtime_component_val_t){.kind = WASMTIME_COMPONENT_U8, .of.u8 = (uint8_t)number};
    return true;
  case WASMTIME_COMPONENT_VALTYPE_U32:
    if (!integer(json, 4294967295.0, "u32", &number, error))
      return false;
    *out = (wasmtime_component_val_t){.kind = WASMTIME_COMPONENT_U32, .of.u32 = number};
    return true;
  case WASMTIME_COMPONENT_VALTYPE_LIST:
    return bytes(json, out, error);
  default:
    *error = format("has a type this host does not pass");
    return false;
  }
}

static cJSON *named(const wasm_name_t *name, cJSON *value, cJSON *object) {
  char *key = strndup(name->data, name->size);
  cJSON_AddItemToObject(object, key, value);
  free(key);
  return object;
}

cJSON *value_to_json(const wasmtime_component_val_t *value) {
  const wasmtime_component_valunion_t *of = &value->of;
  switch (value->kind) {
  case WASMTIME_COMPONENT_BOOL:
    return cJSON_CreateBool(of->boolean);
  case WASMTIME_COMPONENT_U8:
    return cJSON_CreateNumber(of->u8);
  case WASMTIME_COMPONENT_U32:
    return cJSON_CreateNumber(of->u32);
  case WASMTIME_COMPONENT_LIST: {
    cJSON *array = cJSON_CreateArray();
    for (size_t nth = 0; nth < of->list.size; nth++)
      cJSON_AddItemToArray(array, value_to_json(&of->list.data[nth]));
    return array;
  }
  case WASMTIME_COMPONENT_RECORD: {
    cJSON *object = cJSON_CreateObject();
    for (size_t nth = 0; nth < of->record.size; nth++)
      named(&of->record.data[nth].name, value_to_json(&of->record.data[nth].val), object);
    return object;
  }
  case WASMTIME_COMPONENT_VARIANT: {
    const wasmtime_component_val_t *payload = of->variant.val;
    cJSON *json = payload ? value_to_json(payload) : cJSON_CreateNull();
    return named(&of->variant.discriminant, json, cJSON_CreateObject());
  }
  case WASMTIME_COMPONENT_RESULT: {
    const wasmtime_component_val_t *payload = of->result.val;
    cJSON *json = payload ? value_to_json(payload) : cJSON_CreateNull();
    cJSON *object = cJSON_CreateObject();
    cJSON_AddItemToObject(object, of->result.is_ok ? "ok" : "err", json);
    return object;
  }
  default:
    return cJSON_CreateString("(a value of a type this host does not print)");
  }
}

/* `items` joined by ", ", each in WAVE; a record's as `name: value`. */
static char *joined(const cJSON *items, bool fields) {
  char *text = strdup("");
  for (const cJSON *item = items->child; item; item = item->next) {
    char *value = wave(item);
    char *longer = format("%s%s%s%s%s", text, item == items->child ? "" : ", ",
                          fields ? item->string : "", fields ? ": " : "", value);
    free(value);
    free(text);
    text = longer;
  }
  return text;
}

char *wave(const cJSON *json) {
  if (cJSON_IsNull(json))
    return strdup("()");
  if (cJSON_IsNumber(json))
    return format("%.0f", json->valuedouble);
  if (cJSON_IsBool(json))
    return strdup(cJSON_IsTrue(json) ? "true" : "false");
  if (cJSON_IsString(json))
    return format("\"%s\"", json->valuestring);
  bool object = cJSON_IsObject(json);
  char *inner = joined(json, object);
  char *text = NULL;
  const cJSON *only = object && cJSON_GetArraySize(json) == 1 ? json->child : NULL;
  if (!object)
    text = format("[%s]", inner);
  else if (only && strcmp(only->string, "ok") == 0 && cJSON_IsNull(only))
    text = strdup("ok");
  else if (only && (strcmp(only->string, "ok") == 0 || strcmp(only->string, "err") == 0)) {
    /* A result's payload; the error's is a variant's case: case(payload). */
    const cJSON *error_case = strcmp(only->string, "err") == 0 ? only->child : NULL;
    char *payload = error_case ? wave(error_case) : wave(only);
    if (error_case) {
      char *text = cJSON_IsNull(error_case) ? strdup(error_case->string)
                                            : format("%s(%s)", error_case->string, payload);
      free(payload);
      payload = text;
    }
    text = format("%s(%s)", only->string, payload);
    free(payload);
  } else
    text = format("{%s}", inner);
  free(inner);
  return text;
}

/* An instance of a linear-memory component on the wasmtime C API, alone or
 * behind the checker component, and calls into it by name.
 *
 * A component file is untrusted input. As in the Rust runner's defaults and
 * the Python host, each call may run for TIMEOUT_MS before it is
 * interrupted with a trap (a thread advances the engine's epoch every
 * EPOCH_TICK_MS), and each instance's linear memory may reach MAX_MEMORY
 * bytes; past it, memory.grow fails. WASI is linked, so implementations
 * whose language runtime imports it (Go) run too; it grants nothing, and
 * what a component writes to stderr is kept, not printed: the checker's
 * line there is how `instance_violation` learns which rule was broken. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host.h"

#define TIMEOUT_MS 5000
#define EPOCH_TICK_MS 10
#define MAX_MEMORY (4 << 20)

/* An instance of a component, and its export of the interface. */
typedef struct {
  wasmtime_component_instance_t instance;
  wasmtime_component_export_index_t *interface;
} exports_t;

struct instance {
  wasmtime_store_t *store;
  wasmtime_context_t *context;
  exports_t implementation;
  exports_t checker;
  bool checked; /* calls go through `checker` */
  char *stderr_text; /* what the components wrote to stderr */
  size_t stderr_len;
};

static void *tick(void *engine) {
  struct timespec pause = {0, EPOCH_TICK_MS * 1000000L};
  for (;;) {
    nanosleep(&pause, NULL);
    wasmtime_engine_increment_epoch(engine);
  }
  return NULL;
}

/* One engine for the process, its epoch advanced by a detached thread. */
static wasm_engine_t *engine(void) {
  static wasm_engine_t *engine;
  if (engine == NULL) {
    wasm_config_t *config = wasm_config_new();
    wasmtime_config_epoch_interruption_set(config, true);
    engine = wasm_engine_new_with_config(config);
    pthread_t ticker;
    pthread_create(&ticker, NULL, tick, engine);
    pthread_detach(ticker);
  }
  return engine;
}

/* What wasmtime said, in one line: for a trap, its cause (the last line,
 * after the wasm backtrace), as the Python host reports it. Takes `error`. */
static char *first_line(wasmtime_error_t *error) {
  wasm_name_t message;
  wasmtime_error_message(error, &message);
  wasmtime_error_delete(error);
  char *text = strndup(message.data, message.size);
  wasm_name_delete(&message);
  char *first = NULL, *last = NULL, *save = NULL;
  bool caused = false;
  for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    line += strspn(line, " \t");
    if (*line == '\0')
      continue;
    caused |= strcmp(line, "Caused by:") == 0;
    first = first ? first : line;
    last = line;
  }
  char *line = strdup(first == NULL ? "wasmtime gave no message" : caused ? last : first);
  free(text);
  return line;
}

/* The component at `path`, compiled: each file once per process. */
static wasmtime_component_t *compiled(const char *path, char **error) {
  static char *paths[8];
  static wasmtime_component_t *components[8];
  size_t slot = 0;
  for (; slot < 8 && paths[slot]; slot++)
    if (strcmp(paths[slot], path) == 0)
      return components[slot];
  FILE *file = fopen(path, "rb");
  if (file == NULL) {
    *error = format("cannot read the file: %s", strerror(errno));
    return NULL;
  }
  wasm_byte_vec_t bytes = {0, NULL};
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  rewind(file);
  wasm_byte_vec_new_uninitialized(&bytes, size < 0 ? 0 : (size_t)size);
  size_t read = fread(bytes.data, 1, bytes.size, file);
  fclose(file);
  if (size < 0 || read != bytes.size) {
    wasm_byte_vec_delete(&bytes);
    *error = format("cannot read the file");
    return NULL;
  }
  wasmtime_component_t *component = NULL;
  wasmtime_error_t *failed =
      wasmtime_component_new(engine(), (const uint8_t *)bytes.data, bytes.size, &component);
  wasm_byte_vec_delete(&bytes);
  if (failed) {
    *error = first_line(failed);
    return NULL;
  }
  if (slot < 8) {
    paths[slot] = strdup(path);
    components[slot] = component;
  }
  return component;
}

static ptrdiff_t keep_stderr(void *data, const unsigned char *bytes, size_t len) {
  instance_t *instance = data;
  char *grown = realloc(instance->stderr_text, instance->stderr_len + len + 1);
  if (grown == NULL)
    return -ENOMEM;
  memcpy(grown + instance->stderr_len, bytes, len);
  instance->stderr_len += len;
  grown[instance->stderr_len] = '\0';
  instance->stderr_text = grown;
  return (ptrdiff_t)len;
}

/* A store with the limits above and WASI, whose stderr `instance` keeps. */
static void open_store(instance_t *instance) {
  instance->store = wasmtime_store_new(engine(), NULL, NULL);
  instance->context = wasmtime_store_context(instance->store);
  wasmtime_store_limiter(instance->store, MAX_MEMORY, -1, -1, -1, -1);
  wasi_config_t *wasi = wasi_config_new();
  wasi_config_set_stderr_custom(wasi, keep_stderr, instance, NULL);
  wasmtime_error_t *failed = wasmtime_context_set_wasi(instance->context, wasi);
  if (failed)
    abort(); /* an empty WASI configuration cannot fail */
}

/* Instantiates `path` with `linker` (which gets WASI), into `out`. */
static bool instantiate(instance_t *instance, const char *path, wasmtime_component_linker_t *linker,
                        exports_t *out, char **error) {
  wasmtime_component_t *component = compiled(path, error);
  if (component == NULL)
    return false;
  wasmtime_error_t *failed = wasmtime_component_linker_add_wasip2(linker);
  if (failed == NULL) {
    wasmtime_context_set_epoch_deadline(instance->context, TIMEOUT_MS / EPOCH_TICK_MS);
    failed = wasmtime_component_linker_instantiate(linker, instance->context, component,
                                                   &out->instance);
  }
  wasmtime_component_linker_delete(linker);
  if (failed) {
    *error = first_line(failed);
    return false;
  }
  out->interface = wasmtime_component_instance_get_export_index(
      &out->instance, instance->context, NULL, INTERFACE, strlen(INTERFACE));
  if (out->interface == NULL) {
    *error = format("it does not export %s", INTERFACE);
    return false;
  }
  return true;
}

/* The function `name` of the interface `exports` export, if there is one. */
static bool find_function(const instance_t *instance, const exports_t *exports, const char *name,
                          size_t name_len, wasmtime_component_func_t *func) {
  wasmtime_component_export_index_t *index = wasmtime_component_instance_get_export_index(
      &exports->instance, instance->context, exports->interface, name, name_len);
  if (index == NULL)
    return false;
  bool found = wasmtime_component_instance_get_func(&exports->instance, instance->context, index,
                                                    func);
  wasmtime_component_export_index_delete(index);
  return found;
}

/* The checker's import of a function: a call of the implementation's. */
static wasmtime_error_t *forward(void *func, wasmtime_context_t *context,
                                 const wasmtime_component_func_type_t *type,
                                 wasmtime_component_val_t *args, size_t args_len,
                                 wasmtime_component_val_t *results, size_t results_len) {
  (void)type;
  return wasmtime_component_func_call(func, context, args, args_len, results, results_len);
}

/* A linker whose `buffer` is the implementation's: every function the
 * checker imports, forwarded. */
static wasmtime_component_linker_t *forwarding(instance_t *instance, const char *checker,
                                               char **error) {
  wasmtime_component_t *component = compiled(checker, error);
  if (component == NULL)
    return NULL;
  wasmtime_component_type_t *type = wasmtime_component_type(component);
  wasmtime_component_item_t import;
  bool imports = wasmtime_component_type_import_get(type, engine(), INTERFACE, strlen(INTERFACE),
                                                    &import);
  wasmtime_component_type_delete(type);
  if (!imports || import.kind != WASMTIME_COMPONENT_ITEM_COMPONENT_INSTANCE) {
    *error = format("the checker does not import %s", INTERFACE);
    return NULL;
  }
  wasmtime_component_linker_t *linker = wasmtime_component_linker_new(engine());
  wasmtime_component_linker_instance_t *root = wasmtime_component_linker_root(linker);
  wasmtime_component_linker_instance_t *buffer = NULL;
  wasmtime_error_t *failed = wasmtime_component_linker_instance_add_instance(
      root, INTERFACE, strlen(INTERFACE), &buffer);
  const wasmtime_component_instance_type_t *functions = import.of.component_instance;
  size_t count = wasmtime_component_instance_type_export_count(functions, engine());
  for (size_t nth = 0; failed == NULL && nth < count; nth++) {
    const char *name;
    size_t name_len;
    wasmtime_component_item_t item;
    wasmtime_component_instance_type_export_nth(functions, engine(), nth, &name, &name_len, &item);
    bool a_function = item.kind == WASMTIME_COMPONENT_ITEM_COMPONENT_FUNC;
    wasmtime_component_item_delete(&item);
    if (!a_function)
      continue; /* the interface's types: `error` and its records */
    wasmtime_component_func_t *func = malloc(sizeof *func);
    if (!find_function(instance, &instance->implementation, name, name_len, func)) {
      free(func);
      failed = wasmtime_error_new("the implementation lacks a function the checker imports");
      break;
    }
    failed = wasmtime_component_linker_instance_add_func(buffer, name, name_len, forward, func, free);
  }
  if (buffer)
    wasmtime_component_linker_instance_delete(buffer);
  wasmtime_component_linker_instance_delete(root);
  wasmtime_component_item_delete(&import);
  if (failed) {
    *error = first_line(failed);
    wasmtime_component_linker_delete(linker);
    return NULL;
  }
  return linker;
}

instance_t *instance_open(const char *path, const char *checker, char **error) {
  instance_t *instance = calloc(1, sizeof *instance);
  open_store(instance);
  bool opened =
      instantiate(instance, path, wasmtime_component_linker_new(engine()), &instance->implementation,
                  error);
  if (opened && checker) {
    wasmtime_component_linker_t *linker = forwarding(instance, checker, error);
    opened = linker && instantiate(instance, checker, linker, &instance->checker, error);
    instance->checked = opened;
  }
  if (!opened) {
    instance_close(instance);
    return NULL;
  }
  return instance;
}

void instance_close(instance_t *instance) {
  if (instance->implementation.interface)
    wasmtime_component_export_index_delete(instance->implementation.interface);
  if (instance->checker.interface)
    wasmtime_component_export_index_delete(instance->checker.interface);
  wasmtime_store_delete(instance->store);
  free(instance->stderr_text);
  free(instance);
}

bool instance_function(instance_t *instance, const char *name, function_t *function,
                       char **error) {
  exports_t *exports = instance->checked ? &instance->checker : &instance->implementation;
  *function = (function_t){.context = instance->context};
  if (!find_function(instance, exports, name, strlen(name), &function->func)) {
    *error = format("%s is not a function of %s", name, INTERFACE);
    return false;
  }
  function->type = wasmtime_component_func_type(&function->func, function->context);
  wasmtime_component_valtype_t result;
  function->results_len = wasmtime_component_func_type_result(function->type, &result) ? 1 : 0;
  if (function->results_len)
    wasmtime_component_valtype_delete(&result);
  return true;
}

void function_release(function_t *function) {
  if (function->type)
    wasmtime_component_func_type_delete(function->type);
  function->type = NULL;
}

bool function_call(const function_t *function, const wasmtime_component_val_t *args,
                   size_t args_len, wasmtime_component_val_t *result, char **error) {
  wasmtime_context_set_epoch_deadline(function->context, TIMEOUT_MS / EPOCH_TICK_MS);
  /* The call overwrites `result`, deleting what was there: a value. */
  wasmtime_error_t *failed = wasmtime_component_func_call(
      &function->func, function->context, args, args_len, result, function->results_len);
  if (failed) {
    *error = first_line(failed);
    return false;
  }
  return true;
}

bool instance_call(instance_t *instance, const char *name, const wasmtime_component_val_t *args,
                   size_t args_len, wasmtime_component_val_t *result, char **error) {
  function_t function;
  if (!instance_function(instance, name, &function, error))
    return false;
  bool called = function_call(&function, args, args_len, result, error);
  function_release(&function);
  return called;
}

char *instance_violation(const instance_t *instance) {
  const char *said = instance->stderr_text;
  if (said == NULL || strncmp(said, BROKE, strlen(BROKE)) != 0)
    return NULL;
  said += strlen(BROKE);
  return strndup(said, strcspn(said, "\n"));
}

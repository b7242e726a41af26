/* The linear-memory world in C: the buffer is a C array in this module's
 * linear memory, and the pointer the lesson prints is its address.
 *
 *   interop/guests/c/build      # -> target/interop/c/linear_memory_c.wasm
 *
 * Built with Debian's clang for wasm32 and no C library: the component
 * imports nothing. wit-bindgen's generated code (linear_memory.c, made at
 * build time) calls the functions below; the three it needs from
 * <stdlib.h> are here too (include/stdlib.h). */
#include "linear_memory.h"

#include <stdint.h>
#include <stdlib.h>

#define BUFFER_LEN 65536u
#define PAGE 65536u

typedef exports_wasm_by_example_linear_memory_buffer_error_t error_t;

/* The buffer: 64 KiB of zeros in the module's data, at a fixed address. */
static uint8_t buffer[BUFFER_LEN];

/* A request is valid when offset + len <= the buffer's length, computed in
 * 64 bits so that it cannot wrap. */
static bool within(uint32_t offset, uint32_t len, error_t *err) {
  if ((uint64_t)offset + len <= BUFFER_LEN) return true;
  err->tag = EXPORTS_WASM_BY_EXAMPLE_LINEAR_MEMORY_BUFFER_ERROR_OUT_OF_BOUNDS;
  err->val.out_of_bounds.offset = offset;
  err->val.out_of_bounds.len = len;
  err->val.out_of_bounds.buffer_len = BUFFER_LEN;
  return false;
}

void exports_wasm_by_example_linear_memory_buffer_store_value_in_wasm_memory_buffer_index_zero(uint8_t value) {
  buffer[0] = value;
}

uint32_t exports_wasm_by_example_linear_memory_buffer_get_wasm_memory_buffer_pointer(void) {
  return (uint32_t)(uintptr_t)buffer;
}

uint8_t exports_wasm_by_example_linear_memory_buffer_read_wasm_memory_buffer_and_return_index_one(void) {
  return buffer[1];
}

uint32_t exports_wasm_by_example_linear_memory_buffer_buffer_len(void) {
  return BUFFER_LEN;
}

bool exports_wasm_by_example_linear_memory_buffer_store(uint32_t index, uint8_t value, error_t *err) {
  if (!within(index, 1, err)) return false;
  buffer[index] = value;
  return true;
}

bool exports_wasm_by_example_linear_memory_buffer_load(uint32_t index, uint8_t *ret, error_t *err) {
  if (!within(index, 1, err)) return false;
  *ret = buffer[index];
  return true;
}

/* The list arrived in memory cabi_realloc gave (the canonical ABI's copy);
 * this is the second copy, into the buffer. All of it, or nothing. */
bool exports_wasm_by_example_linear_memory_buffer_write(uint32_t offset, linear_memory_list_u8_t *bytes,
                                                        error_t *err) {
  bool ok = within(offset, (uint32_t)bytes->len, err) && bytes->len == (uint32_t)bytes->len;
  if (ok) __builtin_memcpy(buffer + offset, bytes->ptr, bytes->len);
  linear_memory_list_u8_free(bytes);
  return ok;
}

/* The list handed back points into the buffer itself: the host's copy out
 * of this memory is the only one. So its post-return, which the generated
 * code defines weakly to free the list, is replaced by one that frees
 * nothing. */
bool exports_wasm_by_example_linear_memory_buffer_read(uint32_t offset, uint32_t len, linear_memory_list_u8_t *ret,
                                                       error_t *err) {
  if (!within(offset, len, err)) return false;
  ret->ptr = buffer + offset;
  ret->len = len;
  return true;
}

__attribute__((__export_name__("cabi_post_wasm-by-example:linear-memory/buffer@0.1.0#read")))
void __wasm_export_exports_wasm_by_example_linear_memory_buffer_read_post_return(uint8_t *ret_area) {
  (void)ret_area;
}

uint32_t exports_wasm_by_example_linear_memory_buffer_memory_pages(void) {
  return (uint32_t)__builtin_wasm_memory_size(0);
}

bool exports_wasm_by_example_linear_memory_buffer_grow_memory(uint32_t pages, uint32_t *ret, error_t *err) {
  size_t previous = __builtin_wasm_memory_grow(0, pages);
  if (previous != (size_t)-1) {
    *ret = (uint32_t)previous;
    return true;
  }
  err->tag = EXPORTS_WASM_BY_EXAMPLE_LINEAR_MEMORY_BUFFER_ERROR_GROW_REFUSED;
  err->val.grow_refused.current_pages = (uint32_t)__builtin_wasm_memory_size(0);
  err->val.grow_refused.requested_pages = pages;
  return false;
}

/* The allocator: the one block this component allocates is where the
 * canonical ABI puts a `write`'s list, freed when `write` returns. So one
 * block, past the end of the module's data (__heap_base), is reused call
 * after call, and grows memory when a longer list comes. */
extern uint8_t __heap_base;
static size_t scratch_len;

void *realloc(void *ptr, size_t size) {
  (void)ptr;
  uintptr_t start = ((uintptr_t)&__heap_base + 15) & ~(uintptr_t)15;
  if (size > scratch_len) {
    uint64_t end = (uint64_t)start + size;
    uint64_t have = (uint64_t)__builtin_wasm_memory_size(0) * PAGE;
    if (end > have && __builtin_wasm_memory_grow(0, (size_t)((end - have + PAGE - 1) / PAGE)) == (size_t)-1) {
      return NULL;
    }
    scratch_len = size;
  }
  return (void *)start;
}

void free(void *ptr) {
  (void)ptr;
}

_Noreturn void abort(void) {
  __builtin_trap();
}

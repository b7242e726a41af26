/* The three functions of <stdlib.h> that wit-bindgen's generated C calls,
 * for a build without a C library (no wasi-sdk, no libc: nothing to
 * import). buffer.c defines them. */
#ifndef LINEAR_MEMORY_STDLIB_H
#define LINEAR_MEMORY_STDLIB_H

#include <stddef.h>

void *realloc(void *ptr, size_t size);
void free(void *ptr);
_Noreturn void abort(void);

#endif

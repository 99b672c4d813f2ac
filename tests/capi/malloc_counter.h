/* Count heap allocations in this process. The program that includes this
 * (once) defines malloc and friends, which the dynamic linker binds ahead of
 * libc's for every library in the process (libpovmon, libstdc++ behind
 * operator new, libprotobuf), and forwards them to glibc's __libc_* entry
 * points. Set malloc_counter_on to count into malloc_counter_calls. */
#ifndef POVMON_TESTS_CAPI_MALLOC_COUNTER_H_
#define POVMON_TESTS_CAPI_MALLOC_COUNTER_H_

#include <stddef.h>
#include <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif

extern void* __libc_malloc(size_t size);
extern void* __libc_calloc(size_t count, size_t size);
extern void* __libc_realloc(void* pointer, size_t size);
extern void* __libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void* pointer);

/* The build hides symbols by default; these must be seen by the libraries. */
#define MALLOC_COUNTER_EXPORT __attribute__((visibility("default")))
/* glibc declares these noexcept in C++; a definition must repeat it. */
#ifdef __cplusplus
#define MALLOC_COUNTER_NOEXCEPT noexcept
#else
#define MALLOC_COUNTER_NOEXCEPT
#endif

static int malloc_counter_on = 0;
static long malloc_counter_calls = 0;

MALLOC_COUNTER_EXPORT void* malloc(size_t size) MALLOC_COUNTER_NOEXCEPT {
  if (malloc_counter_on) ++malloc_counter_calls;
  return __libc_malloc(size);
}
MALLOC_COUNTER_EXPORT void* calloc(size_t count,
                                   size_t size) MALLOC_COUNTER_NOEXCEPT {
  if (malloc_counter_on) ++malloc_counter_calls;
  return __libc_calloc(count, size);
}
MALLOC_COUNTER_EXPORT void* realloc(void* pointer,
                                    size_t size) MALLOC_COUNTER_NOEXCEPT {
  if (malloc_counter_on) ++malloc_counter_calls;
  return __libc_realloc(pointer, size);
}
MALLOC_COUNTER_EXPORT void* memalign(size_t alignment,
                                     size_t size) MALLOC_COUNTER_NOEXCEPT {
  if (malloc_counter_on) ++malloc_counter_calls;
  return __libc_memalign(alignment, size);
}
MALLOC_COUNTER_EXPORT void* aligned_alloc(size_t alignment,
                                          size_t size) MALLOC_COUNTER_NOEXCEPT {
  if (malloc_counter_on) ++malloc_counter_calls;
  return __libc_memalign(alignment, size);
}
MALLOC_COUNTER_EXPORT int posix_memalign(void** out, size_t alignment,
                                         size_t size) MALLOC_COUNTER_NOEXCEPT {
  void* pointer;
  if (malloc_counter_on) ++malloc_counter_calls;
  pointer = __libc_memalign(alignment, size);
  if (pointer == NULL) return 12; /* ENOMEM */
  *out = pointer;
  return 0;
}
MALLOC_COUNTER_EXPORT void free(void* pointer) MALLOC_COUNTER_NOEXCEPT {
  __libc_free(pointer);
}

#ifdef __cplusplus
}
#endif

#endif /* POVMON_TESTS_CAPI_MALLOC_COUNTER_H_ */

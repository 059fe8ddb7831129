#include "CSystemMemory.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void madoguchi_return_freed_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

void madoguchi_pin_mmap_threshold(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_ARENA_MAX, 1);
#endif
}

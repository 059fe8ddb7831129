#include "CSystemMemory.h"
// A libc header first: glibc defines __GLIBC__ in <features.h>, which every one of its headers
// includes, so before any of them the tests below are false and every function compiles empty (as
// it did from fb27004 to c74d064: no malloc_trim, no mmap threshold, no arena limit).
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__GLIBC__)
/// One arena from the process's start, before any thread: set later (`madoguchi_pin_mmap_threshold`),
/// the limit only stops new arenas and the threads started before keep theirs. MALLOC_ARENA_MAX in
/// the environment, read by glibc itself, wins.
__attribute__((constructor)) static void madoguchi_one_arena_from_the_start(void) {
    if (getenv("MALLOC_ARENA_MAX") == NULL) mallopt(M_ARENA_MAX, 1);
}
#endif

void madoguchi_return_freed_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

void madoguchi_pin_mmap_threshold(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

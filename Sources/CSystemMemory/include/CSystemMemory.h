#ifndef CSYSTEMMEMORY_H
#define CSYSTEMMEMORY_H

/// Hands memory the C allocator holds free back to the system where the allocator keeps it
/// (glibc's malloc_trim); does nothing elsewhere. For after a bulk load whose transient buffers
/// are gone (the catalogue's search snapshot).
void madoguchi_return_freed_memory(void);

/// Keeps glibc's mmap threshold at its starting value (128 KiB) instead of letting it rise to
/// 32 MiB after large buffers are freed, so that large transient buffers keep being mapped and
/// unmapped rather than left in the heap. Does nothing elsewhere. Called once when the server starts.
///
/// The process also keeps one glibc arena (instead of up to eight per core): each thread that met a
/// busy arena got its own, and what was freed stayed spread over them, each arena's free memory
/// unusable by the others. That limit is set by a constructor in CSystemMemory.c, before any thread
/// starts — set later, it only stops new arenas and threads started before keep theirs — unless
/// MALLOC_ARENA_MAX is set, which then wins. Until 677e3cf none of this took effect (the functions
/// compiled empty); with it, the HTTP benchmark at 100,000 datasets peaked at 143 MB RSS instead of
/// 177 MB (bench/http/README.md).
void madoguchi_pin_mmap_threshold(void);

#endif

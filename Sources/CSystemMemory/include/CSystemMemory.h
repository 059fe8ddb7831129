#ifndef CSYSTEMMEMORY_H
#define CSYSTEMMEMORY_H

/// Hands memory the C allocator holds free back to the system where the allocator keeps it
/// (glibc's malloc_trim); does nothing elsewhere. For after a bulk load whose transient buffers
/// are gone (the catalogue's search snapshot).
void madoguchi_return_freed_memory(void);

/// Keeps glibc's mmap threshold at its starting value (128 KiB) instead of letting it rise to
/// 32 MiB after large buffers are freed, so that large transient buffers keep being mapped and
/// unmapped rather than left in the heap, and bounds glibc's arenas to two (instead of eight per
/// core): each thread that met a busy arena got its own, and what the database's threads freed
/// stayed spread over them (at 100,000 datasets the server peaked at 157 MB RSS with the default
/// arenas, 129 MB with two; bench/http/README.md). Does nothing elsewhere. Called once when the
/// server starts.
void madoguchi_pin_mmap_threshold(void);

#endif

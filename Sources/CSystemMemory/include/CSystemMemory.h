#ifndef CSYSTEMMEMORY_H
#define CSYSTEMMEMORY_H

/// Hands memory the C allocator holds free back to the system where the allocator keeps it
/// (glibc's malloc_trim); does nothing elsewhere. For after a bulk load whose transient buffers
/// are gone (the catalogue's search snapshot).
void madoguchi_return_freed_memory(void);

/// Keeps glibc's mmap threshold at its starting value (128 KiB) instead of letting it rise to
/// 32 MiB after large buffers are freed, so that large transient buffers keep being mapped and
/// unmapped rather than left in the heap; does nothing elsewhere. Called once when the server starts.
void madoguchi_pin_mmap_threshold(void);

#endif

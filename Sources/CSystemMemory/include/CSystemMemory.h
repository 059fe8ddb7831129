#ifndef CSYSTEMMEMORY_H
#define CSYSTEMMEMORY_H

/// Hands memory the C allocator holds free back to the system where the allocator keeps it
/// (glibc's malloc_trim); does nothing elsewhere. For after a bulk load whose transient buffers
/// are gone (the catalogue's search snapshot).
void madoguchi_return_freed_memory(void);

#endif

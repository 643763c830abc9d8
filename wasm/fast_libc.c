// memcpy, memcmp and memchr for the wasm build, replacing the C library's
// (whose symbols are weak). Emscripten 3.1.6's memcpy copies misaligned
// bytes one at a time and its memcmp always does; the core copies and
// compares short texts at every alignment (records, JSON output, keys), so
// in Node they were a tenth of an analysis. WebAssembly loads and stores
// of any alignment are as fast as aligned ones on the hosts we run on, so
// these work eight bytes at a time whatever the alignment.
//
// Compiled with -fno-builtin (see cmake/wasm.cmake): otherwise the
// compiler may turn these loops back into calls to themselves. The native
// tests compile this file with FAST_LIBC_TEST defined, which names the
// functions fast_memcpy ... and compares them with the system's.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

// Copies of at least this many bytes go to the host's memory.copy-like
// HEAPU8.copyWithin, whose call costs more than a short loop.
#define BIG_COPY 4096

#ifdef FAST_LIBC_TEST
#define FAST(name) fast_##name
// Stands in for the JavaScript import.
static void* emscripten_memcpy_big(void* restrict dest,
                                   const void* restrict src,
                                   size_t n) {
  unsigned char* d = (unsigned char*)dest;
  const unsigned char* s = (const unsigned char*)src;
  while (n--)
    *d++ = *s++;
  return dest;
}
#else
#define FAST(name) name
void* emscripten_memcpy_big(void* restrict dest,
                            const void* restrict src,
                            size_t n);
#endif

static inline uint64_t Load64(const unsigned char* p) {
  uint64_t v;
  __builtin_memcpy(&v, p, 8);
  return v;
}

static inline void Store64(unsigned char* p, uint64_t v) {
  __builtin_memcpy(p, &v, 8);
}

static inline uint32_t Load32(const unsigned char* p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}

static inline void Store32(unsigned char* p, uint32_t v) {
  __builtin_memcpy(p, &v, 4);
}

void* FAST(memcpy)(void* restrict dest, const void* restrict src, size_t n) {
  unsigned char* d = (unsigned char*)dest;
  const unsigned char* s = (const unsigned char*)src;
  if (n >= BIG_COPY) {
    emscripten_memcpy_big(dest, src, n);
    return dest;
  }
  if (n >= 8) {
    // Whole words, then one last word ending at the last byte (it may
    // overlap the previous one, which is fine for a copy).
    const unsigned char* last = s + n - 8;
    unsigned char* last_d = d + n - 8;
    while (n >= 32) {
      Store64(d, Load64(s));
      Store64(d + 8, Load64(s + 8));
      Store64(d + 16, Load64(s + 16));
      Store64(d + 24, Load64(s + 24));
      d += 32;
      s += 32;
      n -= 32;
    }
    while (n >= 8) {
      Store64(d, Load64(s));
      d += 8;
      s += 8;
      n -= 8;
    }
    Store64(last_d, Load64(last));
    return dest;
  }
  if (n >= 4) {
    const uint32_t head = Load32(s);
    const uint32_t tail = Load32(s + n - 4);
    Store32(d, head);
    Store32(d + n - 4, tail);
    return dest;
  }
  while (n--)
    *d++ = *s++;
  return dest;
}

int FAST(memcmp)(const void* a, const void* b, size_t n) {
  const unsigned char* l = (const unsigned char*)a;
  const unsigned char* r = (const unsigned char*)b;
  while (n >= 8) {
    if (Load64(l) != Load64(r))
      break;  // the bytes below find where
    l += 8;
    r += 8;
    n -= 8;
  }
  for (; n > 0; --n, ++l, ++r) {
    if (*l != *r)
      return *l - *r;
  }
  return 0;
}

void* FAST(memchr)(const void* src, int c, size_t n) {
  const unsigned char* p = (const unsigned char*)src;
  const unsigned char byte = (unsigned char)c;
  const uint64_t ones = 0x0101010101010101ULL;
  const uint64_t high = 0x8080808080808080ULL;
  const uint64_t pattern = ones * byte;
  while (n >= 8) {
    const uint64_t x = Load64(p) ^ pattern;  // a zero byte where `c` is
    if (((x - ones) & ~x & high) != 0)
      break;
    p += 8;
    n -= 8;
  }
  for (; n > 0; --n, ++p) {
    if (*p == byte)
      return (void*)p;
  }
  return NULL;
}

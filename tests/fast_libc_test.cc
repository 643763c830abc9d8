// wasm/fast_libc.c replaces memcpy, memcmp and memchr in the wasm build;
// here, built natively under other names, it must agree with the system's
// for every size up to past the big-copy threshold and every alignment.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

extern "C" {
void* fast_memcpy(void* dest, const void* src, size_t n);
int fast_memcmp(const void* a, const void* b, size_t n);
void* fast_memchr(const void* src, int c, size_t n);
}

namespace {

int Sign(int v) {
  return (v > 0) - (v < 0);
}

std::vector<size_t> Sizes() {
  std::vector<size_t> sizes;
  for (size_t n = 0; n <= 80; ++n)
    sizes.push_back(n);
  for (size_t n : {127, 128, 255, 511, 512, 1000, 4095, 4096, 4097, 10000})
    sizes.push_back(n);
  return sizes;
}

TEST(FastLibc, MemcpyCopiesEverySizeAtEveryAlignment) {
  std::mt19937 rng(1);
  std::vector<unsigned char> src(10100), dst(10100), want(10100);
  for (unsigned char& c : src)
    c = static_cast<unsigned char>(rng());
  for (size_t n : Sizes()) {
    for (size_t so = 0; so < 8; ++so) {
      for (size_t d_off = 0; d_off < 8; ++d_off) {
        std::fill(dst.begin(), dst.end(), 0xAA);
        want = dst;
        std::memcpy(want.data() + d_off, src.data() + so, n);
        void* r = fast_memcpy(dst.data() + d_off, src.data() + so, n);
        ASSERT_EQ(r, dst.data() + d_off);
        ASSERT_EQ(dst, want) << "n " << n << " src+" << so << " dst+" << d_off;
      }
    }
  }
}

TEST(FastLibc, MemcmpOrdersLikeTheSystemOne) {
  std::mt19937 rng(2);
  std::vector<unsigned char> a(10100), b;
  for (unsigned char& c : a)
    c = static_cast<unsigned char>(rng());
  for (size_t n : Sizes()) {
    for (size_t off = 0; off < 8; ++off) {
      b = a;
      EXPECT_EQ(fast_memcmp(a.data() + off, b.data() + off, n), 0);
      // A difference at each position, up and down, with bytes >= 0x80.
      for (size_t at = 0; at<n; at += n> 100 ? 37 : 1) {
        for (int delta : {1, -1, 0x80}) {
          b = a;
          b[off + at] = static_cast<unsigned char>(b[off + at] + delta);
          ASSERT_EQ(Sign(fast_memcmp(a.data() + off, b.data() + off, n)),
                    Sign(std::memcmp(a.data() + off, b.data() + off, n)))
              << "n " << n << " at " << at;
        }
      }
    }
  }
}

TEST(FastLibc, MemchrFindsTheFirstOccurrence) {
  std::vector<unsigned char> buf(10100, 'x');
  for (size_t n : Sizes()) {
    for (size_t off = 0; off < 8; ++off) {
      unsigned char* p = buf.data() + off;
      EXPECT_EQ(fast_memchr(p, 'y', n), nullptr);
      for (size_t at = 0; at<n; at += n> 100 ? 41 : 1) {
        for (int c : {int{'y'}, 0, 0x80, 0xFF}) {
          p[at] = static_cast<unsigned char>(c);
          if (at + 1 < n)
            p[at + 1] = static_cast<unsigned char>(c);  // the first one counts
          ASSERT_EQ(fast_memchr(p, c, n), p + at) << "n " << n << " at " << at;
          // int arguments are taken as unsigned char, as memchr does.
          ASSERT_EQ(fast_memchr(p, c + 256, n), p + at);
          p[at] = 'x';
          if (at + 1 < n)
            p[at + 1] = 'x';
        }
      }
    }
  }
}

}  // namespace

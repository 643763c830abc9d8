#include "native/temp_file_spill.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace exposure {
namespace {

TEST(TempFileSpill, ReadsBackWhatWasAppendedAndTruncates) {
  Result<std::unique_ptr<SpillSpace>> created = CreateTempFileSpill();
  ASSERT_TRUE(created.ok()) << created.status().message();
  SpillSpace& spill = **created;
  std::string big(3 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i)
    big[i] = static_cast<char>(i * 31 % 251);
  Result<uint64_t> a = spill.Append("first");
  Result<uint64_t> b = spill.Append(big);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, 0u);
  EXPECT_EQ(*b, 5u);
  EXPECT_EQ(spill.size(), 5u + big.size());
  std::string got(big.size(), '\0');
  ASSERT_TRUE(spill.Read(*b, got.size(), got.data()).ok());
  EXPECT_TRUE(got == big);
  char first[5];
  ASSERT_TRUE(spill.Read(0, 5, first).ok());
  EXPECT_EQ(std::string(first, 5), "first");

  spill.Truncate(5);
  EXPECT_EQ(spill.size(), 5u);
  EXPECT_FALSE(spill.Read(5, 1, first).ok()) << "nothing past the end";
  Result<uint64_t> c = spill.Append("again");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, 5u);
  ASSERT_TRUE(spill.Read(5, 5, first).ok());
  EXPECT_EQ(std::string(first, 5), "again");
}

TEST(TempFileSpill, ANonexistentDirectoryIsAnError) {
  const char* old = std::getenv("TMPDIR");
  std::string saved = old != nullptr ? old : "";
  setenv("TMPDIR", "/nonexistent/dir", 1);
  Result<std::unique_ptr<SpillSpace>> created = CreateTempFileSpill();
  if (old != nullptr)
    setenv("TMPDIR", saved.c_str(), 1);
  else
    unsetenv("TMPDIR");
  ASSERT_FALSE(created.ok());
  EXPECT_NE(created.status().message().find("/nonexistent/dir/exposure-spill"),
            std::string::npos)
      << created.status().message();
}

}  // namespace
}  // namespace exposure

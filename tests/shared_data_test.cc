// ../shared, beside the checkout, holds the scanner corpus and the reference
// data (KEV, EPSS, CVSS vectors, SSVC tables) many tests read. No C++ test
// skips without it: each one that needs it fails. This one names the cause,
// so that a missing ../shared reads as one problem, not hundreds.
// (The JavaScript tests leave the corpus out locally and fail without it on
// CI or with EXPOSURE_REQUIRE_SHARED=1, see tests/support/corpus_inputs.mjs.)
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/test_util.h"

namespace exposure {
namespace {

TEST(SharedData, IsBesideTheCheckout) {
  const std::string shared = testing::SourceDir() + "/../shared";
  for (const char* part : {"/corpus/MANIFEST.tsv", "/data/kev", "/data/epss",
                           "/data/cvss", "/data/ssvc"}) {
    EXPECT_TRUE(std::filesystem::exists(shared + part))
        << shared + part
        << " is missing: the tests that read the corpus and reference data "
           "fail without it";
  }
}

}  // namespace
}  // namespace exposure

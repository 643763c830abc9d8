// CVSS v2/v3.0/v3.1/v4.0 calculators against the published reference
// vectors (../shared/data/cvss/), plus the validation rules.
#include "core/score/cvss.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace exposure {
namespace {

std::string CvssDataDir() {
  return std::string(EXPOSURE_SOURCE_DIR) + "/../shared/data/cvss/";
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
      line.pop_back();
    if (!line.empty())
      lines.push_back(line);
  }
  return lines;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// "None" -> -1; "-0.0", "0.0", "5", "9.8", "10" -> tenths. False if the text
// is none of these.
bool ParseExpected(std::string_view text, int* tenths) {
  text = TrimView(text);
  if (text == "None") {
    *tenths = -1;
    return true;
  }
  if (!text.empty() && text.front() == '-')
    text.remove_prefix(1);  // only "-0.0" occurs; checked below
  int whole = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
    whole = whole * 10 + (text[i] - '0');
  if (i == 0)
    return false;
  int tenth = 0;
  if (i < text.size()) {
    if (text[i] != '.' || i + 2 != text.size() || text[i + 1] < '0' ||
        text[i + 1] > '9') {
      return false;
    }
    tenth = text[i + 1] - '0';
  }
  *tenths = whole * 10 + tenth;
  return *tenths <= 100;
}

std::string Tenths(int t) {
  if (t < 0)
    return "None";
  return std::to_string(t / 10) + "." + std::to_string(t % 10);
}

// Checks every line of one vectors_*.txt file; returns how many were checked.
// Lines are "<vector> - (<base>, <temporal>, <environmental>)" (v2, v3.x),
// "<vector> - (<score>,)" or "<vector> - <score>" (v4.0).
int CheckVectorFile(const std::string& path) {
  std::vector<std::string> lines = ReadLines(path);
  EXPECT_FALSE(lines.empty()) << path;
  int checked = 0;
  int failures = 0;
  for (const std::string& line : lines) {
    size_t sep = line.rfind(" - ");
    if (sep == std::string::npos) {
      ADD_FAILURE() << path << ": unparsable line: " << line;
      continue;
    }
    std::string vector = line.substr(0, sep);
    std::string_view rest = TrimView(std::string_view(line).substr(sep + 3));
    if (!rest.empty() && rest.front() == '(' && rest.back() == ')')
      rest = rest.substr(1, rest.size() - 2);
    std::vector<int> expected;
    size_t pos = 0;
    bool parsed = true;
    while (pos <= rest.size()) {
      size_t comma = rest.find(',', pos);
      if (comma == std::string_view::npos)
        comma = rest.size();
      std::string_view field = TrimView(rest.substr(pos, comma - pos));
      if (!field.empty()) {
        int t = 0;
        if (!ParseExpected(field, &t))
          parsed = false;
        expected.push_back(t);
      }
      pos = comma + 1;
    }
    if (!parsed || (expected.size() != 1 && expected.size() != 3)) {
      ADD_FAILURE() << path << ": unparsable expectation: " << line;
      continue;
    }
    ++checked;
    Result<CvssScores> r = ParseAndScoreCvss(vector);
    std::string got;
    bool ok = r.ok();
    if (!ok) {
      got = "error: " + r.status().message();
    } else if (expected.size() == 1) {
      ok = r->version == CvssVersion::kV40 && r->score == expected[0];
      got = Tenths(r->score);
    } else {
      ok = r->version != CvssVersion::kV40 && r->base == expected[0] &&
           r->temporal == expected[1] && r->environmental == expected[2];
      got = "(" + Tenths(r->base) + ", " + Tenths(r->temporal) + ", " +
            Tenths(r->environmental) + ")";
    }
    if (!ok && ++failures <= 20)
      ADD_FAILURE() << path << ": " << line << " -> got " << got;
  }
  EXPECT_EQ(failures, 0) << path;
  return checked;
}

TEST(CvssReference, EveryVectorFileScoresAsPublished) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(CvssDataDir())) {
    std::string name = entry.path().filename().string();
    if (name.rfind("vectors_", 0) == 0 && name.size() > 4 &&
        name.compare(name.size() - 4, 4, ".txt") == 0) {
      files.push_back(name);
    }
  }
  std::sort(files.begin(), files.end());
  // The set described in ../shared/data/README.md.
  for (const char* want :
       {"vectors_calculator2.txt", "vectors_calculator3.txt",
        "vectors_cvsslib2.txt", "vectors_cvsslib3.txt", "vectors_security4.txt",
        "vectors_simple2.txt", "vectors_simple3.txt", "vectors_simple31.txt",
        "vectors_simple4.txt", "vectors_supplemental4.txt",
        "vectors_threat4.txt"}) {
    EXPECT_NE(std::find(files.begin(), files.end(), want), files.end()) << want;
  }
  int total = 0;
  for (const std::string& name : files) {
    int n = CheckVectorFile(CvssDataDir() + name);
    std::printf("[   INFO   ] %-26s %5d vectors checked\n", name.c_str(), n);
    total += n;
  }
  std::printf("[   INFO   ] %-26s %5d vectors checked\n", "total", total);
  // Every line of the published files (catches a truncated or unreadable
  // copy of the data set).
  EXPECT_EQ(total, 7667);
}

// The value of a `'key': value` field of a macro-scores line (quotes
// stripped).
std::string DictField(const std::string& line, const std::string& key) {
  std::string marker = "'" + key + "': ";
  size_t at = line.find(marker);
  if (at == std::string::npos)
    return std::string();
  at += marker.size();
  if (line[at] == '\'') {
    size_t end = line.find('\'', at + 1);
    return line.substr(at + 1, end - at - 1);
  }
  size_t end = line.find_first_of(",}", at);
  return line.substr(at, end - at);
}

TEST(CvssReference, FirstMacroVectorSetScoresAsPublished) {
  const std::string dir = CvssDataDir() + "first-cvss-resources/";
  std::vector<std::string> vectors = ReadLines(dir + "macro-vectors");
  std::vector<std::string> scores = ReadLines(dir + "macro-scores");
  ASSERT_EQ(vectors.size(), 270u);
  ASSERT_EQ(scores.size(), vectors.size());
  int checked = 0;
  int failures = 0;
  std::vector<std::string> macro_vectors;
  for (size_t i = 0; i < scores.size(); ++i) {
    std::string vector = DictField(scores[i], "vector");
    EXPECT_EQ(vector, vectors[i]) << "line " << i + 1;
    int want = 0;
    ASSERT_TRUE(ParseExpected(DictField(scores[i], "score"), &want))
        << scores[i];
    std::string severity = DictField(scores[i], "severity");
    Result<CvssScores> r = ParseAndScoreCvss(vectors[i]);
    ++checked;
    if (!r.ok()) {
      ++failures;
      ADD_FAILURE() << vectors[i] << ": " << r.status().message();
      continue;
    }
    macro_vectors.push_back(r->macro_vector);
    if (r->score != want || r->severity != severity) {
      ++failures;
      ADD_FAILURE() << vectors[i] << ": want " << Tenths(want) << " "
                    << severity << ", got " << Tenths(r->score) << " "
                    << r->severity;
    }
  }
  std::printf("[   INFO   ] %-26s %5d vectors checked\n",
              "first-cvss-resources", checked);
  EXPECT_EQ(failures, 0);
  // One vector per macro-vector: every lookup-table entry is exercised.
  std::sort(macro_vectors.begin(), macro_vectors.end());
  EXPECT_EQ(std::unique(macro_vectors.begin(), macro_vectors.end()),
            macro_vectors.end());
  EXPECT_EQ(macro_vectors.size(), 270u);
}

// ---- Results beyond the numbers ----------------------------------------

TEST(Cvss, V2WrappersAreRemovedAndGroupsStayUndefinedWhenAbsent) {
  for (const char* v :
       {"AV:N/AC:L/Au:N/C:P/I:P/A:P", "(AV:N/AC:L/Au:N/C:P/I:P/A:P)",
        "CVSS2#AV:N/AC:L/Au:N/C:P/I:P/A:P", "  AV:N/AC:L/Au:N/C:P/I:P/A:P\n"}) {
    Result<CvssScores> r = ParseAndScoreCvss(v);
    ASSERT_TRUE(r.ok()) << v << ": " << r.status().message();
    EXPECT_EQ(r->version, CvssVersion::kV2);
    EXPECT_EQ(r->vector, "AV:N/AC:L/Au:N/C:P/I:P/A:P");
    EXPECT_EQ(r->base, 75);
    EXPECT_EQ(r->temporal, -1);
    EXPECT_EQ(r->environmental, -1);
    EXPECT_EQ(r->score, -1);
    EXPECT_EQ(r->headline, 75);
    EXPECT_EQ(r->severity, "High");
    EXPECT_EQ(r->metrics.size(), 6u);
    EXPECT_EQ(r->metrics.at("Au"), "N");
  }
  // An explicit ND still defines the group.
  Result<CvssScores> r =
      ParseAndScoreCvss("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/CDP:ND");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->temporal, 75);
  EXPECT_EQ(r->environmental, 75);
  EXPECT_EQ(CvssEffectiveMetric(*r, "RL"), "ND");
  EXPECT_EQ(CvssEffectiveMetric(*r, "AV"), "N");
}

TEST(Cvss, V2ScoresStayWithinRange) {
  // The adjusted impact of C:P with CR:L makes the adjusted base formula
  // negative; scores are held at 0.
  Result<CvssScores> r = ParseAndScoreCvss("AV:L/AC:H/Au:M/C:P/I:N/A:N/CR:L");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->base, 8);
  EXPECT_EQ(r->environmental, 0);
  // The guide's own example, CVE-2002-0392: 7.8, 6.4, 9.2 with
  // CDP:H/TD:H/CR:M/IR:M/AR:H.
  r = ParseAndScoreCvss(
      "AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->base, 78);
  EXPECT_EQ(r->temporal, 64);
  EXPECT_EQ(r->environmental, 92);
}

TEST(Cvss, V3HeadlineFollowsTheDefinedGroups) {
  const std::string base = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H";
  Result<CvssScores> r = ParseAndScoreCvss(base);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->version, CvssVersion::kV31);
  EXPECT_EQ(r->vector, base);
  EXPECT_EQ(r->base, 96);
  EXPECT_EQ(r->temporal, 96);
  EXPECT_EQ(r->environmental, 97);  // v3.1's environmental formula
  EXPECT_EQ(r->headline, 96);
  EXPECT_EQ(r->severity, "Critical");
  EXPECT_EQ(r->score, -1);
  EXPECT_TRUE(r->nomenclature.empty());

  r = ParseAndScoreCvss(base + "/E:U/RL:X");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->temporal, 88);
  EXPECT_EQ(r->headline, 88);
  EXPECT_EQ(r->severity, "High");

  // X-only groups are not "defined".
  r = ParseAndScoreCvss(base + "/E:X/MAV:X");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->headline, 96);

  r = ParseAndScoreCvss(base + "/MAV:L/MPR:H");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->headline, r->environmental);
  EXPECT_EQ(CvssEffectiveMetric(*r, "AV"), "L");
  EXPECT_EQ(CvssEffectiveMetric(*r, "PR"), "H");
  EXPECT_EQ(CvssEffectiveMetric(*r, "UI"), "R");
  EXPECT_EQ(CvssEffectiveMetric(*r, "E"), "X");
  EXPECT_EQ(CvssEffectiveMetric(*r, "AT"), "");
  EXPECT_EQ(r->metrics.at("MAV"), "L");
  EXPECT_EQ(r->metrics.count("E"), 0u);

  r = ParseAndScoreCvss("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->version, CvssVersion::kV30);
  EXPECT_EQ(r->base, 0);
  EXPECT_EQ(r->severity, "None");
}

TEST(Cvss, V3AcceptsAnyMetricOrder) {
  Result<CvssScores> a =
      ParseAndScoreCvss("CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:C/C:N/I:L/A:L");
  Result<CvssScores> b =
      ParseAndScoreCvss("CVSS:3.1/A:L/I:L/C:N/S:C/AV:N/UI:N/PR:L/AC:H");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(a->base, b->base);
  EXPECT_EQ(a->environmental, b->environmental);
}

TEST(Cvss, V4NomenclatureAndMacroVector) {
  const std::string base =
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  Result<CvssScores> r = ParseAndScoreCvss(base);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->version, CvssVersion::kV40);
  EXPECT_EQ(r->score, 93);
  EXPECT_EQ(r->headline, 93);
  EXPECT_EQ(r->severity, "Critical");
  EXPECT_EQ(r->nomenclature, "CVSS-B");
  EXPECT_EQ(r->macro_vector, "000200");
  EXPECT_EQ(r->base, -1);
  EXPECT_EQ(r->temporal, -1);
  EXPECT_EQ(r->environmental, -1);
  EXPECT_EQ(CvssEffectiveMetric(*r, "E"), "A");
  EXPECT_EQ(CvssEffectiveMetric(*r, "CR"), "H");
  EXPECT_EQ(CvssEffectiveMetric(*r, "AU"), "X");

  struct {
    const char* suffix;
    const char* nomenclature;
  } cases[] = {
      {"/E:X", "CVSS-B"},
      {"/E:P", "CVSS-BT"},
      {"/CR:L", "CVSS-BE"},
      {"/E:U/MAV:L", "CVSS-BTE"},
      {"/S:P/AU:Y/U:Red", "CVSS-B"},
  };
  for (const auto& c : cases) {
    r = ParseAndScoreCvss(base + c.suffix);
    ASSERT_TRUE(r.ok()) << c.suffix << ": " << r.status().message();
    EXPECT_EQ(r->nomenclature, c.nomenclature) << c.suffix;
  }
  r = ParseAndScoreCvss(base + "/E:U/MAV:L/MSI:S");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->macro_vector, "100020");
  EXPECT_EQ(CvssEffectiveMetric(*r, "AV"), "L");
  EXPECT_EQ(CvssEffectiveMetric(*r, "SI"), "S");
  EXPECT_EQ(CvssEffectiveMetric(*r, "E"), "U");
  // Supplemental metrics never move the score.
  r = ParseAndScoreCvss(base + "/S:P/AU:Y/R:I/V:C/RE:H/U:Amber");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->score, 93);
  EXPECT_EQ(r->metrics.at("U"), "Amber");
}

TEST(Cvss, SeverityScales) {
  EXPECT_EQ(CvssSeverity(0), "None");
  EXPECT_EQ(CvssSeverity(1), "Low");
  EXPECT_EQ(CvssSeverity(39), "Low");
  EXPECT_EQ(CvssSeverity(40), "Medium");
  EXPECT_EQ(CvssSeverity(69), "Medium");
  EXPECT_EQ(CvssSeverity(70), "High");
  EXPECT_EQ(CvssSeverity(89), "High");
  EXPECT_EQ(CvssSeverity(90), "Critical");
  EXPECT_EQ(CvssSeverity(100), "Critical");
  EXPECT_EQ(CvssSeverity(-1), "");
  EXPECT_EQ(Cvss2Severity(0), "Low");
  EXPECT_EQ(Cvss2Severity(39), "Low");
  EXPECT_EQ(Cvss2Severity(40), "Medium");
  EXPECT_EQ(Cvss2Severity(70), "High");
  EXPECT_EQ(CvssVersionName(CvssVersion::kV31), "3.1");
  EXPECT_EQ(CvssVersionName(CvssVersion::kV2), "2.0");
}

// ---- Validation ------------------------------------------------------------

// Expects `vector` to be rejected with a message containing `reason`.
::testing::AssertionResult Rejects(const std::string& vector,
                                   const std::string& reason) {
  Result<CvssScores> r = ParseAndScoreCvss(vector);
  if (r.ok()) {
    return ::testing::AssertionFailure()
           << "'" << vector << "' was accepted (base " << r->base << ", score "
           << r->score << ")";
  }
  if (r.status().message().find(reason) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "'" << vector << "': message '" << r.status().message()
           << "' lacks '" << reason << "'";
  }
  return ::testing::AssertionSuccess();
}

const char kV31[] = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const char kV40[] =
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
const char kV2[] = "AV:N/AC:L/Au:N/C:P/I:P/A:P";

TEST(CvssValidation, EmptyVector) {
  EXPECT_TRUE(Rejects("", "empty vector"));
  EXPECT_TRUE(Rejects("  \t\n", "empty vector"));
  EXPECT_TRUE(Rejects("()", "no metrics"));
  EXPECT_TRUE(Rejects("(", "unbalanced parentheses"));
  EXPECT_TRUE(Rejects("CVSS2#", "no metrics"));
  EXPECT_TRUE(Rejects("CVSS:3.1", "no metrics"));
  EXPECT_TRUE(Rejects("CVSS:3.1/", "no metrics"));
  EXPECT_TRUE(Rejects("CVSS:4.0/", "no metrics"));
}

TEST(CvssValidation, WrongPrefix) {
  EXPECT_TRUE(Rejects("CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                      "unsupported version prefix 'CVSS:3.2'"));
  EXPECT_TRUE(Rejects("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P",
                      "unsupported version prefix"));
  EXPECT_TRUE(Rejects("cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                      "unsupported version prefix 'cvss:3.1'"));
  EXPECT_TRUE(Rejects("CVSS:4/AV:N", "unsupported version prefix"));
  EXPECT_TRUE(Rejects("CVSS3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                      "malformed version prefix 'CVSS3.1'"));
  EXPECT_TRUE(Rejects("CVSSv2/AV:N/AC:L/Au:N/C:P/I:P/A:P",
                      "malformed version prefix 'CVSSv2'"));
  // A v3 body without its prefix is read as v2 and fails there.
  EXPECT_TRUE(Rejects("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                      "CVSS v2: unknown metric 'PR'"));
  // A v4 vector under a v3.1 prefix.
  EXPECT_TRUE(Rejects(std::string("CVSS:3.1") + (kV40 + 8),
                      "CVSS v3.1: unknown metric 'AT'"));
}

TEST(CvssValidation, UnknownMetric) {
  EXPECT_TRUE(Rejects(std::string(kV31) + "/ZZ:N", "unknown metric 'ZZ'"));
  EXPECT_TRUE(Rejects(std::string(kV40) + "/MS:U", "unknown metric 'MS'"));
  EXPECT_TRUE(Rejects(std::string(kV2) + "/PR:N", "unknown metric 'PR'"));
  // Names are case-sensitive ("Au" in v2).
  EXPECT_TRUE(Rejects("AV:N/AC:L/AU:N/C:P/I:P/A:P", "unknown metric 'AU'"));
}

TEST(CvssValidation, InvalidValue) {
  EXPECT_TRUE(Rejects("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                      "invalid value 'Q' for metric 'AV' (allowed: N, A, L, "
                      "P)"));
  EXPECT_TRUE(Rejects("CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                      "invalid value 'n'"));
  EXPECT_TRUE(Rejects("CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                      "invalid value ''"));
  EXPECT_TRUE(Rejects(std::string(kV31) + "/E:A", "invalid value 'A'"));
  EXPECT_TRUE(Rejects(std::string(kV40) + "/E:F", "invalid value 'F'"));
  // S (Safety) is only for MSI/MSA in v4.0, never for the base SI.
  EXPECT_TRUE(
      Rejects("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
              "invalid value 'S' for metric 'SI'"));
  EXPECT_TRUE(Rejects(std::string(kV40) + "/U:red", "invalid value 'red'"));
  EXPECT_TRUE(Rejects(std::string(kV2) + "/E:X", "invalid value 'X'"));
  EXPECT_TRUE(Rejects(std::string(kV2) + "/E:P", "invalid value 'P'"));
}

TEST(CvssValidation, NotDefinedOnlyOutsideTheBaseGroup) {
  EXPECT_TRUE(Rejects("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                      "base metric 'AV' cannot be Not Defined (X)"));
  EXPECT_TRUE(
      Rejects("CVSS:4.0/AV:N/AC:L/AT:X/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
              "base metric 'AT' cannot be Not Defined (X)"));
  EXPECT_TRUE(Rejects("AV:N/AC:L/Au:ND/C:P/I:P/A:P",
                      "base metric 'Au' cannot be Not Defined (ND)"));
  EXPECT_TRUE(ParseAndScoreCvss(std::string(kV31) +
                                "/E:X/RL:X/RC:X/CR:X/IR:X/AR:X/MAV:X/MAC:X/"
                                "MPR:X/MUI:X/MS:X/MC:X/MI:X/MA:X")
                  .ok());
  EXPECT_TRUE(ParseAndScoreCvss(std::string(kV40) +
                                "/E:X/CR:X/IR:X/AR:X/MAV:X/MAC:X/MAT:X/MPR:X/"
                                "MUI:X/MVC:X/MVI:X/MVA:X/MSC:X/MSI:X/MSA:X/"
                                "S:X/AU:X/R:X/V:X/RE:X/U:X")
                  .ok());
  EXPECT_TRUE(ParseAndScoreCvss(std::string(kV2) +
                                "/E:ND/RL:ND/RC:ND/CDP:ND/TD:ND/CR:ND/IR:ND/"
                                "AR:ND")
                  .ok());
}

TEST(CvssValidation, DuplicatedMetric) {
  EXPECT_TRUE(Rejects(std::string(kV31) + "/AV:N", "duplicated metric 'AV'"));
  EXPECT_TRUE(Rejects(std::string(kV31) + "/E:X/E:X", "duplicated metric 'E'"));
  EXPECT_TRUE(Rejects(std::string(kV40) + "/SA:N", "duplicated metric 'SA'"));
  EXPECT_TRUE(Rejects(std::string(kV2) + "/A:P", "duplicated metric 'A'"));
}

TEST(CvssValidation, MissingBaseMetric) {
  EXPECT_TRUE(Rejects("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H",
                      "missing mandatory base metric 'S'"));
  EXPECT_TRUE(
      Rejects("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
              "missing mandatory base metric 'SA'"));
  EXPECT_TRUE(
      Rejects("AV:N/AC:L/C:P/I:P/A:P", "missing mandatory base metric 'Au'"));
  EXPECT_TRUE(Rejects("CVSS:3.1/E:H", "missing mandatory base metric 'AV'"));
}

TEST(CvssValidation, MetricOrder) {
  // v4.0: Table 23's order is required.
  EXPECT_TRUE(
      Rejects("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N",
              "metric 'VI' is out of order (it must come before 'SC'"));
  EXPECT_TRUE(
      Rejects(std::string(kV40) + "/CR:H/E:A", "metric 'E' is out of order"));
  EXPECT_TRUE(
      Rejects(std::string(kV40) + "/U:Red/S:N", "metric 'S' is out of order"));
  // v2: the guide's predetermined order.
  EXPECT_TRUE(
      Rejects("AV:A/AC:L/Au:N/A:C/I:C/C:C", "metric 'I' is out of order"));
  EXPECT_TRUE(
      Rejects(std::string(kV2) + "/RC:C/E:F", "metric 'E' is out of order"));
  // v2 groups may be partial (as in the reference vectors).
  EXPECT_TRUE(ParseAndScoreCvss(std::string(kV2) + "/RC:C/TD:L").ok());
}

TEST(CvssValidation, MalformedComponents) {
  EXPECT_TRUE(Rejects(std::string(kV31) + "/", "empty metric"));
  EXPECT_TRUE(
      Rejects("CVSS:3.1//AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty metric"));
  EXPECT_TRUE(
      Rejects("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H//A:H", "empty metric"));
  EXPECT_TRUE(Rejects("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/AH",
                      "malformed metric 'AH' (expected NAME:VALUE)"));
  EXPECT_TRUE(Rejects("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H:H",
                      "invalid value 'H:H'"));
  EXPECT_TRUE(Rejects("CVSS:3.1/AV:N /AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                      "invalid value 'N '"));
  EXPECT_TRUE(Rejects("(AV:N/AC:L/Au:N/C:P/I:P/A:P", "unbalanced parentheses"));
  EXPECT_TRUE(Rejects("AV:N/AC:L/Au:N/C:P/I:P/A:P)", "unbalanced parentheses"));
}

TEST(CvssValidation, ErrorsNameTheOffset) {
  Result<CvssScores> r =
      ParseAndScoreCvss("  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().location().byte_offset, 43u);
  EXPECT_NE(r.status().message().find("CVSS v3.1: "), std::string::npos);
  EXPECT_NE(r.status().message().find("(at offset 43)"), std::string::npos);
  r = ParseAndScoreCvss("CVSS2#(AV:N/AC:L/Au:N/C:P/I:P/A:P/E:Z)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().location().byte_offset, 34u);
}

}  // namespace
}  // namespace exposure

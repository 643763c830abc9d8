// CVSS v2.0, v3.0, v3.1 and v4.0 vector parsing and exact scoring.
//
// Scores are computed with integer arithmetic only (no floating point, no
// libm), so a vector scores the same natively and in WebAssembly, and the
// results match FIRST's reference calculators on every published test vector
// (see tests/cvss_test.cc). Scoring one vector is a single pass over it with
// no regex and no allocation beyond the result itself (its strings and
// metric map) or, on failure, the error message.
//
// Validation is strict and every rejection names the offending metric and
// its byte offset in the input:
//   * the prefix must be "CVSS:4.0/", "CVSS:3.1/" or "CVSS:3.0/"; a vector
//     without a "CVSS" prefix is read as v2 ("AV:N/...", "(AV:N/...)" or
//     "CVSS2#AV:N/..."); any other "CVSS..." prefix is an error;
//   * unknown metrics, invalid values, duplicated metrics, empty components
//     and missing base metrics are errors;
//   * Not Defined ("X", v2 "ND") is accepted only for metrics outside the
//     base group, as the specifications allow;
//   * metric order: v3.x accepts any order (the v3.0/v3.1 specifications say
//     programs reading vectors must accept metrics in any order, and the
//     reference test vectors include a reordered one); v4.0 requires the
//     order of its Table 23 ("every other ordering is invalid"); v2 requires
//     the guide's predetermined order (AV/AC/Au/C/I/A, E/RL/RC,
//     CDP/TD/CR/IR/AR) but, like the reference test vectors, allows any
//     subset of the temporal and environmental metrics.
#ifndef CORE_SCORE_CVSS_H_
#define CORE_SCORE_CVSS_H_

#include <map>
#include <string>
#include <string_view>

#include "core/base/status.h"

namespace exposure {

enum class CvssVersion { kV2, kV30, kV31, kV40 };

// Scores are in tenths (7.5 -> 75); -1 means "not defined".
struct CvssScores {
  CvssVersion version = CvssVersion::kV31;
  // The input with surrounding whitespace removed. v3.x and v4.0 keep their
  // "CVSS:x.y/" prefix; v2 loses its "(...)" or "CVSS2#" wrapper, so it is
  // always the bare "AV:../AC:.." form.
  std::string vector;

  // v2, v3.x.
  int base = -1;
  // v2: -1 unless the vector carries at least one temporal metric (E, RL,
  // RC; "ND" counts as carried), and likewise for the environmental group
  // (CDP, TD, CR, IR, AR). v3.x: always computed, as FIRST's calculators and
  // the reference test vectors do; with no temporal metrics the temporal
  // score equals the base score, and with no environmental metrics the
  // environmental score is the environmental formula over the base values
  // (in v3.1 that can exceed the base score: S:C/C:H/I:H/A:H vectors).
  int temporal = -1;
  int environmental = -1;

  // v4.0: the single score; its kind is in `nomenclature`.
  int score = -1;

  // The score `severity` describes:
  //   v4.0: `score`;
  //   v3.x: `environmental` if any environmental metric is defined (not X),
  //         else `temporal` if any temporal metric is defined, else `base`;
  //   v2:   `base` (the NVD convention).
  int headline = -1;
  // v3.x/v4.0: "None", "Low", "Medium", "High" or "Critical" (CvssSeverity);
  // v2: "Low", "Medium" or "High" (Cvss2Severity).
  std::string severity;

  // v4.0 only. "CVSS-B", "CVSS-BT", "CVSS-BE" or "CVSS-BTE": which metric
  // groups beyond Base are defined (E for Threat; CR..MSA for Environmental;
  // Supplemental metrics never change the score or the name).
  std::string nomenclature;
  // v4.0 only: the six EQ levels, e.g. "102111" (explains the score).
  std::string macro_vector;

  // Every metric present in the vector, as written ("AV" -> "N"), including
  // explicit Not Defined values. Absent metrics are Not Defined. v4.0 and
  // v3.x environmental "M*" metrics are listed under their own names; use
  // CvssEffectiveMetric for the value that scoring used.
  std::map<std::string, std::string> metrics;
};

// Parses `vector`, detecting its version from the prefix, validates it and
// scores it.
Result<CvssScores> ParseAndScoreCvss(std::string_view vector);

// The value scoring used for base metric `name` (e.g. "AV", "VC", "S"): the
// modified value ("MAV") when the vector defines it, else the base value.
// For v4.0 "E" gives "A" when not defined and "CR"/"IR"/"AR" give "H", as
// the v4.0 scoring does. Empty for names the version does not have.
std::string CvssEffectiveMetric(const CvssScores& scores,
                                std::string_view name);

// v3.x/v4.0 qualitative rating of a score in tenths: 0 None, 0.1-3.9 Low,
// 4.0-6.9 Medium, 7.0-8.9 High, 9.0-10.0 Critical. Empty if out of range.
std::string_view CvssSeverity(int tenths);
// NVD's v2 rating: 0.0-3.9 Low, 4.0-6.9 Medium, 7.0-10.0 High.
std::string_view Cvss2Severity(int tenths);
// "2.0", "3.0", "3.1" or "4.0".
std::string_view CvssVersionName(CvssVersion version);

}  // namespace exposure

#endif  // CORE_SCORE_CVSS_H_

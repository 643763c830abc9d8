# The layer check (cmake/check_layers.cmake) against trees with one
# crossing each: it must fail and name the file and the rule. Run by ctest:
#   cmake -DEXPOSURE_SOURCE_DIR=<repo> -DWORK=<dir> -P tests/layer_check_test.cmake
cmake_minimum_required(VERSION 3.20)

set(check "${EXPOSURE_SOURCE_DIR}/cmake/check_layers.cmake")

# Writes `text` to core/<file> in a fresh tree and runs the check on it;
# fails unless the check fails with output matching `expected`.
function(expect_rejected name file text expected)
  set(tree "${WORK}/${name}")
  file(REMOVE_RECURSE "${tree}")
  file(WRITE "${tree}/core/${file}" "${text}\n")
  execute_process(COMMAND "${CMAKE_COMMAND}" "-DEXPOSURE_SOURCE_DIR=${tree}"
                          -P "${check}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${name}: the check accepted core/${file}")
  endif()
  if(NOT "${out}${err}" MATCHES "${expected}")
    message(FATAL_ERROR "${name}: unexpected message:\n${out}${err}")
  endif()
  message(STATUS "${name}: rejected as expected")
endfunction()

expect_rejected(upward "render/report.cc" "#include \"core/app/analyzer.h\""
  "core/render/report.cc: includes core/app/analyzer.h: layer 'render' may include base, import, model, correlate, score, plan, paths, track, render only")
expect_rejected(sideways "intel/kev.cc" "#include \"core/correlate/store.h\""
  "core/intel/kev.cc: includes core/correlate/store.h: layer 'intel' may include")
expect_rejected(sideways_back "correlate/store.h" "#include \"core/intel/intel.h\""
  "core/correlate/store.h: includes core/intel/intel.h: layer 'correlate' may include")
expect_rejected(importers_to_store "importers/x_importer.h"
  "#include \"core/correlate/store.h\""
  "layer 'importers' may include base, import, model, importers only")
expect_rejected(unknown_layer "base/x.h" "#include \"core/plans/plan.h\""
  "includes core/plans/plan.h, which is in no layer")
expect_rejected(host "app/x.cc" "#include \"native/temp_file_spill.h\""
  "the core may not include its hosts")
expect_rejected(file_io "import/x.cc" "#include <fstream>"
  "includes <fstream>: the core does no file")

# And the real tree passes.
execute_process(COMMAND "${CMAKE_COMMAND}"
                        "-DEXPOSURE_SOURCE_DIR=${EXPOSURE_SOURCE_DIR}"
                        -P "${check}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the source tree fails its layer check:\n${out}${err}")
endif()

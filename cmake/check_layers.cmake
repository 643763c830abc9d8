# Fails when a file of core/ includes a header of a layer it may not reach
# (cmake/layer_graph.cmake), or anything outside core/ and the C and C++
# libraries it is allowed (the core does no file, network or Emscripten I/O).
#
#   cmake -DEXPOSURE_SOURCE_DIR=<tree> [-DEXPOSURE_LAYER_STAMP=<file>]
#         -P cmake/check_layers.cmake
#
# Run by the build before any core file is compiled (cmake/layers.cmake),
# and by a test on a tree with a crossing in it.
cmake_minimum_required(VERSION 3.20)
include("${CMAKE_CURRENT_LIST_DIR}/layer_graph.cmake")

if(NOT EXPOSURE_SOURCE_DIR)
  message(FATAL_ERROR "check_layers: EXPOSURE_SOURCE_DIR not set")
endif()

# System headers the core must not use: files, processes, threads, the
# network and the wasm runtime belong to the hosts (native/, wasm/).
set(forbidden_system
  "fstream" "filesystem" "thread" "emscripten" "emscripten/.*" "sys/.*"
  "unistd.h" "fcntl.h" "iostream")

set(problems "")
foreach(layer IN LISTS EXPOSURE_LAYERS)
  file(GLOB_RECURSE files RELATIVE "${EXPOSURE_SOURCE_DIR}"
       "${EXPOSURE_SOURCE_DIR}/core/${layer}/*.h"
       "${EXPOSURE_SOURCE_DIR}/core/${layer}/*.cc")
  list(SORT files)
  foreach(file IN LISTS files)
    file(STRINGS "${EXPOSURE_SOURCE_DIR}/${file}" includes
         REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]*)[>\"].*"
             "\\1" header "${line}")
      if(header MATCHES "^core/([a-z_]+)/")
        set(target "${CMAKE_MATCH_1}")
        if(NOT target IN_LIST EXPOSURE_LAYERS)
          string(APPEND problems "  ${file}: includes ${header}, which is in "
                 "no layer (cmake/layer_graph.cmake)\n")
        elseif(NOT target IN_LIST EXPOSURE_LAYER_REACH_${layer})
          string(REPLACE ";" ", " allowed "${EXPOSURE_LAYER_REACH_${layer}}")
          string(APPEND problems "  ${file}: includes ${header}: layer "
                 "'${layer}' may include ${allowed} only\n")
        endif()
      elseif(header MATCHES "^(native|wasm|web|edge|tests|bench|fuzz)/")
        string(APPEND problems "  ${file}: includes ${header}: the core "
               "may not include its hosts\n")
      else()
        foreach(bad IN LISTS forbidden_system)
          if(header MATCHES "^${bad}$")
            string(APPEND problems "  ${file}: includes <${header}>: the "
                   "core does no file, network, thread or runtime I/O\n")
          endif()
        endforeach()
      endif()
    endforeach()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "layer check failed (cmake/layer_graph.cmake):\n"
                      "${problems}")
endif()
if(EXPOSURE_LAYER_STAMP)
  file(TOUCH "${EXPOSURE_LAYER_STAMP}")
endif()

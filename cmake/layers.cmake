# The core as one static library per layer (cmake/layer_graph.cmake):
# exposure_base, exposure_import, ... exposure_app, each linking the layers
# its arrows name, and exposure_core, the whole core for its hosts (the
# CLI, the tests, the wasm bridge, the fuzzers).
#
# Linking does not stop a file from including a header of a layer it must
# not reach (every layer sees the whole source tree), so before any of them
# is compiled, cmake/check_layers.cmake reads every #include of core/ and
# fails the build on a crossing, naming the file and the layers it may use.
# The generated version header is in base.
#
# Include after project(), with EXPOSURE_WARNINGS, EXPOSURE_SAN_FLAGS and
# EXPOSURE_JSON_LIB set and the exposure_zstd/exposure_zlib targets defined.
include("${CMAKE_CURRENT_LIST_DIR}/layer_graph.cmake")

set(EXPOSURE_GENERATED_DIR "${CMAKE_BINARY_DIR}/generated")
# One version, from project(VERSION): the CLI, the report and the bridge
# read it from core/base/version.h; package.json must say the same.
configure_file("${CMAKE_SOURCE_DIR}/cmake/version.h.in"
               "${EXPOSURE_GENERATED_DIR}/core/base/version.h" @ONLY)
file(READ "${CMAKE_SOURCE_DIR}/package.json" _package_json)
string(REGEX MATCH "\"version\"[ \t\r\n]*:[ \t\r\n]*\"([^\"]*)\"" _ignored
       "${_package_json}")
if(NOT CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "package.json says version \"${CMAKE_MATCH_1}\", "
                      "CMakeLists.txt project(VERSION ${PROJECT_VERSION}): "
                      "change both together")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${CMAKE_SOURCE_DIR}/package.json")

file(GLOB_RECURSE _exposure_core_files CONFIGURE_DEPENDS
     "${CMAKE_SOURCE_DIR}/core/*.h" "${CMAKE_SOURCE_DIR}/core/*.cc")
set(_layer_stamp "${CMAKE_BINARY_DIR}/layer_check.stamp")
add_custom_command(
  OUTPUT "${_layer_stamp}"
  COMMAND "${CMAKE_COMMAND}" "-DEXPOSURE_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
          "-DEXPOSURE_LAYER_STAMP=${_layer_stamp}"
          -P "${CMAKE_SOURCE_DIR}/cmake/check_layers.cmake"
  DEPENDS ${_exposure_core_files}
          "${CMAKE_SOURCE_DIR}/cmake/check_layers.cmake"
          "${CMAKE_SOURCE_DIR}/cmake/layer_graph.cmake"
  COMMENT "Checking the includes of core/ against its layers"
  VERBATIM)
add_custom_target(exposure_layer_check DEPENDS "${_layer_stamp}")

set(EXPOSURE_CORE_LAYERS "")
foreach(layer IN LISTS EXPOSURE_LAYERS)
  file(GLOB_RECURSE _sources CONFIGURE_DEPENDS
       "${CMAKE_SOURCE_DIR}/core/${layer}/*.cc")
  add_library(exposure_${layer} STATIC ${_sources})
  target_include_directories(exposure_${layer} PUBLIC "${CMAKE_SOURCE_DIR}"
                                                      "${EXPOSURE_GENERATED_DIR}")
  foreach(arrow IN LISTS EXPOSURE_LAYER_ARROWS_${layer})
    target_link_libraries(exposure_${layer} PUBLIC exposure_${arrow})
  endforeach()
  target_compile_options(exposure_${layer} PRIVATE ${EXPOSURE_WARNINGS})
  target_compile_options(exposure_${layer} PUBLIC ${EXPOSURE_SAN_FLAGS})
  target_link_options(exposure_${layer} PUBLIC ${EXPOSURE_SAN_FLAGS})
  add_dependencies(exposure_${layer} exposure_layer_check)
  list(APPEND EXPOSURE_CORE_LAYERS exposure_${layer})
endforeach()

# Third-party libraries, where they are used.
target_link_libraries(exposure_import PUBLIC ${EXPOSURE_JSON_LIB})
target_link_libraries(exposure_import PRIVATE exposure_zstd exposure_zlib)
target_link_libraries(exposure_intel PRIVATE exposure_zstd)
target_link_libraries(exposure_score PRIVATE ${EXPOSURE_JSON_LIB})
target_link_libraries(exposure_plan PRIVATE ${EXPOSURE_JSON_LIB})
target_link_libraries(exposure_track PRIVATE ${EXPOSURE_JSON_LIB} exposure_zstd)

add_library(exposure_core INTERFACE)
target_link_libraries(exposure_core INTERFACE exposure_app)

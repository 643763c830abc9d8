# The wasm core and the three JavaScript targets assembled around it.
# Included from CMakeLists.txt when building with Emscripten.

# Exceptions stay on (wasm EH) so the bridge can catch everything; nothing
# reaches JavaScript as a bare number. Link-time optimization lets calls
# between the core's files be inlined: 10-12% less time for the JSON
# formats in Node, no change for XML (bench/README.md), about 20 s more to
# link.
set(EXPOSURE_WASM_FLAGS -fwasm-exceptions -flto)
foreach(layer IN LISTS EXPOSURE_CORE_LAYERS)
  target_compile_options(${layer} PUBLIC ${EXPOSURE_WASM_FLAGS})
endforeach()

add_executable(exposure_core_wasm wasm/bridge.cc wasm/fast_libc.c)
# Its loops must not be recognised as the very functions they define (nor
# become such calls at link time).
set_source_files_properties(wasm/fast_libc.c PROPERTIES
  COMPILE_OPTIONS "-fno-builtin;-fno-lto")
target_link_libraries(exposure_core_wasm PRIVATE exposure_core)
target_compile_options(exposure_core_wasm PRIVATE ${EXPOSURE_WARNINGS})
set_target_properties(exposure_core_wasm PROPERTIES
  OUTPUT_NAME exposure_core
  SUFFIX ".mjs"
  RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/module")
target_link_options(exposure_core_wasm PRIVATE
  ${EXPOSURE_WASM_FLAGS}
  -lembind
  -sMODULARIZE=1
  -sEXPORT_ES6=1
  -sEXPORT_NAME=createExposureCore
  # workerd and the browser; Node gets the bytes from exposure.mjs.
  -sENVIRONMENT=web,worker
  # workerd forbids eval/new Function; Embind falls back to closures.
  -sDYNAMIC_EXECUTION=0
  -sASSERTIONS=0
  -sFILESYSTEM=0
  -sALLOW_MEMORY_GROWTH=1
  -sINITIAL_MEMORY=33554432
  -sMAXIMUM_MEMORY=4294967296
  -sTOTAL_STACK=1048576
  "-sEXPORTED_RUNTIME_METHODS=['HEAPU8']")

set(EXPOSURE_MODULE_DIR "${CMAKE_BINARY_DIR}/module")
set(EXPOSURE_MODULE_FILES
  "${EXPOSURE_MODULE_DIR}/exposure_core.mjs"
  "${EXPOSURE_MODULE_DIR}/exposure_core.wasm"
  "${CMAKE_SOURCE_DIR}/wasm/core.mjs")

# build/wasm: the Node CLI.
# build/web:  the static dashboard with demo data.
# build/edge: the worker, its workerd config and `serve`.
add_custom_target(assemble ALL
  COMMAND ${CMAKE_COMMAND} -E make_directory
          "${EXPOSURE_OUT_DIR}/wasm" "${EXPOSURE_OUT_DIR}/web/demo"
          "${EXPOSURE_OUT_DIR}/edge"
  COMMAND ${CMAKE_COMMAND} -E copy ${EXPOSURE_MODULE_FILES}
          "${CMAKE_SOURCE_DIR}/wasm/exposure.mjs" "${EXPOSURE_OUT_DIR}/wasm/"
  COMMAND ${CMAKE_COMMAND} -E copy_directory "${CMAKE_SOURCE_DIR}/web"
          "${EXPOSURE_OUT_DIR}/web"
  COMMAND ${CMAKE_COMMAND} -E copy ${EXPOSURE_MODULE_FILES}
          "${EXPOSURE_OUT_DIR}/web/"
  COMMAND ${CMAKE_COMMAND} -E copy_directory "${CMAKE_SOURCE_DIR}/examples"
          "${EXPOSURE_OUT_DIR}/web/demo"
  COMMAND ${CMAKE_COMMAND} -E copy_directory "${CMAKE_SOURCE_DIR}/edge"
          "${EXPOSURE_OUT_DIR}/edge"
  COMMAND ${CMAKE_COMMAND} -E copy ${EXPOSURE_MODULE_FILES}
          "${EXPOSURE_OUT_DIR}/edge/"
  DEPENDS exposure_core_wasm
  COMMENT "Assembling build/wasm, build/web and build/edge"
  VERBATIM)

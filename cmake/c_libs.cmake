# The C compression libraries the core uses, as two targets:
#   exposure_zstd   zstd
#   exposure_zlib   zlib
# Link them PRIVATE to whatever includes <zstd.h> / <zlib.h>.
#
# Natively they are the system libraries (libzstd-dev, zlib1g-dev), complete
# with compression (needed for writing intel bundles and test fixtures).
#
# Under Emscripten the Emscripten cache is frozen, so ports (-sUSE_ZLIB) are
# out; the targets are static libraries compiled from the Debian source
# packages that scripts/fetch-c-sources unpacks into third_party/src/, at the
# same versions as the native -dev packages. Only the decoding halves are
# compiled: the wasm core never compresses. Their public include folders hold
# just the public headers (zstd.h, zstd_errors.h; zlib.h, zconf.h), copied
# into the build tree, so no private header of the libraries is visible to
# the core.
#
# Include after project(); uses EXPOSURE_THIRD_PARTY_SRC (default
# third_party/src) for the sources.

if(EMSCRIPTEN)
  set(EXPOSURE_THIRD_PARTY_SRC "${CMAKE_SOURCE_DIR}/third_party/src" CACHE PATH
      "Folder holding the C library sources fetched by scripts/fetch-c-sources")

  set(_zstd_dir "${EXPOSURE_THIRD_PARTY_SRC}/zstd")
  set(_zlib_dir "${EXPOSURE_THIRD_PARTY_SRC}/zlib")
  foreach(_stamp "${_zstd_dir}/.exposure-source" "${_zlib_dir}/.exposure-source")
    if(NOT EXISTS "${_stamp}")
      message(FATAL_ERROR
        "C library sources for the wasm build are missing "
        "(${_stamp} not found).\n"
        "Run scripts/fetch-c-sources (or scripts/install-deps) first.")
    endif()
    # Re-fetching at another version re-runs the configure step.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_stamp}")
  endforeach()

  # Size against speed, measured with emcc 3.1.6 and Node 20 on a 100 MB
  # Trivy-like JSON (zstd -3: 19 MB, gzip -6: 17 MB) and on a one-function
  # module (raw / gzip -9 bytes added to the .wasm):
  #                          zstd -3 decode   zstd adds        zlib adds
  #   -O2 (default)          450-550 MB/s     64 KB / 24 KB    26 KB / 13 KB
  #   -O2 + small defines    240 MB/s         37 KB / 16 KB
  #   -Oz                    110 MB/s         40 KB / 17 KB    20 KB / 12 KB
  #   -Oz + small defines     85 MB/s         25 KB / 12 KB
  # gzip decodes at 340-450 MB/s at any level (native: 370-470 MB/s; zstd
  # native: 700-900 MB/s). Decompression feeds parsers that run at about
  # 100 MB/s in wasm, so speed wins by default: the 8 KB (gzipped) saved by
  # the small defines would halve zstd's speed. -O2 is appended after the
  # build type's flags, so it also holds in Debug builds (nobody steps
  # through zstd) and replaces Release's -O3 (same speed, same size).
  option(EXPOSURE_WASM_SMALL_ZSTD
         "wasm: build zstd's decoder for size (about 27 KB smaller, half as fast)"
         OFF)
  set(EXPOSURE_WASM_C_OPT "-O2" CACHE STRING
      "wasm: optimization flag for the C libraries (-O2, -O3, -Os, -Oz)")

  # ---- zstd: lib/common, lib/decompress, lib/compress ------------------------
  set(_zstd_lib "${_zstd_dir}/lib")
  add_library(exposure_zstd STATIC
    "${_zstd_lib}/common/debug.c"
    "${_zstd_lib}/common/entropy_common.c"
    "${_zstd_lib}/common/error_private.c"
    "${_zstd_lib}/common/fse_decompress.c"
    "${_zstd_lib}/common/xxhash.c"
    "${_zstd_lib}/common/zstd_common.c"
    "${_zstd_lib}/decompress/huf_decompress.c"
    "${_zstd_lib}/decompress/zstd_ddict.c"
    "${_zstd_lib}/decompress/zstd_decompress.c"
    "${_zstd_lib}/decompress/zstd_decompress_block.c")

  # huf_decompress_amd64.S is x86-64 assembly; it is not in the list above,
  # and ZSTD_DISABLE_ASM keeps huf_decompress.c from expecting it. No legacy
  # (v0.x) formats, no threads, no dictionary builder.
  target_compile_definitions(exposure_zstd PRIVATE
    ZSTD_DISABLE_ASM=1
    ZSTD_LEGACY_SUPPORT=0
    ZSTD_TRACE=0)
  if(EXPOSURE_WASM_SMALL_ZSTD)
    # One Huffman decoder (X1), one sequence decoder (short offsets), no
    # forced inlining, no error strings (the core words its own messages).
    target_compile_definitions(exposure_zstd PRIVATE
      ZSTD_NO_INLINE
      ZSTD_STRIP_ERROR_STRINGS
      HUF_FORCE_DECOMPRESS_X1
      ZSTD_FORCE_DECOMPRESS_SEQUENCES_SHORT)
  endif()
  target_compile_options(exposure_zstd PRIVATE ${EXPOSURE_WASM_C_OPT})
  # The encoder, single-threaded: snapshots are written zstd-compressed on
  # every target, the same bytes as the native library writes (the output
  # depends on the level and parameters, not on how the code is compiled).
  # Built for size (-Os, no forced inlining): 157 KB of wasm instead of
  # 418 KB at -O2; snapshots are small next to what is analyzed.
  set(_zstd_encoder
    "${_zstd_lib}/compress/fse_compress.c"
    "${_zstd_lib}/compress/hist.c"
    "${_zstd_lib}/compress/huf_compress.c"
    "${_zstd_lib}/compress/zstd_compress.c"
    "${_zstd_lib}/compress/zstd_compress_literals.c"
    "${_zstd_lib}/compress/zstd_compress_sequences.c"
    "${_zstd_lib}/compress/zstd_compress_superblock.c"
    "${_zstd_lib}/compress/zstd_double_fast.c"
    "${_zstd_lib}/compress/zstd_fast.c"
    "${_zstd_lib}/compress/zstd_lazy.c"
    "${_zstd_lib}/compress/zstd_ldm.c"
    "${_zstd_lib}/compress/zstd_opt.c")
  target_sources(exposure_zstd PRIVATE ${_zstd_encoder})
  set_source_files_properties(${_zstd_encoder} PROPERTIES
    COMPILE_OPTIONS "-Os"
    COMPILE_DEFINITIONS "ZSTD_NO_INLINE")
  target_include_directories(exposure_zstd PRIVATE "${_zstd_lib}")

  set(_zstd_inc "${CMAKE_BINARY_DIR}/c_libs/zstd-include")
  foreach(_h zstd.h zstd_errors.h)
    configure_file("${_zstd_lib}/${_h}" "${_zstd_inc}/${_h}" COPYONLY)
  endforeach()
  target_include_directories(exposure_zstd SYSTEM INTERFACE "${_zstd_inc}")

  # ---- zlib: inflate and what it needs ---------------------------------------
  add_library(exposure_zlib STATIC
    "${_zlib_dir}/adler32.c"
    "${_zlib_dir}/crc32.c"
    "${_zlib_dir}/inffast.c"
    "${_zlib_dir}/inflate.c"
    "${_zlib_dir}/inftrees.c"
    "${_zlib_dir}/zutil.c")
  target_compile_options(exposure_zlib PRIVATE ${EXPOSURE_WASM_C_OPT})
  target_include_directories(exposure_zlib PRIVATE "${_zlib_dir}")

  set(_zlib_inc "${CMAKE_BINARY_DIR}/c_libs/zlib-include")
  foreach(_h zlib.h zconf.h)
    configure_file("${_zlib_dir}/${_h}" "${_zlib_inc}/${_h}" COPYONLY)
  endforeach()
  target_include_directories(exposure_zlib SYSTEM INTERFACE "${_zlib_inc}")
else()
  # ---- native: the system libraries -----------------------------------------
  add_library(exposure_zstd INTERFACE)
  # Debian's zstd CMake package exports only these two targets (no zstd::zstd).
  find_package(zstd CONFIG QUIET)
  if(TARGET zstd::libzstd_shared)
    target_link_libraries(exposure_zstd INTERFACE zstd::libzstd_shared)
  elseif(TARGET zstd::libzstd_static)
    target_link_libraries(exposure_zstd INTERFACE zstd::libzstd_static)
  else()
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(EXPOSURE_LIBZSTD REQUIRED IMPORTED_TARGET libzstd)
    target_link_libraries(exposure_zstd INTERFACE PkgConfig::EXPOSURE_LIBZSTD)
  endif()

  add_library(exposure_zlib INTERFACE)
  find_package(ZLIB REQUIRED)
  target_link_libraries(exposure_zlib INTERFACE ZLIB::ZLIB)
endif()

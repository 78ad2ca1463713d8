# The harnesses and what each links; shared by fuzz/CMakeLists.txt (clang,
# libFuzzer) and tests/CMakeLists.txt (the replay drivers).
set(MVR_FUZZ_HARNESSES csv json zip docx xlsx_sheet xlsx_sst profile router
    http)
set(MVR_FUZZ_DIR ${CMAKE_SOURCE_DIR}/fuzz)

function(mvr_fuzz_harness_setup target h)
  target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR}/src/lib
                             ${CMAKE_SOURCE_DIR}/src/server ${CSV_INCLUDE_DIR})
  target_link_libraries(${target} PRIVATE mvroad_static)
  if(h STREQUAL "router")
    # router.c is #included by the harness (its parser is static)
    file(GLOB srv CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/server/*.c)
    list(REMOVE_ITEM srv ${CMAKE_SOURCE_DIR}/src/server/router.c)
    target_sources(${target} PRIVATE ${srv})
    target_link_libraries(${target} PRIVATE PkgConfig::MHD)
  elseif(h STREQUAL "http")
    # the whole server, in a thread of the harness (http_fuzzer.c)
    file(GLOB srv CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/server/*.c)
    find_package(Threads REQUIRED)
    target_sources(${target} PRIVATE ${srv})
    target_link_libraries(${target} PRIVATE PkgConfig::MHD Threads::Threads)
  endif()
endfunction()

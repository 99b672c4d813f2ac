# The C ABI adds no allocation to the engine's own per household:
# povmon_capi_allocations (through libpovmon.so) must report the same number
# as povmon_engine_allocations (the C++ API). Both print
# "... allocations per household (proto, trace rules): N".
#   cmake -DABI=<program> -DENGINE=<program> -P compare_allocations.cmake
foreach(program ABI ENGINE)
  execute_process(COMMAND ${${program}} OUTPUT_VARIABLE out_${program}
    ERROR_VARIABLE err RESULT_VARIABLE result)
  message(STATUS "${${program}}:\n${out_${program}}${err}")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${${program}} failed (${result})")
  endif()
  if(NOT out_${program} MATCHES "allocations per household \\(proto, trace rules\\): ([0-9.]+)")
    message(FATAL_ERROR "${${program}} printed no allocation count")
  endif()
  set(count_${program} ${CMAKE_MATCH_1})
endforeach()
if(NOT count_ABI STREQUAL count_ENGINE)
  message(FATAL_ERROR "the C ABI allocates ${count_ABI} times per household, the "
    "engine alone ${count_ENGINE}: the shim adds allocations to the hot path")
endif()
message(STATUS "the C ABI adds no allocation: ${count_ABI} per household, all the engine's")

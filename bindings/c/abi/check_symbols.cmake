# Check the dynamic symbols libpovmon.so defines: every one is povmon_*
# (functions and the povmon_<major> version node), and the list equals the
# committed baseline. With -DUPDATE=ON, write the baseline instead.
#   cmake -DNM=nm -DLIBRARY=libpovmon.so -DBASELINE=libpovmon.symbols -P check_symbols.cmake
foreach(var NM LIBRARY BASELINE)
  if(NOT ${var})
    message(FATAL_ERROR "check_symbols.cmake: -D${var}=... is required")
  endif()
endforeach()

execute_process(COMMAND ${NM} -D --defined-only ${LIBRARY}
  OUTPUT_VARIABLE listing RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${NM} -D --defined-only ${LIBRARY} failed: ${errors}")
endif()

string(REPLACE "\n" ";" lines "${listing}")
set(symbols)
set(foreign)
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  # "<address> <type> <name>"
  string(REGEX REPLACE "^[0-9a-fA-F]* *[A-Za-z] " "" name "${line}")
  list(APPEND symbols "${name}")
  if(NOT name MATCHES "^povmon_")
    list(APPEND foreign "${line}")
  endif()
endforeach()
list(SORT symbols)
list(LENGTH symbols count)

if(foreign)
  string(REPLACE ";" "\n  " foreign "${foreign}")
  message(FATAL_ERROR "libpovmon exports symbols outside povmon_*:\n  ${foreign}")
endif()

string(REPLACE ";" "\n" actual "${symbols}")
set(actual "${actual}\n")
if(UPDATE)
  file(WRITE ${BASELINE} "${actual}")
  message(STATUS "wrote ${count} symbols to ${BASELINE}")
  return()
endif()

file(READ ${BASELINE} expected)
if(NOT actual STREQUAL expected)
  file(WRITE ${BASELINE}.actual "${actual}")
  execute_process(COMMAND diff -u ${BASELINE} ${BASELINE}.actual OUTPUT_VARIABLE diff)
  file(REMOVE ${BASELINE}.actual)
  message(FATAL_ERROR "exported symbols differ from ${BASELINE} "
    "(a removed or renamed symbol breaks every program built against the "
    "library; after adding one deliberately, rebuild target "
    "povmon_abi_update_baseline):\n${diff}")
endif()
message(STATUS "${count} exported symbols, all povmon_*, match ${BASELINE}")

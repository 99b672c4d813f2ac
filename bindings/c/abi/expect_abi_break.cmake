# The ABI check must notice a changed signature: abidiff of the baseline
# against a library whose FUNCTION changed must exit non-zero with the
# ABI-change bit (4) set and name the function.
#   cmake -DABIDIFF=abidiff -DFUNCTIONS=abi_functions.txt -DBASELINE=libpovmon.abi
#         -DLIBRARY=mutant.so -DFUNCTION=name -P expect_abi_break.cmake
foreach(var ABIDIFF FUNCTIONS BASELINE LIBRARY FUNCTION)
  if(NOT ${var})
    message(FATAL_ERROR "expect_abi_break.cmake: -D${var}=... is required")
  endif()
endforeach()
execute_process(COMMAND ${ABIDIFF} --kmi-whitelist ${FUNCTIONS} ${BASELINE} ${LIBRARY}
  OUTPUT_VARIABLE report ERROR_VARIABLE errors RESULT_VARIABLE result)
message(STATUS "abidiff exit status ${result}:\n${report}${errors}")
if(NOT result MATCHES "^[0-9]+$")
  message(FATAL_ERROR "abidiff did not run: ${result}")
endif()
math(EXPR change_bit "${result} & 4")
math(EXPR error_bits "${result} & 3")
if(error_bits)
  message(FATAL_ERROR "abidiff failed to compare (exit ${result})")
endif()
if(NOT change_bit)
  message(FATAL_ERROR "abidiff accepted a library whose ${FUNCTION} changed signature")
endif()
string(FIND "${report}" "${FUNCTION}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "abidiff reported a change but did not name ${FUNCTION}")
endif()
message(STATUS "the ABI check rejects the changed signature of ${FUNCTION}")

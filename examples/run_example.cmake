# Run one language's example on the quick-start households (the Hunan pack,
# hunan.jsonl and bad.jsonl, as of 2024-11-30) and check what it printed:
# one "== file:line" block per household line, decisions explained with
# their category (in Simplified Chinese, the default), bad.jsonl's records as errors, and exit status 2 (some
# households were not decided).
#   cmake -DCOMMANDS=example_commands.cmake -DLANGUAGE=c -DSOURCE_DIR=... -P run_example.cmake
include(${COMMANDS})
set(households ${SOURCE_DIR}/examples/households)
execute_process(
  COMMAND ${COMMAND_${LANGUAGE}} ${SOURCE_DIR}/policies/hunan-2024 2024-11-30
    ${households}/hunan.jsonl ${households}/bad.jsonl
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
message(STATUS "${out}")
if(NOT status EQUAL 2)
  message(FATAL_ERROR "the ${LANGUAGE} example exited with ${status}, expected 2 "
    "(bad.jsonl is not decided): ${err}")
endif()

# Every non-blank input line is one block, in order.
set(expected_blocks 0)
foreach(file hunan.jsonl bad.jsonl)
  file(READ ${households}/${file} text)
  # Brackets and semicolons would upset CMake's list splitting; only the line
  # structure matters here.
  string(REGEX REPLACE "[][;\\]" "" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  foreach(line IN LISTS lines)
    if(line MATCHES "[^ \t\r]")
      math(EXPR expected_blocks "${expected_blocks} + 1")
    endif()
  endforeach()
endforeach()
string(REGEX MATCHALL "(^|\n)== [a-z]+\\.jsonl:[0-9]+\n" blocks "${out}")
list(LENGTH blocks block_count)
if(NOT block_count EQUAL expected_blocks)
  message(FATAL_ERROR "${block_count} households printed, ${expected_blocks} in the files")
endif()
foreach(needle
    "== hunan.jsonl:1\n── 户 Household hn-001-unstable-serious-illness"
    "结论 Decision: 脱贫不稳定户 — unstable lifted-out household"
    "== bad.jsonl:1\nerror INVALID_ARGUMENT: malformed JSON"
    "== bad.jsonl:3\nerror INVALID_ARGUMENT: income[2].date: \"2024-02-30\" is not a valid date")
  string(FIND "${out}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the ${LANGUAGE} example did not print:\n${needle}")
  endif()
endforeach()
message(STATUS "the ${LANGUAGE} example printed ${block_count} households")

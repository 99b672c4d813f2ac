# The four examples print the same decisions, byte for byte, for every
# pack's example households (as of 2024-11-30, the date the examples'
# README gives), and bad.jsonl.
#   cmake -DCOMMANDS=example_commands.cmake "-DLANGUAGES=c;cpp;python;java"
#         -DSOURCE_DIR=... -DWORK_DIR=... -P examples_agree.cmake
include(${COMMANDS})
set(households ${SOURCE_DIR}/examples/households)
set(runs
  "hunan-2024|hunan.jsonl"
  "suining-2024|suining.jsonl"
  "lingshou-2024|lingshou.jsonl"
  "yingkou-2024|yingkou.jsonl"
  "hunan-2024|bad.jsonl")
file(MAKE_DIRECTORY ${WORK_DIR})
list(LENGTH LANGUAGES language_count)
if(language_count LESS 4)
  message(WARNING "only ${LANGUAGES} are built; the others are skipped")
endif()
list(GET LANGUAGES 0 reference)
foreach(run ${runs})
  string(REPLACE "|" ";" parts "${run}")
  list(GET parts 0 pack)
  list(GET parts 1 file)
  if(NOT EXISTS ${households}/${file} OR NOT EXISTS ${SOURCE_DIR}/policies/${pack})
    message(FATAL_ERROR "missing ${households}/${file} or policies/${pack}")
  endif()
  foreach(language ${LANGUAGES})
    execute_process(
      COMMAND ${COMMAND_${language}} ${SOURCE_DIR}/policies/${pack} 2024-11-30
        ${households}/${file}
      OUTPUT_FILE ${WORK_DIR}/${file}.${language}.txt
      ERROR_VARIABLE err RESULT_VARIABLE status)
    if(NOT status EQUAL 0 AND NOT status EQUAL 2)
      message(FATAL_ERROR "${language} example on ${pack} ${file} failed (${status}): ${err}")
    endif()
    set(status_${language} ${status})
    file(SIZE ${WORK_DIR}/${file}.${language}.txt size)
    if(size EQUAL 0)
      message(FATAL_ERROR "${language} example printed nothing for ${pack} ${file}")
    endif()
    if(NOT language STREQUAL reference)
      execute_process(
        COMMAND ${CMAKE_COMMAND} -E compare_files
          ${WORK_DIR}/${file}.${reference}.txt ${WORK_DIR}/${file}.${language}.txt
        RESULT_VARIABLE differ)
      if(differ)
        execute_process(COMMAND diff -u ${WORK_DIR}/${file}.${reference}.txt
          ${WORK_DIR}/${file}.${language}.txt OUTPUT_VARIABLE diff)
        message(FATAL_ERROR "${language} and ${reference} print different decisions for "
          "${pack} ${file}:\n${diff}")
      endif()
      if(NOT status_${language} EQUAL status_${reference})
        message(FATAL_ERROR "${language} exits ${status_${language}}, ${reference} "
          "${status_${reference}}, for ${pack} ${file}")
      endif()
    endif()
  endforeach()
  message(STATUS "${pack} ${file}: ${LANGUAGES} print the same (${size} bytes)")
endforeach()

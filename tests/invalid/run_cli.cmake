# Command-line contract of `otos validate` beyond single files (run from tests/invalid):
# no FILE is a usage error (exit 2); a valid and an invalid file together print `FILE: ok`
# on stdout for the valid one, the invalid one's lines on stderr, and exit 1.
# Usage: cmake -DOTOS=... -DDIR=... -P run_cli.cmake
execute_process(COMMAND ${OTOS} validate WORKING_DIRECTORY ${DIR}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "no FILE: expected exit 2, got ${rc}\n${err}")
endif()

execute_process(COMMAND ${OTOS} validate valid/minimal.yaml WORKING_DIRECTORY ${DIR}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "valid/minimal.yaml: ok\n" OR NOT err STREQUAL "")
  message(FATAL_ERROR "valid file: expected exit 0 and 'valid/minimal.yaml: ok', got ${rc}\n${out}${err}")
endif()

execute_process(COMMAND ${OTOS} validate valid/minimal.yaml bad_access.yaml no_such_file.yaml
  WORKING_DIRECTORY ${DIR} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${DIR}/bad_access.expected expected)
string(APPEND expected
  "no_such_file.yaml:1:1: error: cannot read file: No such file or directory\n")
if(NOT rc EQUAL 1 OR NOT out STREQUAL "valid/minimal.yaml: ok\n" OR NOT err STREQUAL expected)
  message(FATAL_ERROR "mixed files: expected exit 1, got ${rc}\nstdout:\n${out}\nstderr:\n${err}")
endif()

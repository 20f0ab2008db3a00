# Runs one invalid-questionnaire case: `otos validate CASE.yaml` in DIR must exit 1 and print
# exactly CASE.expected on stderr. Usage: cmake -DOTOS=... -DCASE=... -DDIR=... -P run_case.cmake
execute_process(COMMAND ${OTOS} validate ${CASE}.yaml
  WORKING_DIRECTORY ${DIR}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
if(NOT EXISTS ${DIR}/${CASE}.expected)
  message(FATAL_ERROR "${CASE}: ${CASE}.expected is missing; it holds the exact stderr lines\n"
                      "stderr was:\n${err}")
endif()
file(READ ${DIR}/${CASE}.expected expected)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "${CASE}: expected exit 1, got ${rc}\nstderr:\n${err}")
endif()
if(NOT out STREQUAL "")
  message(FATAL_ERROR "${CASE}: expected nothing on stdout, got:\n${out}")
endif()
if(NOT err STREQUAL expected)
  message(FATAL_ERROR "${CASE}: stderr differs\n--- expected\n${expected}--- got\n${err}")
endif()

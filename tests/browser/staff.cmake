# The staff workspace's browser test (staff.mjs): node, playwright-core and axe-core from this
# folder's node_modules, Debian's chromium, against a real `otos serve`. Included by
# CMakeLists.txt here. Exit 77 (a module not installed) is reported as skipped, not passed.
find_program(OTOS_NODE node)
if(OTOS_NODE)
  add_test(NAME browser_staff COMMAND ${OTOS_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/staff.mjs)
  set_tests_properties(browser_staff PROPERTIES LABELS browser TIMEOUT 300 SKIP_RETURN_CODE 77
    RESOURCE_LOCK chromium ENVIRONMENT "OTOS_BIN=$<TARGET_FILE:otos>")
endif()

# CTest case "compile_fail_<probe>": PROBE must compile with -DKUDZU_CONTROL and must fail
# without it, with EXPECTED in the compiler's message (a static_assert's text).
#
# cmake -DCXX=... -DPROBE=<file> "-DEXPECTED=<text>" "-DFLAGS=-I... -I..." -P check.cmake
separate_arguments(flags UNIX_COMMAND "${FLAGS}")
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only ${flags} -DKUDZU_CONTROL ${PROBE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compile_fail: the control version of ${PROBE} does not compile:\n${out}")
endif()
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only ${flags} ${PROBE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "compile_fail: ${PROBE} compiled, but it must not")
endif()
string(FIND "${out}" "${EXPECTED}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "compile_fail: ${PROBE} failed without '${EXPECTED}':\n${out}")
endif()
message(STATUS "compile_fail: ${PROBE} is refused: ${EXPECTED}")

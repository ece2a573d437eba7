# CTest case "layering": each probe in this folder includes, after one of its own layer's
# headers, a header of a layer it must not see. Compiled with that layer's include path
# (the one its library target gets), the first header must be found and the second must not.
#
# cmake -DCXX=... -DPROBE=<file> -DFORBIDDEN=<header> "-DFLAGS=-I... -I..." -P check.cmake
separate_arguments(flags UNIX_COMMAND "${FLAGS}")
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only ${flags} ${PROBE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "layering: ${PROBE} compiled, so ${FORBIDDEN} is visible to a layer below it")
endif()
string(REPLACE "." "\\." forbidden_pattern "${FORBIDDEN}")
if(NOT out MATCHES "${forbidden_pattern}: No such file or directory")
  message(FATAL_ERROR "layering: ${PROBE} failed for another reason than ${FORBIDDEN} being out of reach:\n${out}")
endif()
message(STATUS "layering: ${FORBIDDEN} is out of reach, as it must be")

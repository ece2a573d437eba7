# CTest case "consumer": installs the build tree into a scratch prefix, builds
# test/consumer against it twice (find_package(kudzu) and pkg-config kudzu.pc), runs both
# and checks what they print: a gradient, and the gradcheck of an op of their own.
#
# cmake -DKUDZU_BUILD_DIR=... -DWORK_DIR=... -DCXX=... [-DCONFIG=...] [-DEXTRA_FLAGS=...]
#       -P run_consumer_test.cmake
cmake_minimum_required(VERSION 3.25)

set(source_dir ${CMAKE_CURRENT_LIST_DIR})
set(prefix ${WORK_DIR}/prefix)
set(expected_lines "grad: 3 12" "gradcheck softplus: PASS")

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer test: ${what} failed (${rc}):\n${out}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

function(check_output what)
  foreach(expected IN LISTS expected_lines)
    if(NOT output MATCHES "(^|\n)${expected}\n")
      message(FATAL_ERROR "consumer test: ${what} printed\n${output}\nexpected the line '${expected}'")
    endif()
    message(STATUS "${what}: ${expected}")
  endforeach()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(config_args)
if(CONFIG)
  set(config_args --config ${CONFIG})
endif()
run("cmake --install" ${CMAKE_COMMAND} --install ${KUDZU_BUILD_DIR} --prefix ${prefix} ${config_args})

# 1. The CMake package.
set(build_type Release)
if(CONFIG)
  set(build_type ${CONFIG})
endif()
run("configuring the consumer" ${CMAKE_COMMAND} -S ${source_dir} -B ${WORK_DIR}/build
  -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=${build_type} -DCMAKE_CXX_COMPILER=${CXX}
  "-DCMAKE_CXX_FLAGS=${EXTRA_FLAGS}")
run("building the consumer" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run("running the consumer" ${WORK_DIR}/build/app)
check_output("find_package(kudzu) consumer")

# 2. The pkg-config file, as a Makefile user would write it.
find_program(PKG_CONFIG pkg-config REQUIRED)
file(GLOB_RECURSE pc_file ${prefix}/kudzu.pc)
if(NOT pc_file)
  message(FATAL_ERROR "consumer test: no kudzu.pc under ${prefix}")
endif()
get_filename_component(pc_dir ${pc_file} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
# A static libkudzu needs its private dependencies too, which is what --static asks for.
set(pc_static)
file(GLOB_RECURSE static_lib ${prefix}/libkudzu_core.a)
if(static_lib)
  set(pc_static --static)
endif()
execute_process(COMMAND ${PKG_CONFIG} ${pc_static} --cflags --libs kudzu OUTPUT_VARIABLE pc_flags
  OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${PKG_CONFIG} --variable=libdir kudzu OUTPUT_VARIABLE pc_libdir
  OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
separate_arguments(extra_flags UNIX_COMMAND "${EXTRA_FLAGS}")
run("compiling with pkg-config flags" ${CXX} -std=c++20 ${extra_flags} ${source_dir}/main.cpp
  ${pc_flags} -Wl,-rpath,${pc_libdir} -o ${WORK_DIR}/app-pc)
run("running the pkg-config consumer" ${WORK_DIR}/app-pc)
check_output("pkg-config consumer")

# How the build keeps the layers apart. The public headers all live in lib/include/kudzu/,
# where users find them, but no target compiles against that folder: each layer gets a
# folder of its own under build/layers/<layer>/kudzu/ holding links to its headers only,
# and a target's include path lists the folders of its layer and of the layers below.
# Including an upper layer's header is then "No such file or directory" at compile time.

set(KUDZU_LAYER_INCLUDE_DIR ${PROJECT_BINARY_DIR}/layers)
set_property(GLOBAL PROPERTY KUDZU_LAYER_INCLUDE_DIR ${KUDZU_LAYER_INCLUDE_DIR})
set(_kudzu_public_headers ${CMAKE_CURRENT_SOURCE_DIR}/include/kudzu)
# Links left by an earlier configure could let a header moved to another layer through.
file(REMOVE_RECURSE ${KUDZU_LAYER_INCLUDE_DIR})
set_property(GLOBAL PROPERTY KUDZU_CLAIMED_HEADERS "")

# kudzu_layer_headers(<layer> <entry>...): the entries of lib/include/kudzu/ (headers, or
# the plot/ folder) that make up <layer>'s public face.
function(kudzu_layer_headers layer)
  set(dir ${KUDZU_LAYER_INCLUDE_DIR}/${layer}/kudzu)
  file(MAKE_DIRECTORY ${dir})
  foreach(entry IN LISTS ARGN)
    if(NOT EXISTS ${_kudzu_public_headers}/${entry})
      message(FATAL_ERROR "kudzu_layer_headers(${layer}): no ${_kudzu_public_headers}/${entry}")
    endif()
    file(CREATE_LINK ${_kudzu_public_headers}/${entry} ${dir}/${entry} SYMBOLIC)
    set_property(GLOBAL APPEND PROPERTY KUDZU_CLAIMED_HEADERS ${entry})
    set_property(GLOBAL APPEND PROPERTY KUDZU_LAYER_${layer}_HEADERS ${entry})
  endforeach()
endfunction()

# A header that no layer claims would be visible to none: say so at configure time.
function(kudzu_check_every_header_has_a_layer)
  file(GLOB entries RELATIVE ${_kudzu_public_headers} ${_kudzu_public_headers}/*)
  get_property(claimed GLOBAL PROPERTY KUDZU_CLAIMED_HEADERS)
  foreach(entry IN LISTS entries)
    if(NOT entry IN_LIST claimed)
      message(FATAL_ERROR "lib/include/kudzu/${entry} belongs to no layer: add it to a "
        "kudzu_layer_headers() list in lib/CMakeLists.txt")
    endif()
  endforeach()
endfunction()

# The include flags a layer library compiles its users with, for a compile outside any target
# (the layering test).
function(kudzu_layer_include_flags out target)
  get_property(layers GLOBAL PROPERTY KUDZU_VISIBLE_LAYERS_${target})
  get_property(root GLOBAL PROPERTY KUDZU_LAYER_INCLUDE_DIR)
  set(flags)
  foreach(layer IN LISTS layers)
    list(APPEND flags -I${root}/${layer})
  endforeach()
  set(${out} ${flags} PARENT_SCOPE)
endfunction()

# kudzu_layer_library(<layer> <target> LAYERS <layer>... [BELOW <target>...]
#                     SOURCES <file>... [PUBLIC_LINKS <target>...] [PRIVATE_LINKS <target>...])
# A library of <layer>: it sees the headers of LAYERS, the usage requirements of the BELOW
# targets it is built on, and its private headers in src/<layer>/.
function(kudzu_layer_library layer target)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "LAYERS;BELOW;SOURCES;PUBLIC_LINKS;PRIVATE_LINKS")
  add_library(${target} ${arg_SOURCES})
  add_library(kudzu::${layer} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${layer})
  foreach(visible IN LISTS arg_LAYERS)
    target_include_directories(${target} PUBLIC
      $<BUILD_INTERFACE:${KUDZU_LAYER_INCLUDE_DIR}/${visible}>)
  endforeach()
  target_include_directories(${target}
    PUBLIC $<INSTALL_INTERFACE:include>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src/${layer})
  target_link_libraries(${target} PUBLIC ${arg_BELOW} ${arg_PUBLIC_LINKS} PRIVATE ${arg_PRIVATE_LINKS})
  set(visible ${arg_LAYERS})
  foreach(below IN LISTS arg_BELOW)
    get_property(below_layers GLOBAL PROPERTY KUDZU_VISIBLE_LAYERS_${below})
    list(APPEND visible ${below_layers})
  endforeach()
  list(REMOVE_DUPLICATES visible)
  set_property(GLOBAL PROPERTY KUDZU_VISIBLE_LAYERS_${target} ${visible})
  target_compile_features(${target} PUBLIC cxx_std_20)
  # Nothing in the library reads errno after a math function: without it std::sqrt is the
  # bare instruction, which vectorizes (Adam's update), with the same IEEE results.
  target_compile_options(${target} PRIVATE -fno-math-errno)
  kudzu_check_headers_compile_alone(${target} ${arg_LAYERS})
endfunction()

# Every public header of <layers> compiles on its own with only <target>'s include path:
# one generated source file per header, built with the library.
function(kudzu_check_headers_compile_alone target)
  # Which headers compile alone does not depend on sanitizers: the sanitizer build (CI's
  # second) leaves the check to the plain one.
  if(KUDZU_SANITIZE)
    return()
  endif()
  set(sources)
  foreach(layer IN LISTS ARGN)
    get_property(entries GLOBAL PROPERTY KUDZU_LAYER_${layer}_HEADERS)
    foreach(entry IN LISTS entries)
      if(IS_DIRECTORY ${_kudzu_public_headers}/${entry})
        file(GLOB_RECURSE headers RELATIVE ${_kudzu_public_headers}
          ${_kudzu_public_headers}/${entry}/*.hpp)
      else()
        set(headers ${entry})
      endif()
      foreach(header IN LISTS headers)
        string(MAKE_C_IDENTIFIER ${header} id)
        set(source ${PROJECT_BINARY_DIR}/header_check/${layer}/${id}.cpp)
        file(CONFIGURE OUTPUT ${source} CONTENT "#include \"kudzu/${header}\"\n")
        list(APPEND sources ${source})
      endforeach()
    endforeach()
  endforeach()
  add_library(${target}_header_check OBJECT ${sources})
  target_link_libraries(${target}_header_check PRIVATE ${target})
endfunction()

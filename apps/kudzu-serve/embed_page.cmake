# Writes OUTPUT, a C++ file defining kudzu::serve::page_html() as the text of INPUT (the page),
# so that kudzu-serve carries its page wherever the binary goes. The raw string's delimiter
# must not occur in the page; the build stops if it does.
file(READ ${INPUT} page)
string(FIND "${page}" ")kudzu_page\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )kudzu_page\"")
endif()
file(WRITE ${OUTPUT}.part "// Generated from page.html by embed_page.cmake: edit page.html.\n"
  "#include \"page.hpp\"\n\n"
  "namespace kudzu::serve {\n\n"
  "std::string_view page_html() {\n"
  "  static constexpr std::string_view page = R\"kudzu_page(${page})kudzu_page\";\n"
  "  return page;\n"
  "}\n\n"
  "}  // namespace kudzu::serve\n")
file(RENAME ${OUTPUT}.part ${OUTPUT})

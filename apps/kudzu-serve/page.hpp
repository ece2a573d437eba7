// The page kudzu-serve shows at /: one HTML file (page.html) with its script and styles inline
// and no external resource, so that it works offline. Compiled into the program.
#pragma once

#include <string_view>

namespace kudzu::serve {

std::string_view page_html();

}  // namespace kudzu::serve

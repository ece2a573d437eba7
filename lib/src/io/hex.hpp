// "0x00000803": how file readers show magic numbers and checksums in their errors.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace kudzu::detail {

inline std::string hex32(std::uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

}  // namespace kudzu::detail

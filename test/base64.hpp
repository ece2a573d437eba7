// RFC 4648 base64, for the data URLs of kudzu-serve's tests, benchmark and fuzz seeds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kudzu::testing {

// RFC 4648 base64 with padding, for data URLs.
inline std::string base64(const std::vector<std::uint8_t>& bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string text;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t n = (bytes[i] << 16) | ((i + 1 < bytes.size() ? bytes[i + 1] : 0) << 8) |
                            (i + 2 < bytes.size() ? bytes[i + 2] : 0);
    text += alphabet[(n >> 18) & 63];
    text += alphabet[(n >> 12) & 63];
    text += i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=';
    text += i + 2 < bytes.size() ? alphabet[n & 63] : '=';
  }
  return text;
}

}  // namespace kudzu::testing

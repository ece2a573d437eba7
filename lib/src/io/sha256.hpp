// SHA-256 (FIPS 180-4), for the checksums of a run's manifest.
#pragma once

#include <string>
#include <string_view>

namespace kudzu::detail {

// The digest of `bytes` as 64 lowercase hexadecimal digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace kudzu::detail

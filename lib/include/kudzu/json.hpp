// JSON files through nlohmann/json, read with errors a user can act on.
//
//   nlohmann::ordered_json summary = {{"epochs", 200}, {"digits", {3, 8}}};
//   std::string text = summary.dump(2);
//   nlohmann::ordered_json back = parse_json(text, "summary.json");
//   int epochs = back.at("epochs").get<int>();
//
// ordered_json keeps members in the order they were added, so a written file reads in the
// order its writer chose. Include <nlohmann/json.hpp> where the values are used.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace kudzu {

// At most this many levels of nested arrays and objects are read.
inline constexpr int max_json_depth = 256;

// Parses a whole JSON text (RFC 8259, strings in UTF-8, numbers within a double's range, each
// member name once per object, at most max_json_depth levels). DataError
// "<name>: line L, column C: <what is wrong>" on the first error.
nlohmann::ordered_json parse_json(std::string_view text, const std::string& name);

// parse_json of a regular file of at most max_bytes (read_regular_file).
nlohmann::ordered_json read_json_file(const std::filesystem::path& path,
                                      std::uintmax_t max_bytes = std::uintmax_t{64} << 20);

// The shortest decimal that reads back as `value`: a float stored as 0.001f is written 0.001,
// not 0.0010000000474974513 (what the float is as a double).
double shortest_decimal(float value);

}  // namespace kudzu

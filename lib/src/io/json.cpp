#include "kudzu/json.hpp"

#include <charconv>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "kudzu/error.hpp"
#include "kudzu/files.hpp"

namespace kudzu {

namespace {

using Json = nlohmann::ordered_json;

// "line L, column C" of the byte at `offset` (counted from 1, as editors do).
std::string position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') ++line, line_start = i + 1;
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
}

// nlohmann's messages open with "[json.exception.parse_error.101] parse error at line 1,
// column 2: "; the file's name and position say that better.
std::string reason_of(const nlohmann::json::exception& error) {
  std::string what = error.what();
  if (const std::size_t colon = what.find(": "); what.rfind("[json.", 0) == 0 &&
                                                 what.find("parse error") != std::string::npos &&
                                                 colon != std::string::npos)
    what.erase(0, colon + 2);
  else if (const std::size_t bracket = what.find("] "); bracket != std::string::npos)
    what.erase(0, bracket + 2);
  return what;
}

}  // namespace

Json parse_json(std::string_view text, const std::string& name) {
  // The parser reports each member name as it reads it: one set of names per open object
  // finds a name given twice. Its depth bounds the nesting. A callback can only drop a value,
  // so a refusal leaves it by an exception of its own.
  struct Refused {
    std::string problem;
  };
  std::vector<std::set<std::string>> names_of_open_objects;
  const auto check = [&](int depth, nlohmann::json::parse_event_t event, Json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (depth >= max_json_depth)  // depth counts from 0 at the top level
      throw Refused{"more than " + std::to_string(max_json_depth) + " levels of nesting"};
    if (event == Event::object_start) names_of_open_objects.emplace_back();
    if (event == Event::object_end) names_of_open_objects.pop_back();
    if (event == Event::key &&
        !names_of_open_objects.back().insert(parsed.get<std::string>()).second)
      throw Refused{"the member name '" + parsed.get<std::string>() +
                    "' appears twice in one object"};
    return true;
  };
  // nlohmann's reader takes a NUL byte between values for the end of the text, so that a
  // document followed by NULs (a file damaged on disk) would read as whole: refuse them first.
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos)
    throw DataError(name + ": " + position_of(text, nul) +
                    ": a NUL byte (0x00), which no JSON text holds (is the file damaged?)");
  try {
    return Json::parse(text.begin(), text.end(), check);
  } catch (const Refused& refused) {
    throw DataError(name + ": " + refused.problem);
  } catch (const nlohmann::json::parse_error& error) {
    throw DataError(name + ": " + position_of(text, error.byte == 0 ? 0 : error.byte - 1) + ": " +
                    reason_of(error));
  } catch (const nlohmann::json::exception& error) {  // a number beyond a double's range
    throw DataError(name + ": " + reason_of(error));
  }
}

Json read_json_file(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  return parse_json(read_regular_file(path, max_bytes), path.string());
}

double shortest_decimal(float value) {
  char text[32];
  const auto [end, error] = std::to_chars(text, text + sizeof text, value);
  double result = value;
  std::from_chars(text, end, result);
  return error == std::errc() ? result : double(value);
}

}  // namespace kudzu

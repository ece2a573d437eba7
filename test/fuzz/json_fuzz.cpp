// libFuzzer target for the JSON readers: kudzu::parse_json, which reads summary.json, and
// the run manifest reader behind RunDirectory::open, which reads manifest.json and checks the
// files it lists. Any bytes. A DataError is a reader doing its job; any other exception, a
// crash or a sanitizer report is a bug, and so is a document that does not print back to
// text parsing to the same print, or a manifest accepted that lists what the folder does
// not hold.
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kudzu/error.hpp"
#include "kudzu/json.hpp"
#include "kudzu/run_directory.hpp"

namespace {

// A run folder made once: one result file, a.txt ("a\n", SHA-256 below), and the manifest
// each input is written to.
const std::filesystem::path& run_folder() {
  static const std::filesystem::path folder = [] {
    char name[] = "/tmp/kudzu_json_fuzz_XXXXXX";
    const std::filesystem::path made = ::mkdtemp(name);
    std::ofstream(made / "a.txt") << "a\n";
    return made;
  }();
  return folder;
}

void check_manifest(std::string_view text) {
  const std::filesystem::path& folder = run_folder();
  std::ofstream(folder / "manifest.json", std::ios::binary | std::ios::trunc)
      .write(text.data(), static_cast<std::streamsize>(text.size()));
  try {
    const kudzu::RunDirectory run = kudzu::RunDirectory::open(folder);
    // Accepted: it can list a.txt only, with its true content.
    for (const std::string& name : run.names())
      if (name != "a.txt" || run.bytes(name) != "a\n") __builtin_trap();
  } catch (const kudzu::DataError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_manifest(text);
  std::string printed;
  try {
    printed = kudzu::parse_json(text, "input").dump(2);
  } catch (const kudzu::DataError&) {
    return 0;
  }
  if (kudzu::parse_json(printed, "printed").dump(2) != printed) __builtin_trap();
  return 0;
}

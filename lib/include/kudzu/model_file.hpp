// Model files: a model's architecture and parameters in one small binary file.
//
//   save(model, "network.kudzu");
//   Model same = load("network.kudzu");
//   Model checked = load("network.kudzu", model);   // and of this architecture
//
// Format, version 1. Integers are unsigned little-endian; strings are a one-byte length and
// that many bytes of printable ASCII (0x20 to 0x7e).
//
//   bytes   field
//   8       magic "KUDZUMDL"
//   4       version: 1
//   8       size of the whole file in bytes, checksum included
//   4       number of layers (at most 4096)
//   ...     each layer: name (1 to 255 bytes); kind ("affine", "relu", "sigmoid", "tanh" or
//           "softmax"); 4-byte parameter count; each parameter: name, 4-byte rank (1 to 4),
//           then one 4-byte size per axis (1 to 2^24). An affine layer has w {nin,nout} then
//           b {1,nout}; the others have none.
//   ...     the values of every parameter in the order above: float32, row-major
//   4       CRC-32 (zlib's crc32) of every byte before it
//
// save writes a temporary file beside the target and renames it into place, so a reader
// never sees half a file. load checks everything before it builds anything: a damaged file is
// a FormatError whose message names the file and the problem (truncated, bad magic, wrong
// version, bad checksum, unknown layer kind, shape inconsistency, implausible size, wrong
// architecture), never a crash and never a half-loaded model.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "kudzu/nn.hpp"

namespace kudzu {

// UsageError if a layer or parameter name cannot be stored (see the format above); Error if
// the file cannot be written.
void save(const Model& model, const std::filesystem::path& path);
Model load(const std::filesystem::path& path);
// As load, and a FormatError ("wrong architecture") unless the file's layers have the names,
// kinds and parameter shapes of `expected_architecture`'s.
Model load(const std::filesystem::path& path, const Model& expected_architecture);

// The same in memory: the bytes of a model file, and a model from them (`name` is what the
// error messages call the file).
std::string encode_model(const Model& model);
Model decode_model(std::span<const std::uint8_t> bytes, std::string_view name);
Model decode_model(std::span<const std::uint8_t> bytes, std::string_view name,
                   const Model& expected_architecture);

}  // namespace kudzu

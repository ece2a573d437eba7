// Model files: a model's architecture and parameters in one small binary file, with what
// its outputs mean.
//
//   save(model, "network.kudzu", {.class_names = {"3", "8"}, .input = "mnist-28x28"});
//   Model same = load("network.kudzu");
//   Model checked = load("network.kudzu", model);   // and of this architecture
//   ModelFile file = load_model_file("network.kudzu");  // the model and its metadata
//
// Format, version 3. Integers are unsigned little-endian; strings are a one-byte length and
// that many bytes of printable ASCII (0x20 to 0x7e).
//
//   bytes   field
//   8       magic "KUDZUMDL"
//   4       version: 3 (version 2 files, which have no settings, and version 1 files, which
//           have no metadata block either, still load)
//   8       size of the whole file in bytes, checksum included
//   4       number of layers (at most 4096)
//   ...     each layer: name (1 to 255 bytes); kind (one of kudzu/layer_kinds.hpp: "affine",
//           "conv2d", "relu", ...); 4-byte setting count (version 3 only); each setting: name,
//           4-byte value, as the kind's setting_names in order (a conv2d layer: stride then
//           padding); 4-byte parameter count; each parameter: name, 4-byte rank (1 to 4), then
//           one 4-byte size per axis (1 to 2^24). An affine layer has w {nin,nout} then
//           b {1,nout}, a conv2d layer w {F,C,K,K} then b {F}; the others have none.
//   ...     metadata (version 2 and 3): 4-byte count of class names (0, or as many as the
//           model gives probabilities, see ModelMetadata), each a string (1 to 255 bytes,
//           all different); then the input preparation, a string of 0 to 255 bytes
//   ...     the values of every parameter in the order above: float32, row-major
//   4       CRC-32 (zlib's crc32) of every byte before it
//
// save writes a temporary file beside the target and renames it into place, so a reader
// never sees half a file. load checks everything before it builds anything: a damaged file is
// a FormatError whose message names the file and the problem (truncated, bad magic, wrong
// version, bad checksum, unknown layer kind, bad settings, shape inconsistency, implausible
// size, wrong architecture), never a crash and never a half-loaded model.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kudzu/nn.hpp"

namespace kudzu {

// What a model's outputs mean and what its inputs must be; empty when not known (a version-1
// file, or a model saved without it).
struct ModelMetadata {
  // The name of each probability the model gives, in output order. A model with one output
  // (a sigmoid) gives two: its output p first, then 1 - p. The 3-against-8 models of
  // kudzu-compare have {"3", "8"}: their sigmoid output is p(3).
  std::vector<std::string> class_names;
  // How an input is prepared: "mnist-28x28" is a 28x28 digit image, 784 values from 0 to 1
  // row by row, as kudzu/digit_image.hpp prepares one.
  std::string input;

  bool operator==(const ModelMetadata&) const = default;
};

struct ModelFile {
  Model model;
  ModelMetadata metadata;
};

// UsageError if a layer, parameter or class name cannot be stored (see the format above), or
// if the class names do not fit the model's outputs; Error if the file cannot be written.
void save(const Model& model, const std::filesystem::path& path,
          const ModelMetadata& metadata = {});
Model load(const std::filesystem::path& path);
// The model and its metadata; a damaged metadata block is a FormatError like other damage.
ModelFile load_model_file(const std::filesystem::path& path);
// As load, and a FormatError ("wrong architecture") unless the file's layers have the names,
// kinds and parameter shapes of `expected_architecture`'s.
Model load(const std::filesystem::path& path, const Model& expected_architecture);

// The same in memory: the bytes of a model file, and a model from them (`name` is what the
// error messages call the file).
std::string encode_model(const Model& model, const ModelMetadata& metadata = {});
Model decode_model(std::span<const std::uint8_t> bytes, std::string_view name);
Model decode_model(std::span<const std::uint8_t> bytes, std::string_view name,
                   const Model& expected_architecture);
ModelFile decode_model_file(std::span<const std::uint8_t> bytes, std::string_view name);

}  // namespace kudzu

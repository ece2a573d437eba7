// Small IDX files for the tests and the fuzzer's seed corpus: the bytes of a file with any
// header (consistent or damaged on purpose), gzip-compressed if wanted, written to disk.
#pragma once

#define ZLIB_CONST   // const input pointers in z_stream
#include <stdlib.h>  // mkdtemp
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace idx_files {

constexpr std::uint32_t kImagesMagic = 0x00000803;
constexpr std::uint32_t kLabelsMagic = 0x00000801;

// A big-endian header (magic, then each dimension) followed by `payload` as given.
inline std::vector<std::uint8_t> idx_bytes(std::uint32_t magic,
                                           std::initializer_list<std::uint32_t> dimensions,
                                           std::span<const std::uint8_t> payload) {
  std::vector<std::uint8_t> bytes;
  const auto append_big_endian = [&bytes](std::uint32_t word) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back((word >> shift) & 0xff);
  };
  append_big_endian(magic);
  for (const std::uint32_t dimension : dimensions) append_big_endian(dimension);
  bytes.insert(bytes.end(), payload.begin(), payload.end());
  return bytes;
}

inline std::vector<std::uint8_t> images_bytes(std::uint32_t count, std::uint32_t rows,
                                              std::uint32_t cols,
                                              std::span<const std::uint8_t> pixels) {
  return idx_bytes(kImagesMagic, {count, rows, cols}, pixels);
}

inline std::vector<std::uint8_t> labels_bytes(std::span<const std::uint8_t> labels) {
  return idx_bytes(kLabelsMagic, {static_cast<std::uint32_t>(labels.size())}, labels);
}

// One gzip member, as `gzip` writes it.
inline std::vector<std::uint8_t> gzip(std::span<const std::uint8_t> bytes) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::vector<std::uint8_t> compressed(deflateBound(&stream, bytes.size()));
  stream.next_in = bytes.data();
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = compressed.data();
  stream.avail_out = static_cast<uInt>(compressed.size());
  const int status = deflate(&stream, Z_FINISH);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return compressed;
}

inline void write_file(const std::filesystem::path& file, std::span<const std::uint8_t> bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

// A fresh directory under the system's temporary directory, removed with its content.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kudzu-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace idx_files

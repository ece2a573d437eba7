// The IDX reader. A file is read whole into memory and parsed from there: the header first,
// checked against what the file can hold, and only then the payload, straight into the
// vector it is returned in.
#include "kudzu/idx.hpp"

#define ZLIB_CONST  // const input pointers in z_stream
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <system_error>

#include "hex.hpp"
#include "kudzu/error.hpp"

namespace kudzu {
namespace {

// What tells the two kinds of IDX file apart.
struct IdxKind {
  std::uint32_t magic;     // 0x0000 (unused), 0x08 (unsigned bytes), number of dimensions
  std::size_t dimensions;  // 32-bit sizes that follow the magic
  const char* items;       // what the first dimension counts, for messages
};
constexpr IdxKind kImagesKind{0x00000803, 3, "images"};
constexpr IdxKind kLabelsKind{0x00000801, 1, "labels"};
constexpr std::size_t kMaxDimensions = 3;

// Deflate cannot expand data more than 1032-fold (zlib's FAQ), so this bounds what a gzip
// file can decompress to before anything is decompressed.
constexpr std::uint64_t kMaxDeflateRatio = 1032;

[[noreturn]] void fail(std::string_view name, const std::string& problem) {
  throw DataError(std::string(name) + ": " + problem);
}

std::uint32_t big_endian_u32(const std::uint8_t* bytes) {
  return std::uint32_t{bytes[0]} << 24 | std::uint32_t{bytes[1]} << 16 |
         std::uint32_t{bytes[2]} << 8 | std::uint32_t{bytes[3]};
}

bool is_gzip(std::span<const std::uint8_t> bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

// zlib counts in 32-bit uInt; larger spans are handed over in pieces.
uInt zlib_chunk(std::size_t size) {
  return static_cast<uInt>(std::min<std::size_t>(size, std::numeric_limits<uInt>::max()));
}

// The content of a file as a stream: the file's bytes, or for a gzip file the bytes it
// decompresses to, inflated only as far as they are read. A gzip file of several members
// (`cat a.gz b.gz`) decompresses to their concatenation, as gzip -d does.
class Content {
 public:
  Content(std::span<const std::uint8_t> file, std::string_view name)
      : file_(file), name_(name), gzip_(is_gzip(file)) {
    if (!gzip_) return;
    stream_.next_in = file_.data();
    stream_.avail_in = zlib_chunk(file_.size());
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();  // 16: gzip
  }
  Content(const Content&) = delete;
  Content& operator=(const Content&) = delete;
  ~Content() {
    if (gzip_) inflateEnd(&stream_);
  }

  bool gzip() const { return gzip_; }

  // The most bytes the content can have: exact for a raw file, a bound for gzip.
  std::uint64_t capacity() const {
    if (!gzip_) return file_.size();
    const std::uint64_t size = file_.size();
    return size > std::numeric_limits<std::uint64_t>::max() / kMaxDeflateRatio
               ? std::numeric_limits<std::uint64_t>::max()
               : size * kMaxDeflateRatio;
  }

  // Fills `out` and returns how many bytes it filled: fewer only at the end of the content.
  std::size_t read(std::span<std::uint8_t> out) {
    if (!gzip_) {
      const std::size_t count = std::min(out.size(), file_.size() - raw_offset_);
      std::copy_n(file_.data() + raw_offset_, count, out.data());
      raw_offset_ += count;
      return count;
    }
    std::size_t filled = 0;
    while (filled < out.size() && !gzip_finished_) {
      stream_.next_out = out.data() + filled;
      stream_.avail_out = zlib_chunk(out.size() - filled);
      if (stream_.avail_in == 0) stream_.avail_in = zlib_chunk(unread_input());
      const int status = inflate(&stream_, Z_NO_FLUSH);
      filled = static_cast<std::size_t>(stream_.next_out - out.data());
      if (status == Z_STREAM_END) {
        next_member();
      } else if (status == Z_BUF_ERROR && unread_input() == 0) {
        fail(name_, "corrupt gzip stream: it ends without its end marker after " +
                        std::to_string(decompressed()) + " decompressed bytes (truncated?)");
      } else if (status != Z_OK) {
        fail(name_, std::string("corrupt gzip stream: ") +
                        (stream_.msg ? stream_.msg : "zlib error " + std::to_string(status)) +
                        " after " + std::to_string(decompressed()) + " decompressed bytes");
      }
    }
    return filled;
  }

  // Whether anything is left after what has been read. For gzip this reads on to the end of
  // the stream, so a missing or wrong checksum at the end is caught here too.
  bool has_more() {
    std::uint8_t probe;
    return read(std::span(&probe, 1)) == 1;
  }

  // "the file has 1000 bytes", for messages.
  std::string holds(std::uint64_t size) const {
    return (gzip_ ? "the decompressed content has " : "the file has ") + std::to_string(size) +
           " bytes";
  }

 private:
  std::size_t unread_input() const {
    return static_cast<std::size_t>(file_.data() + file_.size() - stream_.next_in);
  }

  std::uint64_t decompressed() const { return earlier_members_out_ + stream_.total_out; }

  // After the end of a gzip member: the end of the file, another member, or junk.
  void next_member() {
    const std::span<const std::uint8_t> rest(stream_.next_in, unread_input());
    if (rest.empty()) {
      gzip_finished_ = true;
    } else if (is_gzip(rest)) {
      earlier_members_out_ += stream_.total_out;  // which inflateReset sets back to 0
      inflateReset(&stream_);
    } else {
      fail(name_, "expected the end of the file after the gzip stream, found " +
                      std::to_string(rest.size()) + " more bytes that are not gzip");
    }
  }

  std::span<const std::uint8_t> file_;
  std::string_view name_;
  bool gzip_;
  std::size_t raw_offset_ = 0;
  z_stream stream_{};
  bool gzip_finished_ = false;
  std::uint64_t earlier_members_out_ = 0;
};

struct IdxContent {
  std::array<std::uint32_t, kMaxDimensions> dimensions{};
  std::vector<std::uint8_t> payload;
};

// Header plus payload in bytes, or nothing when it does not fit in 64 bits.
std::optional<std::uint64_t> announced_size(const IdxKind& kind,
                                            const std::array<std::uint32_t, kMaxDimensions>& dims,
                                            std::uint64_t header_size) {
  std::uint64_t payload = 1;
  for (std::size_t i = 0; i < kind.dimensions; ++i) {
    if (dims[i] != 0 && payload > std::numeric_limits<std::uint64_t>::max() / dims[i]) {
      return std::nullopt;
    }
    payload *= dims[i];
  }
  if (payload > std::numeric_limits<std::uint64_t>::max() - header_size) return std::nullopt;
  return payload + header_size;
}

IdxContent parse_idx(std::span<const std::uint8_t> file, std::string_view name,
                     const IdxKind& kind) {
  Content content(file, name);
  const std::string kind_name = std::string("IDX ") + kind.items + " file";

  // The magic is checked before the header's length: a labels file given for an images file
  // is shorter than an images header, and "not an images file" is the more useful message.
  std::array<std::uint8_t, 4 + 4 * kMaxDimensions> header_bytes{};
  const auto header = std::span(header_bytes).first(4 + 4 * kind.dimensions);
  const std::size_t got = content.read(header);
  if (const std::uint32_t magic = big_endian_u32(header.data()); got >= 4 && magic != kind.magic) {
    fail(name, "not an " + kind_name + ": expected magic " + detail::hex32(kind.magic) +
                   ", found " + detail::hex32(magic));
  }
  if (got < header.size()) {
    fail(name, "truncated header: an " + kind_name + " starts with " +
                   std::to_string(header.size()) + " header bytes but " + content.holds(got));
  }

  IdxContent result;
  for (std::size_t i = 0; i < kind.dimensions; ++i) {
    result.dimensions[i] = big_endian_u32(header.data() + 4 + 4 * i);
  }
  std::string announced =
      "header announces " + std::to_string(result.dimensions[0]) + " " + kind.items;
  if (kind.dimensions == 3) {
    const auto rows = result.dimensions[1], cols = result.dimensions[2];
    announced += " of " + std::to_string(rows) + "x" + std::to_string(cols);
    if (rows == 0 || cols == 0) {
      fail(name, announced + ": expected at least one row and one column");
    }
  }
  const std::optional<std::uint64_t> total = announced_size(kind, result.dimensions, header.size());
  announced += " (" + (total ? std::to_string(*total) : std::string("over 2^64")) + " bytes)";

  // Checked before the payload is allocated: a damaged header must not reserve gigabytes.
  if (content.gzip() && (!total || *total > content.capacity())) {
    fail(name, "truncated: " + announced + " but a gzip file of " + std::to_string(file.size()) +
                   " bytes decompresses to at most " + std::to_string(content.capacity()) +
                   " bytes");
  }
  if (!content.gzip() && (!total || *total != file.size())) {
    fail(name, (total && *total < file.size() ? "trailing bytes: " : "truncated: ") + announced +
                   " but " + content.holds(file.size()));
  }

  result.payload.resize(*total - header.size());
  if (const std::size_t payload_got = content.read(result.payload);
      payload_got < result.payload.size()) {
    fail(name, "truncated: " + announced + " but " + content.holds(header.size() + payload_got));
  }
  if (content.has_more()) {
    fail(name, "trailing bytes: " + announced + " but the decompressed content has more");
  }
  return result;
}

std::vector<std::uint8_t> read_file(const std::filesystem::path& file) {
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  if (error) fail(file.string(), "cannot read: " + error.message());
  std::vector<std::uint8_t> bytes(size);
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file.string(), "cannot open: " + std::generic_category().message(errno));
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) {
    fail(file.string(), "expected " + std::to_string(size) + " bytes, read " +
                            std::to_string(in.gcount()) + " (changed while being read?)");
  }
  return bytes;
}

}  // namespace

IdxImages parse_idx_images(std::span<const std::uint8_t> bytes, std::string_view name) {
  IdxContent content = parse_idx(bytes, name, kImagesKind);
  return {.count = content.dimensions[0],
          .rows = content.dimensions[1],
          .cols = content.dimensions[2],
          .pixels = std::move(content.payload)};
}

IdxLabels parse_idx_labels(std::span<const std::uint8_t> bytes, std::string_view name) {
  return {.labels = parse_idx(bytes, name, kLabelsKind).payload};
}

IdxImages read_idx_images(const std::filesystem::path& file) {
  return parse_idx_images(read_file(file), file.string());
}

IdxLabels read_idx_labels(const std::filesystem::path& file) {
  return parse_idx_labels(read_file(file), file.string());
}

void check_same_count(const IdxImages& images, const IdxLabels& labels,
                      const std::filesystem::path& images_file,
                      const std::filesystem::path& labels_file) {
  if (images.count == labels.labels.size()) return;
  throw DataError(images_file.string() + " has " + std::to_string(images.count) + " images but " +
                  labels_file.string() + " has " + std::to_string(labels.labels.size()) +
                  " labels: expected one label per image");
}

}  // namespace kudzu

#include "kudzu/model_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include "hex.hpp"
#include "kudzu/error.hpp"
#include "kudzu/files.hpp"
#include "kudzu/layer_kinds.hpp"

namespace kudzu {
namespace {

constexpr char magic[8] = {'K', 'U', 'D', 'Z', 'U', 'M', 'D', 'L'};
// Version 1 has no metadata block, version 2 no layer settings.
constexpr std::uint32_t format_version = 3;
constexpr std::uint32_t oldest_version = 1;
constexpr std::size_t header_size = sizeof magic + 4 + 8 + 4;  // magic, version, size, layers
constexpr std::size_t checksum_size = 4;
constexpr std::uint32_t max_layers = 4096;
constexpr std::uint32_t max_dimension = 1u << 24;
constexpr std::size_t max_name_length = 255;
constexpr std::uint32_t max_class_names = 4096;

struct ParameterSpec {
  std::string name;
  Shape shape;
};

struct SettingSpec {
  std::string name;
  std::size_t value;
};

struct LayerSpec {
  std::string name;
  const LayerKind* kind;
  std::vector<SettingSpec> settings;
  std::vector<ParameterSpec> parameters;
};

bool is_storable_text(std::string_view text) {
  return text.size() <= max_name_length &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

bool is_storable_name(std::string_view name) { return !name.empty() && is_storable_text(name); }

// How many probabilities a model whose last affine layer gives `width` outputs gives: a
// single output p stands for two classes, p and 1 - p. nullopt without an affine layer (the
// width is then the input's, which the file does not know).
std::optional<std::size_t> probability_count(std::optional<std::size_t> width) {
  if (!width) return std::nullopt;
  return *width == 1 ? 2 : *width;
}

// What is wrong with class names for a model of `probabilities` outputs; empty when nothing.
std::string class_names_problem(const std::vector<std::string>& names,
                                std::optional<std::size_t> probabilities) {
  if (names.size() > max_class_names)
    return std::to_string(names.size()) + " class names (at most " +
           std::to_string(max_class_names) + ")";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!is_storable_name(names[i]))
      return "class name " + std::to_string(i + 1) + " is not 1 to 255 printable ASCII characters";
    if (std::find(names.begin(), names.begin() + i, names[i]) != names.begin() + i)
      return "the class name '" + names[i] + "' appears twice";
  }
  if (!names.empty() && probabilities && names.size() != *probabilities)
    return std::to_string(names.size()) + " class names for a model that gives " +
           std::to_string(*probabilities) + " probabilities";
  return {};
}

class Writer {
 public:
  void u32(std::uint32_t value) { little_endian(value, 4); }
  void u64(std::uint64_t value) { little_endian(value, 8); }
  void string(std::string_view text) {
    bytes_.push_back(static_cast<char>(text.size()));
    bytes_.append(text);
  }
  void floats(const Tensor& values) {
    const float* data = values.data();
    for (std::size_t i = 0; i < values.size(); ++i) u32(std::bit_cast<std::uint32_t>(data[i]));
  }
  void raw(std::string_view data) { bytes_.append(data); }
  std::string& bytes() { return bytes_; }

 private:
  void little_endian(std::uint64_t value, int count) {
    for (int i = 0; i < count; ++i) bytes_.push_back(static_cast<char>(value >> (8 * i) & 0xff));
  }
  std::string bytes_;
};

// Reads fields in order; every read is bounds-checked, and every problem is a FormatError
// that names the file.
class Reader {
 public:
  Reader(std::span<const std::uint8_t> bytes, std::string_view file) : bytes_(bytes), file_(file) {}

  [[noreturn]] void fail(const std::string& problem) const {
    throw FormatError("model file " + file_ + ": " + problem);
  }

  std::size_t remaining() const { return bytes_.size() - position_; }

  std::uint64_t unsigned_integer(std::size_t count, const char* what) {
    const std::uint8_t* field = take(count, what);
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < count; ++i) value |= std::uint64_t(field[i]) << (8 * i);
    return value;
  }
  void skip(std::size_t count, const char* what) { take(count, what); }
  std::uint32_t u32(const char* what) {
    return static_cast<std::uint32_t>(unsigned_integer(4, what));
  }

  std::string string(const char* what) {
    const std::size_t length = *take(1, what);
    const std::uint8_t* text = take(length, what);
    std::string value(text, text + length);
    if (!is_storable_name(value))
      fail("implausible name: the " + std::string(what) + " at byte " +
           std::to_string(position_ - length - 1) + " is not 1 to 255 printable ASCII characters");
    return value;
  }
  // A string that may be empty.
  std::string text(const char* what) {
    const std::size_t length = *take(1, what);
    const std::uint8_t* text = take(length, what);
    std::string value(text, text + length);
    if (!is_storable_text(value))
      fail("damaged metadata: the " + std::string(what) + " at byte " +
           std::to_string(position_ - length - 1) + " is not printable ASCII");
    return value;
  }

  float f32() { return std::bit_cast<float>(u32("parameter values")); }

 private:
  const std::uint8_t* take(std::size_t count, const char* what) {
    if (count > remaining())
      fail("truncated: the " + std::string(what) + " at byte " + std::to_string(position_) +
           " runs past the end of the layer records");
    const std::uint8_t* field = bytes_.data() + position_;
    position_ += count;
    return field;
  }

  std::span<const std::uint8_t> bytes_;
  std::string file_;
  std::size_t position_ = 0;
};

std::uint32_t crc32_of(std::span<const std::uint8_t> bytes) {
  // zlib takes lengths as uInt; a model file is far below 4 GiB, but go in pieces anyway.
  uLong crc = crc32(0L, Z_NULL, 0);
  for (std::size_t done = 0; done < bytes.size();) {
    const std::size_t piece = std::min<std::size_t>(bytes.size() - done, 1u << 30);
    crc = crc32(crc, bytes.data() + done, static_cast<uInt>(piece));
    done += piece;
  }
  return static_cast<std::uint32_t>(crc);
}

// Magic, version, announced size and checksum, in that order, so that a message names the
// most basic problem. Returns the version.
std::uint32_t check_envelope(std::span<const std::uint8_t> bytes, Reader& reader) {
  if (bytes.size() >= sizeof magic && !std::equal(magic, magic + sizeof magic, bytes.begin()))
    reader.fail("bad magic: this is not a Kudzu model file (it does not begin with \"KUDZUMDL\")");
  if (bytes.size() < header_size + checksum_size)
    reader.fail("truncated: " + std::to_string(bytes.size()) +
                " bytes, fewer than the smallest model file (" +
                std::to_string(header_size + checksum_size) + ")");
  reader.skip(sizeof magic, "magic");
  const std::uint32_t version = reader.u32("version");
  if (version < oldest_version || version > format_version)
    reader.fail("wrong version: the file is version " + std::to_string(version) +
                ", this Kudzu reads versions " + std::to_string(oldest_version) + " to " +
                std::to_string(format_version));
  const std::uint64_t announced = reader.unsigned_integer(8, "file size");
  if (announced != bytes.size())
    reader.fail(std::string(announced > bytes.size() ? "truncated" : "trailing bytes") +
                ": the header announces " + std::to_string(announced) + " bytes, the file has " +
                std::to_string(bytes.size()));
  const std::size_t body = bytes.size() - checksum_size;
  std::uint32_t stored = 0;
  for (std::size_t i = 0; i < checksum_size; ++i)
    stored |= std::uint32_t(bytes[body + i]) << (8 * i);
  if (const std::uint32_t computed = crc32_of(bytes.first(body)); computed != stored)
    reader.fail("bad checksum: the file stores " + detail::hex32(stored) + " but its bytes give " +
                detail::hex32(computed) + " (the file is damaged)");
  return version;
}

ParameterSpec read_parameter(Reader& reader) {
  ParameterSpec spec{reader.string("parameter name"), Shape{}};
  const std::uint32_t rank = reader.u32("parameter rank");
  if (rank < 1 || rank > Shape::max_rank)
    reader.fail("implausible size: parameter '" + spec.name + "' has rank " + std::to_string(rank) +
                " (1 to 4)");
  std::size_t dims[Shape::max_rank];
  std::uint64_t elements = 1;
  for (std::uint32_t axis = 0; axis < rank; ++axis) {
    const std::uint32_t dim = reader.u32("parameter shape");
    if (dim < 1 || dim > max_dimension)
      reader.fail("implausible size: parameter '" + spec.name + "' has a dimension of " +
                  std::to_string(dim) + " (1 to " + std::to_string(max_dimension) + ")");
    // Checked here, as a FormatError: Shape would refuse it with a ShapeError.
    if (elements > Shape::max_size / dim)
      reader.fail("implausible size: parameter '" + spec.name + "' has more than 2^48 values");
    elements *= dim;
    dims[axis] = dim;
  }
  spec.shape = Shape(std::span<const std::size_t>(dims, rank));
  return spec;
}

// "affine, relu, sigmoid, tanh and softmax"
std::string known_kinds() {
  std::string text;
  const std::span<const LayerKind> kinds = layer_kinds();
  for (std::size_t i = 0; i < kinds.size(); ++i)
    text += (i == 0 ? "" : i + 1 == kinds.size() ? " and " : ", ") + std::string(kinds[i].name);
  return text;
}

// Whether the fields are named `names`, in that order.
template <class Field>
bool named(const std::vector<Field>& fields, std::span<const std::string_view> names) {
  return std::equal(fields.begin(), fields.end(), names.begin(), names.end(),
                    [](const Field& field, std::string_view name) { return field.name == name; });
}

// Parameter and setting names, shapes and values, and that the layer meets the ones before it
// (RowWidth).
void check_layer(const LayerSpec& spec, RowWidth& rows, Reader& reader) {
  const std::string layer = std::string(spec.kind->name) + " layer '" + spec.name + "'";
  if (!named(spec.parameters, spec.kind->parameter_names))
    reader.fail("shape inconsistency: " + layer + " has " + std::to_string(spec.parameters.size()) +
                " parameters, not the " + std::to_string(spec.kind->parameter_names.size()) +
                " its kind has");
  if (!named(spec.settings, spec.kind->setting_names)) {
    auto list = [](const auto& names, auto name_of) {
      std::string text = names.empty() ? "none" : "";
      for (std::size_t i = 0; i < names.size(); ++i) text += (i ? ", " : "") + name_of(names[i]);
      return text;
    };
    reader.fail("bad settings: " + layer + " has " +
                list(spec.settings, [](const SettingSpec& s) { return s.name; }) +
                ", its kind has " +
                list(spec.kind->setting_names, [](std::string_view s) { return std::string(s); }));
  }
  std::vector<Shape> shapes;
  for (const ParameterSpec& p : spec.parameters) shapes.push_back(p.shape);
  std::vector<std::size_t> settings;
  for (const SettingSpec& setting : spec.settings) settings.push_back(setting.value);
  if (const std::string problem = spec.kind->problem(shapes, settings); !problem.empty())
    reader.fail("shape inconsistency: " + layer + ": " + problem);
  if (const std::string problem = rows.pass(*spec.kind, spec.name, shapes); !problem.empty())
    reader.fail("shape inconsistency: " + layer + " " + problem);
}

// The number of outputs of the last affine layer, if there is one.
std::optional<std::size_t> output_width(const std::vector<LayerSpec>& layers) {
  for (auto layer = layers.rbegin(); layer != layers.rend(); ++layer)
    if (layer->kind->name == "affine") return layer->parameters[1].shape[1];  // b {1,nout}
  return std::nullopt;
}

ModelMetadata read_metadata(Reader& reader, const std::vector<LayerSpec>& layers) {
  const std::uint32_t count = reader.u32("class name count");
  if (count > max_class_names)
    reader.fail("damaged metadata: " + std::to_string(count) + " class names (at most " +
                std::to_string(max_class_names) + ")");
  ModelMetadata metadata;
  for (std::uint32_t i = 0; i < count; ++i)
    metadata.class_names.push_back(reader.string("class name"));
  if (const std::string problem =
          class_names_problem(metadata.class_names, probability_count(output_width(layers)));
      !problem.empty())
    reader.fail("damaged metadata: " + problem);
  metadata.input = reader.text("input preparation");
  return metadata;
}

std::vector<LayerSpec> read_layers(Reader& reader, std::uint32_t version) {
  const std::uint32_t count = reader.u32("layer count");
  if (count > max_layers)
    reader.fail("implausible size: " + std::to_string(count) + " layers (at most " +
                std::to_string(max_layers) + ")");
  std::vector<LayerSpec> layers;
  RowWidth rows;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::string name = reader.string("layer name");
    const std::string kind = reader.string("layer kind");
    LayerSpec spec{name, find_layer_kind(kind), {}, {}};
    if (!spec.kind)
      reader.fail("unknown layer kind '" + kind + "' (layer " + std::to_string(i + 1) + ", '" +
                  name + "'): this build of Kudzu knows " + known_kinds());
    const std::uint32_t settings = version >= 3 ? reader.u32("setting count") : 0;
    if (settings > spec.kind->setting_names.size())
      reader.fail("bad settings: " + kind + " layer '" + name + "' has " +
                  std::to_string(settings) + " settings");
    for (std::uint32_t s = 0; s < settings; ++s) {
      std::string setting = reader.string("setting name");
      spec.settings.push_back({std::move(setting), reader.u32("setting value")});
    }
    const std::uint32_t parameters = reader.u32("parameter count");
    if (parameters > spec.kind->parameter_names.size())
      reader.fail("shape inconsistency: " + kind + " layer '" + name + "' has " +
                  std::to_string(parameters) + " parameters");
    for (std::uint32_t p = 0; p < parameters; ++p)
      spec.parameters.push_back(read_parameter(reader));
    check_layer(spec, rows, reader);
    layers.push_back(std::move(spec));
  }
  return layers;
}

ModelFile read_model(std::span<const std::uint8_t> bytes, std::string_view name) {
  Reader envelope(bytes, name);
  const std::uint32_t version = check_envelope(bytes, envelope);
  Reader reader(bytes.first(bytes.size() - checksum_size), name);
  reader.skip(header_size - 4, "header");  // checked above, all but the layer count
  const std::vector<LayerSpec> specs = read_layers(reader, version);
  const ModelMetadata metadata = version >= 2 ? read_metadata(reader, specs) : ModelMetadata{};

  std::uint64_t values = 0;  // at most 4096 layers x 2 parameters x 2^48: no overflow
  for (const LayerSpec& spec : specs)
    for (const ParameterSpec& p : spec.parameters) values += p.shape.size();
  if (values * 4 != reader.remaining())
    reader.fail("shape inconsistency: the parameter shapes hold " + std::to_string(values) +
                " values (" + std::to_string(values * 4) + " bytes) but the file has " +
                std::to_string(reader.remaining()) + " bytes of values");

  std::vector<Layer> layers;
  for (const LayerSpec& spec : specs) {
    std::vector<Tensor> tensors;
    for (const ParameterSpec& p : spec.parameters) {
      Tensor tensor = Tensor::empty(p.shape);
      for (std::size_t i = 0; i < tensor.size(); ++i) tensor.data()[i] = reader.f32();
      tensors.push_back(tensor);
    }
    std::vector<std::size_t> settings;
    for (const SettingSpec& setting : spec.settings) settings.push_back(setting.value);
    layers.push_back(spec.kind->make(spec.name, tensors, settings));
  }
  return {Model(std::move(layers)), metadata};
}

// "affine 'third' (w {100,2}, b {1,2})", "conv2d 'conv1' (stride 1, padding 2, w {6,1,5,5},
// b {6})"
std::string describe(const Layer& layer) {
  std::vector<std::string> fields;
  const std::span<const std::string_view> setting_names =
      find_layer_kind(layer.kind())->setting_names;
  for (std::size_t i = 0; i < setting_names.size(); ++i)
    fields.push_back(std::string(setting_names[i]) + " " + std::to_string(layer.settings()[i]));
  for (const NamedParameter& p : layer.parameters())
    fields.push_back(p.name + " " + p.value.shape().str());
  std::string text = std::string(layer.kind()) + " '" + layer.name() + "'";
  for (std::size_t i = 0; i < fields.size(); ++i) text += (i ? ", " : " (") + fields[i];
  return fields.empty() ? text : text + ")";
}

}  // namespace

std::string encode_model(const Model& model, const ModelMetadata& metadata) {
  std::optional<std::size_t> width;
  for (const Layer& layer : model.layers())
    if (layer.kind() == "affine") width = layer.parameters()[0].value.shape()[1];  // w {nin,nout}
  if (const std::string problem =
          class_names_problem(metadata.class_names, probability_count(width));
      !problem.empty())
    throw UsageError("save: " + problem);
  if (!is_storable_text(metadata.input))
    throw UsageError("save: the input preparation '" + metadata.input +
                     "' cannot be stored: it is 0 to 255 printable ASCII characters");
  Writer out;
  out.raw(std::string_view(magic, sizeof magic));
  out.u32(format_version);
  out.u64(0);  // the file size, filled in below
  if (model.layers().size() > max_layers)
    throw UsageError("save: " + std::to_string(model.layers().size()) +
                     " layers; a model file holds at most " + std::to_string(max_layers));
  out.u32(static_cast<std::uint32_t>(model.layers().size()));
  for (const Layer& layer : model.layers()) {
    for (std::string_view name : {std::string_view(layer.name()), layer.kind()})
      if (!is_storable_name(name))
        throw UsageError("save: the name '" + std::string(name) +
                         "' cannot be stored: names are 1 to 255 printable ASCII characters");
    out.string(layer.name());
    out.string(layer.kind());
    // A layer's settings are at most 4096 (kudzu/nn.hpp): no check needed to store them.
    const std::span<const std::string_view> setting_names =
        find_layer_kind(layer.kind())->setting_names;
    out.u32(static_cast<std::uint32_t>(setting_names.size()));
    for (std::size_t i = 0; i < setting_names.size(); ++i) {
      out.string(setting_names[i]);
      out.u32(static_cast<std::uint32_t>(layer.settings()[i]));
    }
    out.u32(static_cast<std::uint32_t>(layer.parameters().size()));
    for (const NamedParameter& p : layer.parameters()) {
      out.string(p.name);
      out.u32(static_cast<std::uint32_t>(p.value.rank()));
      for (std::size_t dim : p.value.shape()) {
        // The loader's limits: a file it would refuse is not written in the first place.
        if (dim < 1 || dim > max_dimension)
          throw UsageError("save: parameter " + layer.name() + "." + p.name + " " +
                           p.value.shape().str() + " cannot be stored: dimensions are 1 to " +
                           std::to_string(max_dimension));
        out.u32(static_cast<std::uint32_t>(dim));
      }
    }
  }
  out.u32(static_cast<std::uint32_t>(metadata.class_names.size()));
  for (const std::string& name : metadata.class_names) out.string(name);
  out.string(metadata.input);
  for (const NamedParameter& p : model.parameters()) out.floats(p.value);

  std::string& bytes = out.bytes();
  const std::uint64_t size = bytes.size() + checksum_size;
  for (int i = 0; i < 8; ++i) bytes[sizeof magic + 4 + i] = static_cast<char>(size >> (8 * i));
  out.u32(crc32_of({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}));
  return std::move(bytes);
}

Model decode_model(std::span<const std::uint8_t> bytes, std::string_view name) {
  return read_model(bytes, name).model;
}

ModelFile decode_model_file(std::span<const std::uint8_t> bytes, std::string_view name) {
  return read_model(bytes, name);
}

namespace {

// FormatError "<what>: wrong architecture: ..." unless `found` has the layers of `expected`.
void check_architecture(const Model& found_model, const Model& expected_model,
                        const std::string& what) {
  const std::vector<Layer>& found = found_model.layers();
  const std::vector<Layer>& expected = expected_model.layers();
  auto fail = [&](const std::string& difference) {
    throw FormatError(what + ": wrong architecture: " + difference);
  };
  if (found.size() != expected.size())
    fail("it has " + std::to_string(found.size()) + " layers, the expected model " +
         std::to_string(expected.size()));
  for (std::size_t i = 0; i < found.size(); ++i)
    if (describe(found[i]) != describe(expected[i]))
      fail("layer " + std::to_string(i + 1) + " is " + describe(found[i]) +
           ", the expected model has " + describe(expected[i]));
}

}  // namespace

void save(const Model& model, const std::filesystem::path& path, const ModelMetadata& metadata) {
  write_file_atomically(path, encode_model(model, metadata));
}

Model load(const std::filesystem::path& path) { return load_model_file(path).model; }

ModelFile load_model_file(const std::filesystem::path& path) {
  auto fail = [&](const std::string& problem) -> ModelFile {
    throw FormatError("model file " + path.string() + ": " + problem);
  };
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    return fail(error ? "cannot be opened: " + error.message() : "is not a regular file");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return fail(std::string("cannot be opened: ") + std::strerror(errno));
  std::vector<std::uint8_t> bytes;
  std::uint8_t block[1 << 16];
  while (const std::size_t count = std::fread(block, 1, sizeof block, file))
    bytes.insert(bytes.end(), block, block + count);
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return fail("reading failed");
  return decode_model_file(bytes, path.string());
}

Model load(const std::filesystem::path& path, const Model& expected_architecture) {
  const Model model = load(path);
  check_architecture(model, expected_architecture, "model file " + path.string());
  return model;
}

Model decode_model(std::span<const std::uint8_t> bytes, std::string_view name,
                   const Model& expected_architecture) {
  const Model model = decode_model(bytes, name);
  check_architecture(model, expected_architecture, "model file " + std::string(name));
  return model;
}

}  // namespace kudzu

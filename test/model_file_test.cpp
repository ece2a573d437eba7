// Model files: save -> load gives the same predictions, and each kind of damage is a
// FormatError that names the file and the problem.
#define BOOST_TEST_MODULE model_file
#include "kudzu/model_file.hpp"

#include <zlib.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"
#include "support.hpp"

namespace {

using namespace kudzu;
using kudzu::testing::read_bytes;
using kudzu::testing::TemporaryDirectory;
using kudzu::testing::write_bytes;
namespace fs = std::filesystem;

Model every_kind_of_layer(Rng& rng) {
  return Model({Affine("first", 6, 5, rng), Relu("relu"), Affine("second", 5, 4, rng), Tanh("tanh"),
                Affine("third", 4, 3, rng), Softmax("softmax"), Affine("output", 3, 1, rng),
                Sigmoid("sigmoid")});
}

// Where the fields of a model file lie (the format is in kudzu/model_file.hpp), so that a test
// damages the field it names: the header is the 8-byte magic, the 4-byte version, the 8-byte
// file size and the 4-byte layer count.
constexpr std::size_t version_offset = 8;
constexpr std::size_t file_size_offset = 12;
constexpr std::size_t layer_count_offset = 20;

// Writes the size field and the checksum that fit the bytes, so that a test can damage what
// lies between them and reach the checks behind the envelope.
std::string with_valid_envelope(std::string bytes) {
  const std::uint64_t size = bytes.size();
  for (int i = 0; i < 8; ++i) bytes[file_size_offset + i] = static_cast<char>(size >> (8 * i));
  const auto crc = static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), uInt(bytes.size() - 4)));
  for (int i = 0; i < 4; ++i) bytes[bytes.size() - 4 + i] = static_cast<char>(crc >> (8 * i));
  return bytes;
}

// The offset just after the first occurrence of `field` in the bytes.
std::size_t after(const std::string& bytes, const std::string& field) {
  const std::size_t at = bytes.find(field);
  BOOST_TEST_REQUIRE(at != std::string::npos);
  return at + field.size();
}

// A string as the file stores it: a length byte, then the characters.
std::string counted(const std::string& text) { return static_cast<char>(text.size()) + text; }

// The offset of the rank of `parameter` in the record of the layer `layer` of kind `kind`: a
// layer record is its name, its kind, a 4-byte setting count, for each setting its name and a
// 4-byte value, a 4-byte parameter count, then for each parameter its name, a 4-byte rank and
// one 4-byte size per axis.
std::size_t rank_offset(const std::string& bytes, const std::string& layer, const std::string& kind,
                        const std::string& parameter) {
  const std::size_t parameters = after(bytes, counted(layer) + counted(kind)) + 4;
  const std::size_t name = bytes.find(counted(parameter), parameters);
  BOOST_TEST_REQUIRE(name != std::string::npos);
  return name + 1 + parameter.size();
}

// The offset of the value of `setting` in that record.
std::size_t setting_offset(const std::string& bytes, const std::string& layer,
                           const std::string& kind, const std::string& setting) {
  const std::size_t settings = after(bytes, counted(layer) + counted(kind)) + 4;
  const std::size_t name = bytes.find(counted(setting), settings);
  BOOST_TEST_REQUIRE(name != std::string::npos);
  return name + 1 + setting.size();
}

// The offset of the size of axis `axis` of that parameter.
std::size_t size_offset(const std::string& bytes, const std::string& layer, const std::string& kind,
                        const std::string& parameter, std::size_t axis) {
  return rank_offset(bytes, layer, kind, parameter) + 4 + 4 * axis;
}

void set_u32(std::string& bytes, std::size_t offset, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>(value >> (8 * i));
}

struct Fixture {
  TemporaryDirectory dir;
  Rng rng{1};
  Model model = every_kind_of_layer(rng);
  fs::path file = dir.path / "model.kudzu";
  std::string bytes;
  Fixture() {
    save(model, file);
    bytes = read_bytes(file);
  }
  // Loading `damaged` fails with a FormatError naming the file and containing `problem`.
  void check_rejected(const std::string& damaged, const std::string& problem) {
    const fs::path path = dir.path / "damaged.kudzu";
    write_bytes(path, damaged);
    BOOST_CHECK_EXCEPTION(load(path), FormatError, [&](const FormatError& e) {
      const std::string message = e.what();
      BOOST_TEST_INFO("message: " << message);
      return message.find(path.string()) != std::string::npos &&
             message.find(problem) != std::string::npos;
    });
  }
};

BOOST_FIXTURE_TEST_CASE(a_loaded_model_predicts_exactly_what_the_saved_one_did, Fixture) {
  const Model loaded = load(file);
  BOOST_TEST_REQUIRE(loaded.layers().size() == model.layers().size());
  for (std::size_t i = 0; i < model.layers().size(); ++i) {
    BOOST_TEST(loaded.layers()[i].name() == model.layers()[i].name());
    BOOST_TEST(loaded.layers()[i].kind() == model.layers()[i].kind());
  }
  NoGrad no_grad;
  const Tensor x = Tensor::randn({9, 6}, rng);
  BOOST_TEST(loaded(x).to_vector() == model(x).to_vector(), boost::test_tools::per_element());
  BOOST_TEST(loaded.parameters()[0].value.requires_grad());
  BOOST_TEST(encode_model(loaded) == bytes);
}

BOOST_FIXTURE_TEST_CASE(saving_replaces_the_file_and_leaves_no_temporary_behind, Fixture) {
  Tensor w = model.parameters()[0].value;
  w.fill_(0.25f);
  save(model, file);
  BOOST_TEST(load(file).parameters()[0].value(0, 0) == 0.25f);
  BOOST_TEST(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
  BOOST_CHECK_THROW(save(Model({Relu("tab\there")}), dir.path / "bad.kudzu"), UsageError);
  BOOST_CHECK_THROW(save(model, dir.path / "no-such-directory" / "m.kudzu"), Error);
}

BOOST_FIXTURE_TEST_CASE(loading_against_an_architecture_checks_it, Fixture) {
  Rng other(2);
  BOOST_TEST(load(file, every_kind_of_layer(other)).layers().size() == 8u);
  const Model wider({Affine("first", 6, 7, other), Relu("relu"), Affine("second", 7, 4, other),
                     Tanh("tanh"), Affine("third", 4, 3, other), Softmax("softmax"),
                     Affine("output", 3, 1, other), Sigmoid("sigmoid")});
  BOOST_CHECK_EXCEPTION(load(file, wider), FormatError, [](const FormatError& e) {
    return std::string(e.what()).find(
               "wrong architecture: layer 1 is affine 'first' (w {6,5}, "
               "b {1,5}), the expected model has affine 'first' (w {6,7}, "
               "b {1,7})") != std::string::npos;
  });
  BOOST_CHECK_EXCEPTION(load(file, model.slice(0, 4)), FormatError, [](const FormatError& e) {
    return std::string(e.what()).find("wrong architecture: it has 8 layers") != std::string::npos;
  });
}

BOOST_FIXTURE_TEST_CASE(a_truncated_file_is_rejected, Fixture) {
  check_rejected("", "truncated: 0 bytes");
  check_rejected(bytes.substr(0, 10), "truncated");
  check_rejected(bytes.substr(0, bytes.size() / 2), "truncated: the header announces");
  check_rejected(bytes.substr(0, bytes.size() - 1), "truncated");
  check_rejected(bytes + "x", "trailing bytes");
  BOOST_CHECK_EXCEPTION(load(dir.path / "missing.kudzu"), FormatError, [](const FormatError& e) {
    return std::string(e.what()).find("cannot be opened") != std::string::npos;
  });
}

BOOST_FIXTURE_TEST_CASE(a_file_of_another_kind_or_version_is_rejected, Fixture) {
  std::string other = bytes;
  other[0] = 'k';
  check_rejected(other, "bad magic");
  check_rejected("GIF89a, not a model at all", "bad magic");
  std::string newer = bytes;
  set_u32(newer, version_offset, 4);
  check_rejected(newer, "wrong version: the file is version 4, this Kudzu reads versions 1 to 3");
  std::string older = bytes;
  set_u32(older, version_offset, 0);
  check_rejected(older, "wrong version: the file is version 0");
}

// The number of bytes the parameter values take: they are the last bytes before the checksum.
std::size_t value_bytes(const Model& model) {
  std::size_t values = 0;
  for (const NamedParameter& p : model.parameters()) values += p.value.size();
  return 4 * values;
}

// The file as version 2 wrote it: no setting count in the layer records (the model's layers
// have no settings, so each count is 0).
std::string as_version_2(std::string bytes, const Model& model) {
  for (const Layer& layer : model.layers()) {
    BOOST_TEST_REQUIRE(layer.settings().empty());
    const std::size_t count =
        after(bytes, counted(layer.name()) + counted(std::string(layer.kind())));
    BOOST_TEST_REQUIRE(bytes.substr(count, 4) == std::string(4, '\0'));
    bytes.erase(count, 4);
  }
  set_u32(bytes, version_offset, 2);
  return with_valid_envelope(bytes);
}

// The file as version 1 wrote it: as version 2, without the metadata block (an empty one is a
// zero count and an empty string, five bytes, just before the values).
std::string as_version_1(std::string bytes, const Model& model) {
  bytes = as_version_2(bytes, model);
  const std::size_t metadata = bytes.size() - 4 - value_bytes(model) - 5;
  BOOST_TEST_REQUIRE(bytes.substr(metadata, 5) == std::string(5, '\0'));
  bytes.erase(metadata, 5);
  set_u32(bytes, version_offset, 1);
  return with_valid_envelope(bytes);
}

BOOST_FIXTURE_TEST_CASE(metadata_is_saved_and_loaded_with_the_model, Fixture) {
  const ModelMetadata metadata{{"3", "8"}, "mnist-28x28"};
  save(model, file, metadata);
  const ModelFile loaded = load_model_file(file);
  BOOST_TEST((loaded.metadata == metadata));
  BOOST_TEST(loaded.metadata.class_names.size() == 2u);
  BOOST_TEST(encode_model(loaded.model, loaded.metadata) == read_bytes(file));
  // Without metadata, a version-2 file with an empty block.
  save(model, file);
  BOOST_TEST((load_model_file(file).metadata == ModelMetadata{}));
}

BOOST_FIXTURE_TEST_CASE(a_version_1_file_still_loads_without_metadata, Fixture) {
  write_bytes(file, as_version_1(bytes, model));
  const ModelFile loaded = load_model_file(file);
  BOOST_TEST(loaded.metadata.class_names.empty());
  BOOST_TEST(loaded.metadata.input.empty());
  NoGrad no_grad;
  const Tensor x = Tensor::randn({3, 6}, rng);
  BOOST_TEST(loaded.model(x).to_vector() == model(x).to_vector(), boost::test_tools::per_element());
  BOOST_TEST(encode_model(loaded.model) == bytes);  // saved again, it is version 3
}

BOOST_FIXTURE_TEST_CASE(a_version_2_file_still_loads_with_its_metadata, Fixture) {
  const ModelMetadata metadata{{"3", "8"}, "mnist-28x28"};
  write_bytes(file, as_version_2(encode_model(model, metadata), model));
  const ModelFile loaded = load_model_file(file);
  BOOST_TEST((loaded.metadata == metadata));
  NoGrad no_grad;
  const Tensor x = Tensor::randn({3, 6}, rng);
  BOOST_TEST(loaded.model(x).to_vector() == model(x).to_vector(), boost::test_tools::per_element());
  BOOST_TEST(encode_model(loaded.model, metadata) == encode_model(model, metadata));
}

BOOST_FIXTURE_TEST_CASE(damaged_metadata_is_a_format_error, Fixture) {
  const std::string with_names = encode_model(model, {{"yes", "no"}, "mnist-28x28"});
  // The block: count, "\x03yes", "\x02no", "\x0bmnist-28x28".
  const std::size_t count_at = with_names.find(counted("yes")) - 4;
  std::string many = with_names;
  set_u32(many, count_at, 5000);
  check_rejected(with_valid_envelope(many), "damaged metadata: 5000 class names (at most 4096)");
  std::string three = with_names;
  set_u32(three, count_at, 3);  // the preparation string is then read as a third name
  check_rejected(with_valid_envelope(three),
                 "3 class names for a model that gives 2 probabilities");
  std::string unprintable = with_names;
  unprintable[after(unprintable, counted("yes")) - 1] = '\x7f';  // "yes" -> "ye\x7f"
  check_rejected(with_valid_envelope(unprintable), "implausible name: the class name at byte");
  std::string same = encode_model(model, {{"ab", "cd"}, ""});
  same.replace(same.find(counted("cd")), 3, counted("ab"));
  check_rejected(with_valid_envelope(same), "damaged metadata: the class name 'ab' appears twice");
  std::string control = with_names;
  control[after(control, "\x0bmnist") + 1] = '\n';
  check_rejected(with_valid_envelope(control), "damaged metadata: the input preparation at byte");
  std::string cut = with_names;
  cut.erase(count_at, with_names.size() - 4 - value_bytes(model) - count_at);
  check_rejected(with_valid_envelope(cut), "model file");  // values read as metadata
}

BOOST_FIXTURE_TEST_CASE(metadata_that_does_not_fit_the_model_is_not_saved, Fixture) {
  BOOST_CHECK_EXCEPTION(
      save(model, dir.path / "three.kudzu", {{"a", "b", "c"}, ""}), UsageError,
      [](const UsageError& e) {
        return std::string(e.what()).find("3 class names for a model that gives 2 probabilities") !=
               std::string::npos;
      });
  BOOST_CHECK_THROW(save(model, dir.path / "same.kudzu", {{"a", "a"}, ""}), UsageError);
  BOOST_CHECK_THROW(save(model, dir.path / "empty.kudzu", {{"a", ""}, ""}), UsageError);
  BOOST_CHECK_THROW(save(model, dir.path / "tab.kudzu", {{}, "a\tb"}), UsageError);
  BOOST_TEST(!fs::exists(dir.path / "three.kudzu"));
  // Ten classes for a ten-way softmax; none for any model.
  Rng other(3);
  const Model ten({Affine("a", 4, 10, other), Softmax("softmax")});
  std::vector<std::string> digits;
  for (char c = '0'; c <= '9'; ++c) digits.push_back(std::string(1, c));
  save(ten, dir.path / "ten.kudzu", {digits, "mnist-28x28"});
  BOOST_TEST(load_model_file(dir.path / "ten.kudzu").metadata.class_names == digits,
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(a_corrupted_byte_fails_the_checksum, Fixture) {
  for (std::size_t at : {std::size_t{25}, bytes.size() / 2, bytes.size() - 5}) {
    std::string corrupted = bytes;
    corrupted[at] ^= 0x10;
    check_rejected(corrupted, "bad checksum");
  }
}

BOOST_FIXTURE_TEST_CASE(an_unknown_layer_kind_is_rejected, Fixture) {
  std::string damaged = bytes;
  // The layer named "tanh" is of kind "tanh": the kind's last letter becomes an x.
  damaged[after(damaged, counted("tanh") + counted("tanh")) - 1] = 'x';
  check_rejected(with_valid_envelope(damaged),
                 "unknown layer kind 'tanx' (layer 4, 'tanh'): this build of Kudzu knows affine, "
                 "relu, sigmoid, tanh, softmax, unflatten, conv2d, max_pool2d and flatten");
}

// Every kind with settings, and ten classes.
Model small_lenet(Rng& rng) {
  return Model({Unflatten("image", 1, 8, 8), Conv2d("conv", 1, 3, 3, 2, 1, rng), Relu("relu"),
                MaxPool2d("pool", 3, 2), Flatten("flatten"), Affine("full", 3, 10, rng),
                Softmax("softmax")});
}

struct LenetFixture : Fixture {
  Model lenet = small_lenet(rng);
  ModelMetadata digits{{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, "mnist-28x28"};
  std::string lenet_bytes = encode_model(lenet, digits);
};

BOOST_FIXTURE_TEST_CASE(a_loaded_lenet_keeps_its_settings_and_predictions, LenetFixture) {
  save(lenet, file, digits);
  const ModelFile loaded = load_model_file(file);
  BOOST_TEST((loaded.metadata == digits));
  BOOST_TEST_REQUIRE(loaded.model.layers().size() == lenet.layers().size());
  for (std::size_t i = 0; i < lenet.layers().size(); ++i) {
    const Layer& layer = loaded.model.layers()[i];
    BOOST_TEST(layer.kind() == lenet.layers()[i].kind());
    BOOST_TEST(
        std::vector(layer.settings().begin(), layer.settings().end()) ==
            std::vector(lenet.layers()[i].settings().begin(), lenet.layers()[i].settings().end()),
        boost::test_tools::per_element());
  }
  NoGrad no_grad;
  const Tensor x = Tensor::uniform({5, 64}, rng);
  BOOST_TEST(loaded.model(x).to_vector() == lenet(x).to_vector(), boost::test_tools::per_element());
  BOOST_TEST(encode_model(loaded.model, loaded.metadata) == lenet_bytes);
  Rng other(5);
  BOOST_TEST(load(file, small_lenet(other)).layers().size() == 7u);
  const Model unpadded({Unflatten("image", 1, 8, 8), Conv2d("conv", 1, 3, 3, 2, 0, other),
                        Relu("relu"), MaxPool2d("pool", 3, 2), Flatten("flatten"),
                        Affine("full", 3, 10, other), Softmax("softmax")});
  BOOST_CHECK_EXCEPTION(load(file, unpadded), FormatError, [](const FormatError& e) {
    return std::string(e.what()).find(
               "wrong architecture: layer 2 is conv2d 'conv' (stride 2, padding 1, w {3,1,3,3}, "
               "b {3}), the expected model has conv2d 'conv' (stride 2, padding 0,") !=
           std::string::npos;
  });
}

BOOST_FIXTURE_TEST_CASE(damaged_settings_are_rejected, LenetFixture) {
  std::string no_stride = lenet_bytes;
  set_u32(no_stride, setting_offset(no_stride, "conv", "conv2d", "stride"), 0);
  check_rejected(with_valid_envelope(no_stride),
                 "shape inconsistency: conv2d layer 'conv': stride 0: expected 1 to 4096");
  std::string huge_window = lenet_bytes;
  set_u32(huge_window, setting_offset(huge_window, "pool", "max_pool2d", "kernel"), 0xffffffffu);
  check_rejected(with_valid_envelope(huge_window),
                 "shape inconsistency: max_pool2d layer 'pool': kernel 4294967295: expected 1 to "
                 "4096");
  std::string renamed = lenet_bytes;
  renamed[setting_offset(renamed, "image", "unflatten", "height") - 1] = 'x';  // "heighx"
  check_rejected(with_valid_envelope(renamed),
                 "bad settings: unflatten layer 'image' has channels, heighx, width, its kind "
                 "has channels, height, width");
  std::string many = lenet_bytes;
  set_u32(many, after(many, counted("pool") + counted("max_pool2d")), 7);
  check_rejected(with_valid_envelope(many), "bad settings: max_pool2d layer 'pool' has 7 settings");
  std::string unknown = lenet_bytes;
  unknown[after(unknown, counted("conv") + counted("conv2d")) - 2] = '3';  // "conv3d"
  check_rejected(with_valid_envelope(unknown), "unknown layer kind 'conv3d' (layer 2, 'conv')");
}

BOOST_FIXTURE_TEST_CASE(inconsistent_shapes_are_rejected, Fixture) {
  // second.w {5,4} -> {6,4}: it no longer takes what "first" gives.
  std::string unchained = bytes;
  set_u32(unchained, size_offset(unchained, "second", "affine", "w", 0), 6);
  check_rejected(with_valid_envelope(unchained),
                 "shape inconsistency: affine layer 'second' takes 6 inputs but affine layer "
                 "'first' gives 5");
  // first.b {1,5} -> {1,3}: not the width of first.w.
  std::string bias = bytes;
  set_u32(bias, size_offset(bias, "first", "affine", "b", 1), 3);
  check_rejected(with_valid_envelope(bias),
                 "shape inconsistency: affine layer 'first': w {6,5} and b {1,3}: expected w "
                 "{nin,nout} and b {1,nout}");
  // Four bytes of values fewer than the shapes announce.
  std::string short_values = bytes;
  short_values.erase(short_values.size() - 8, 4);
  check_rejected(with_valid_envelope(short_values),
                 "shape inconsistency: the parameter shapes hold");
}

BOOST_FIXTURE_TEST_CASE(implausible_sizes_are_rejected_before_anything_is_allocated, Fixture) {
  std::string many_layers = bytes;
  set_u32(many_layers, layer_count_offset, 1000000);
  check_rejected(with_valid_envelope(many_layers), "implausible size: 1000000 layers");
  std::string huge_dimension = bytes;
  set_u32(huge_dimension, size_offset(huge_dimension, "first", "affine", "w", 0), 0xffffffffu);
  check_rejected(with_valid_envelope(huge_dimension),
                 "implausible size: parameter 'w' has a dimension of 4294967295");
  std::string deep = bytes;
  set_u32(deep, rank_offset(deep, "first", "affine", "w"), 9);
  check_rejected(with_valid_envelope(deep), "implausible size: parameter 'w' has rank 9");
  // Rank 4 of 2^24 each: 2^96 values, refused as a FormatError before any Shape is made.
  std::string vast = bytes;
  const std::size_t rank_at = rank_offset(vast, "first", "affine", "w");
  set_u32(vast, rank_at, 4);
  for (std::size_t axis = 0; axis < 4; ++axis) set_u32(vast, rank_at + 4 + 4 * axis, 1u << 24);
  check_rejected(with_valid_envelope(vast),
                 "implausible size: parameter 'w' has more than 2^48 values");
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_model_the_loader_would_refuse_is_not_saved) {
  const fs::path file = fs::temp_directory_path() / "kudzu-zero-width.kudzu";
  const Model empty_layer({Affine("nothing", Tensor::zeros({0, 3}), Tensor::zeros({1, 3}))});
  BOOST_CHECK_EXCEPTION(save(empty_layer, file), UsageError, [](const UsageError& e) {
    return std::string(e.what()).find("parameter nothing.w {0,3} cannot be stored") !=
           std::string::npos;
  });
  BOOST_TEST(!fs::exists(file));
}

#include "options.hpp"

#include <boost/program_options.hpp>

namespace kudzu::predict {
namespace po = boost::program_options;
namespace {

// "3,8" -> {"3", "8"}; empty items and repeated names are refused.
std::vector<std::string> parse_classes(const std::string& text) {
  const std::vector<std::string> names = apps::split_list(text);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty())
      throw OptionsError("--classes: an empty name in '" + text + "' (expected names such as 3,8)");
    for (std::size_t j = 0; j < i; ++j)
      if (names[j] == names[i])
        throw OptionsError("--classes: '" + names[i] + "' is named twice in '" + text + "'");
  }
  if (names.size() < 2)
    throw OptionsError("--classes: expected at least two names such as 3,8, got '" + text + "'");
  return names;
}

Ink parse_ink(const std::string& text) {
  if (text == "auto") return Ink::automatic;
  if (text == "dark") return Ink::dark;
  if (text == "light") return Ink::light;
  throw OptionsError("--ink: expected dark, light or auto, got '" + text + "'");
}

}  // namespace

Parsed parse_options(int argc, const char* const argv[], Options& options, std::string& help) {
  std::string model = options.model.string(), ink = "auto", classes, explain, data;
  po::options_description described(
      "Usage: kudzu-predict [options] IMAGE...\n\n"
      "Tells which digit each image shows, with the model trained by kudzu-compare. Each image\n"
      "(PNG, JPEG, BMP, GIF, PGM/PPM or TGA; a photo, a scan or a drawing) is prepared as MNIST\n"
      "was: ink found against the paper, cropped, scaled to 20 pixels, centred by its centre of\n"
      "mass in 28x28. One line per image: the file, the digit and each class's probability.\n"
      "Exit status: 0 when every image was classified, 1 when one was not (no digit found, not\n"
      "an image; the others are still reported) or the model cannot be used, 2 for bad usage.\n\n"
      "Options");
  // clang-format off
  described.add_options()
    ("help,h", "show this help and exit")
    ("model", po::value(&model)->default_value(model),
     "model file written by kudzu-compare (nn.kudzu: the network; lr.kudzu: the regression)")
    ("ink", po::value(&ink)->default_value(ink),
     "dark (ink darker than the paper), light (lighter, as MNIST), or auto: decided from the "
     "image's border, which is taken to be paper")
    ("classes", po::value(&classes),
     "the model's class names in output order, e.g. 3,8 (the sigmoid's p first): for model "
     "files that do not name them")
    ("json", po::bool_switch(&options.json), "print one JSON document instead of lines")
    ("explain", po::value(&explain),
     "write DIR/<image>.png for each image: the image, the 28x28 the model saw, the "
     "probabilities, and the network's embedding with the image in it")
    ("data", po::value(&data),
     "MNIST directory for --explain's test images (default: the run's, from summary.json)");
  // clang-format on
  std::vector<std::string> images;
  const po::variables_map values = apps::parse_command_line(argc, argv, described, &images);
  for (const char* name : {"model", "explain", "data"})
    if (values.count(name) && values[name].as<std::string>().empty())
      throw OptionsError(std::string("--") + name + ": expected a path, got an empty name");
  options.model = model;
  options.ink = parse_ink(ink);
  if (values.count("classes")) options.classes = parse_classes(classes);
  if (values.count("explain")) options.explain_dir = explain;
  if (values.count("data")) options.data_dir = data;
  for (const std::string& image : images) {
    if (image.empty()) throw OptionsError("an empty image name");
    options.images.emplace_back(image);
  }
  if (values.count("help")) {
    help = apps::help_text(described);
    return Parsed::help;
  }
  if (options.images.empty()) throw OptionsError("no image given (kudzu-predict IMAGE...)");
  return Parsed::run;
}

}  // namespace kudzu::predict

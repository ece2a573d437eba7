// kudzu-predict: which digit each of a person's images shows, for a model kudzu-compare
// trained, with --explain figures of where each lands. `kudzu-predict --help` lists the
// options.
#include <iostream>
#include <optional>

#include "classifier.hpp"
#include "command_line.hpp"
#include "explain.hpp"
#include "kudzu/blas.hpp"
#include "kudzu/digit_image.hpp"
#include "kudzu/error.hpp"
#include "options.hpp"
#include "report.hpp"
#include "training_run.hpp"

namespace fs = std::filesystem;
using namespace kudzu;
using namespace kudzu::predict;

namespace {

void note(const std::string& message) { std::cerr << "kudzu-predict: " << message << "\n"; }

// The run's test set in the network's embedding, when the figures can show it.
std::optional<compare::FigureData> explain_background(const Options& options,
                                                      const Classifier& classifier,
                                                      const std::optional<TrainingRun>& run) {
  if (!classifier.embed) return std::nullopt;
  if (!run) {
    note(options.model.string() +
         " is not the result of a run: the --explain figures leave out the embedding");
    return std::nullopt;
  }
  return test_set_embedding(*run, classifier.model, options.data_dir);
}

ImageResult predict_one(const fs::path& file, const Options& options, const Classifier& classifier,
                        const compare::FigureData* background, std::vector<fs::path>& taken) {
  ImageResult result{file, std::nullopt, {}};
  try {
    const DecodedImage image = decode_image(read_image_file(file), file.string());
    const PreparedDigit prepared = prepare_digit(image, file.string(), options.ink);
    result.prediction = classify(classifier, prepared.input);
    if (options.explain_dir)
      write_explain_figure(explain_path(*options.explain_dir, file, taken),
                           {file.filename().string(), image, prepared, classifier.classes,
                            *result.prediction, background});
  } catch (const NoDigitError& error) {
    result.error = "no digit found";
    note(error.what());
  } catch (const DataError& error) {  // unreadable, not an image, too large, truncated
    result.error = error.what();
    note(error.what());
  }
  return result;
}

int run(const Options& options) {
  check_memory_for_blas();  // before OpenBLAS could spin on a memory limit
  const ModelSource source = read_model(options.model);
  if (!source.note.empty()) note(source.note);
  const Classifier classifier = make_classifier(source, options.model, options.classes);
  if (!classifier.assumption.empty()) note(classifier.assumption);
  std::optional<compare::FigureData> background;
  if (options.explain_dir) {
    std::error_code error;
    fs::create_directories(*options.explain_dir, error);
    if (!fs::is_directory(*options.explain_dir))
      throw Error("--explain " + options.explain_dir->string() + ": cannot make that directory" +
                  (error ? ": " + error.message() : ""));
    background = explain_background(options, classifier, source.run);
  }
  std::vector<ImageResult> results;
  std::vector<fs::path> taken;
  bool all_classified = true;
  for (const fs::path& file : options.images) {
    results.push_back(
        predict_one(file, options, classifier, background ? &*background : nullptr, taken));
    all_classified = all_classified && results.back().prediction.has_value();
    if (!options.json && results.back().prediction)
      std::cout << result_line(results.back(), classifier.classes) << std::endl;
  }
  if (options.json)
    std::cout << results_json(options.model, classifier.classes, results).dump(2) << "\n";
  return all_classified ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  return kudzu::apps::options_main("kudzu-predict", argc, argv, parse_options, run);
}

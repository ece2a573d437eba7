#include "served_run.hpp"

#include <algorithm>
#include <cmath>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"
#include "training_run.hpp"

namespace kudzu::serve {
namespace {

namespace fs = std::filesystem;

// Whether `model` is a convolutional network (kudzu-compare --network lenet), titled as
// kudzu-compare titles it.
bool is_lenet(const Model& model) {
  return std::any_of(model.layers().begin(), model.layers().end(),
                     [](const Layer& layer) { return layer.kind() == "conv2d"; });
}

// The grid the page colours the plane from: fine enough for smooth bands and boundary once
// interpolated, small enough to send at once (64 x 64 values).
constexpr int grid_side = 64;

// Four decimals: a point's place to a ten-thousandth of a unit, and less JSON to send.
double rounded(double value) { return std::round(value * 1e4) / 1e4; }

std::vector<double> rounded(const std::vector<double>& values) {
  std::vector<double> result;
  result.reserve(values.size());
  for (const double value : values) result.push_back(rounded(value));
  return result;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ",") + name;
  return text;
}

// The run's test set in the network's embedding; nothing (and a note) when its MNIST test
// set cannot be read.
std::optional<EmbeddingPicture> picture_of_run(
    const predict::TrainingRun& run, const Model& network, const std::optional<fs::path>& data_dir,
    const std::function<void(const std::string&)>& note) {
  try {
    compare::FigureData data = predict::test_set_embedding(run, network, data_dir);
    return embedding_picture(network, std::move(data.embedding_x), std::move(data.embedding_y),
                             std::move(data.test_classes), std::move(data.probability));
  } catch (const Error& error) {
    note(std::string("the page shows no embedding: the run's test digits cannot be read (") +
         error.what() + "); --data DIR names the MNIST folder");
    return std::nullopt;
  }
}

}  // namespace

EmbeddingPicture embedding_picture(const Model& network, std::vector<double> x,
                                   std::vector<double> y, std::vector<int> classes,
                                   std::vector<double> probability) {
  EmbeddingPicture picture;
  picture.x = std::move(x), picture.y = std::move(y);
  picture.probability = std::move(probability), picture.classes = std::move(classes);
  if (!picture.x.empty()) {
    // The bounds of contour.png: the points' own, 5% wider on each side.
    const auto [x_low, x_high] = std::minmax_element(picture.x.begin(), picture.x.end());
    const auto [y_low, y_high] = std::minmax_element(picture.y.begin(), picture.y.end());
    const double x_margin = 0.05 * (*x_high - *x_low) + 1e-3;
    const double y_margin = 0.05 * (*y_high - *y_low) + 1e-3;
    picture.x_low = *x_low - x_margin, picture.x_high = *x_high + x_margin;
    picture.y_low = *y_low - y_margin, picture.y_high = *y_high + y_margin;
  }
  picture.columns = picture.rows = grid_side;
  std::vector<float> plane;  // {grid_side^2, 2}: every grid point, row by row
  for (int row = 0; row < grid_side; ++row)
    for (int column = 0; column < grid_side; ++column) {
      plane.push_back(static_cast<float>(picture.x_low + (picture.x_high - picture.x_low) * column /
                                                             (grid_side - 1)));
      plane.push_back(static_cast<float>(picture.y_low +
                                         (picture.y_high - picture.y_low) * row / (grid_side - 1)));
    }
  NoGrad no_grad;
  const Model head = network.slice(-2, static_cast<std::ptrdiff_t>(network.layers().size()));
  const std::vector<float> p =
      head(Tensor::from({plane.size() / 2, 2}, std::span<const float>(plane))).to_vector();
  picture.grid.assign(p.begin(), p.end());
  return picture;
}

ServedRun load_served_run(const fs::path& dir, const std::optional<fs::path>& data_dir,
                          const std::function<void(const std::string&)>& note) {
  std::error_code error;
  if (!fs::is_directory(dir, error))
    throw Error(dir.string() +
                " is not a folder: run scripts/compare.sh first (it trains runs/latest), or "
                "name a run with --run DIR");
  ServedRun run{dir, {}, {}, std::nullopt};
  for (const char* name : {"nn", "lr"}) {
    const fs::path path = dir / (std::string(name) + ".kudzu");
    if (!fs::exists(path, error)) continue;
    const predict::ModelSource source = predict::read_model(path);
    if (!source.note.empty()) note(source.note);
    predict::Classifier classifier = predict::make_classifier(source, path, {});
    if (!classifier.assumption.empty()) note(classifier.assumption);
    if (run.models.empty())
      run.classes = classifier.classes;
    else if (classifier.classes != run.classes)
      throw Error(path.string() + " decides between " + joined(classifier.classes) + " but " +
                  (dir / "nn.kudzu").string() + " between " + joined(run.classes) +
                  ": not the models of one run");
    const bool network = std::string_view(name) == "nn";
    if (network && classifier.embed && source.run && run.classes.size() == 2)
      run.embedding = picture_of_run(*source.run, classifier.model, data_dir, note);
    const std::string title = network ? (is_lenet(classifier.model) ? "LeNet" : "network")
                              : run.classes.size() == 2 ? "logistic regression"
                                                        : "softmax regression";
    run.models.push_back({name, title, std::move(classifier)});
  }
  if (run.models.empty())
    throw Error(dir.string() +
                " holds no model (nn.kudzu or lr.kudzu): run scripts/compare.sh first");
  return run;
}

nlohmann::ordered_json run_json(const ServedRun& run) {
  nlohmann::ordered_json models = nlohmann::ordered_json::array();
  for (const ServedModel& model : run.models)
    models.push_back({{"name", model.name}, {"title", model.title}});
  nlohmann::ordered_json json = {
      {"run", run.dir.string()}, {"classes", run.classes}, {"models", models}};
  json["embedding"] = nullptr;
  if (const auto& picture = run.embedding)
    json["embedding"] = {{"x", rounded(picture->x)},
                         {"y", rounded(picture->y)},
                         {"classes", picture->classes},
                         {"probability", rounded(picture->probability)},
                         {"grid",
                          {{"x_low", picture->x_low},
                           {"x_high", picture->x_high},
                           {"y_low", picture->y_low},
                           {"y_high", picture->y_high},
                           {"columns", picture->columns},
                           {"rows", picture->rows},
                           {"values", rounded(picture->grid)}}}};
  return json;
}

}  // namespace kudzu::serve

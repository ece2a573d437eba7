// kudzu-compare's figures, built from made-up run data and rendered: what a reader sees.
#define BOOST_TEST_MODULE compare_figures
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "figures.hpp"
#include "kudzu/plot.hpp"

using kudzu::EpochMetrics;
using kudzu::compare::build_figure;
using kudzu::compare::FigureData;
namespace plot = kudzu::plot;

namespace {

// Rows for epochs 1, 2, ... with these training and test accuracies.
std::vector<EpochMetrics> rows(const char* model, std::vector<double> train,
                               std::vector<double> test) {
  std::vector<EpochMetrics> result;
  for (std::size_t i = 0; i < train.size(); ++i)
    result.push_back({model, static_cast<int>(i + 1), 0.5, train[i], test[i], 0.1});
  return result;
}

// A three-epoch run: the network still near chance, the regression ahead of it.
FigureData short_run() {
  FigureData data;
  data.network_epochs = rows("nn", {0.6418, 0.7096, 0.7593}, {0.6542, 0.7334, 0.7883});
  data.regression_epochs = rows("lr", {0.8142, 0.8659, 0.8835}, {0.8206, 0.8664, 0.8836});
  return data;
}

// The y range compare.png shows, after rendering it.
plot::Range shown_accuracies(const FigureData& data) {
  std::optional<plot::Figure> figure = build_figure("compare.png", data);
  BOOST_TEST_REQUIRE(figure.has_value());
  figure->render();
  return figure->axes().mapping().y;
}

}  // namespace

BOOST_AUTO_TEST_CASE(comparison_shows_every_accuracy_of_a_short_run) {
  const plot::Range y = shown_accuracies(short_run());
  BOOST_TEST(y.low <= 0.6418);  // the network's first epoch is on the chart
  BOOST_TEST(y.high >= 0.8836);
  BOOST_TEST(y.high <= 1.0);
}

BOOST_AUTO_TEST_CASE(comparison_keeps_the_close_view_when_everything_is_above_0_8) {
  FigureData data;
  data.network_epochs = rows("nn", {0.85, 0.97, 0.99}, {0.86, 0.96, 0.98});
  data.regression_epochs = rows("lr", {0.9, 0.95, 0.96}, {0.91, 0.95, 0.97});
  const plot::Range y = shown_accuracies(data);
  BOOST_TEST(y.low == 0.8);
  BOOST_TEST(y.high == 1.0);
}

BOOST_AUTO_TEST_CASE(comparison_is_titled_after_the_models_trained) {
  const FigureData both = short_run();
  FigureData network_only = both, regression_only = both;
  network_only.regression_epochs.clear();
  regression_only.network_epochs.clear();
  const auto title = [](const FigureData& data) {
    return build_figure("compare.png", data)->title();
  };
  BOOST_TEST(title(both).find("Network against logistic regression") != std::string::npos);
  BOOST_TEST(title(network_only).find("Network") == 0u);
  BOOST_TEST(title(network_only).find("regression") == std::string::npos);
  BOOST_TEST(title(regression_only).find("Logistic regression") == 0u);
  BOOST_TEST(title(regression_only).find("Network") == std::string::npos);
  BOOST_TEST(title(regression_only).find("network") == std::string::npos);
}

namespace {

// A made-up embedding: the unit square, p(3) = x there, four 8s in the corners (p = 0 and
// 1: two of them wrong) and a 3 on the decision boundary x = 0.5.
FigureData unit_square_embedding() {
  FigureData data;
  const double xs[] = {0, 1, 0, 1, 0.5}, ys[] = {0, 0, 1, 1, 0.2};
  for (int i = 0; i < 5; ++i) {
    data.embedding_x.push_back(xs[i]);
    data.embedding_y.push_back(ys[i]);
    data.probability.push_back(xs[i]);
    data.test_digits.push_back(i < 4 ? 8 : 3);
    data.test_classes.push_back(i < 4 ? 1 : 0);    // 3 is class 0, 8 class 1
    data.decided.push_back(xs[i] >= 0.5 ? 0 : 1);  // p(3) = x
  }
  data.probability_at = [](double x, double) { return std::clamp(x, 0.0, 1.0); };
  return data;
}

plot::Color pixel_at(const plot::Figure& figure, plot::Point p) {
  return figure.canvas().pixel(static_cast<int>(p.x), static_cast<int>(p.y));
}

}  // namespace

BOOST_AUTO_TEST_CASE(embedding_title_speaks_to_a_reader) {
  const std::string title = build_figure("embedding.png", unit_square_embedding())->title();
  BOOST_TEST(title.find("layer") == std::string::npos);
  BOOST_TEST(title.find("embedding") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(contour_bands_cover_all_probabilities_and_the_boundary_stays_on_top) {
  std::optional<plot::Figure> figure = build_figure("contour.png", unit_square_embedding());
  BOOST_TEST_REQUIRE(figure.has_value());
  figure->render();
  const plot::DataToPixel& to_pixel = figure->axes().mapping();
  // Saturated probabilities have a band of their own: 0.95 is not coloured as 0.85.
  const plot::Color high = pixel_at(*figure, to_pixel(0.95, 0.6));
  const plot::Color lower = pixel_at(*figure, to_pixel(0.85, 0.6));
  BOOST_TEST(std::abs(high.r - lower.r) + std::abs(high.g - lower.g) + std::abs(high.b - lower.b) >
             0.03f);
  // The boundary is drawn black over the 3 that sits on it.
  const plot::Color on_line = pixel_at(*figure, to_pixel(0.5, 0.2));
  BOOST_TEST(on_line.r + on_line.g + on_line.b < 0.3f);
}

BOOST_AUTO_TEST_CASE(a_network_without_mistakes_still_gets_its_figure) {
  FigureData data = unit_square_embedding();
  std::optional<plot::Figure> figure = build_figure("misclassified.png", data);
  BOOST_TEST_REQUIRE(figure.has_value());
  figure->render();
  BOOST_TEST(figure->title() == "The network gets every test image right");
}

BOOST_AUTO_TEST_CASE(a_single_epoch_shows_as_a_dot_not_an_invisible_line) {
  FigureData data;
  data.network_epochs = rows("nn", {0.6418}, {0.6542});
  std::optional<plot::Figure> figure = build_figure("loss.png", data);
  BOOST_TEST_REQUIRE(figure.has_value());
  figure->render();
  const plot::Point at = figure->axes().mapping()(1, 0.5);  // rows() gives loss 0.5
  int ink = 0;  // pixels of the line's blue, not the gray grid's
  for (int dy = -5; dy <= 5; ++dy)
    for (int dx = -5; dx <= 5; ++dx) {
      const plot::Color c = pixel_at(*figure, {at.x + dx, at.y + dy});
      ink += c.b > c.r + 0.3f;
    }
  BOOST_TEST(ink > 20);
}

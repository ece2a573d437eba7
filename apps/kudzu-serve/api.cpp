#include "api.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "kudzu/error.hpp"
#include "page.hpp"
#include "predict_request.hpp"
#include "report.hpp"

namespace kudzu::serve {
namespace {

struct Route {
  std::string_view path, method;
};

// Every route; "HEAD" is answered wherever "GET" is.
constexpr Route routes[] = {
    {"/", "GET"}, {"/index.html", "GET"}, {"/api/run", "GET"}, {"/api/predict", "POST"}};

// The 28x28 seen, three decimals each: as much as a grey level shows.
std::vector<double> seen_values(const GreyImage& seen) {
  std::vector<double> values;
  values.reserve(seen.values.size());
  for (const float value : seen.values) values.push_back(std::round(value * 1000) / 1000);
  return values;
}

}  // namespace

Response error_response(unsigned status, const std::string& message) {
  return {status, "application/json", nlohmann::json{{"error", message}}.dump(), {}};
}

Api::Api(ServedRun run)
    : run_(std::move(run)),
      run_json_(run_json(run_).dump()),
      model_locks_(std::make_unique<std::mutex[]>(run_.models.size())) {}

Response Api::handle(std::string_view method, std::string_view target,
                     std::string_view body) const {
  const std::string_view path = target.substr(0, target.find('?'));
  std::string allow;
  for (const Route& route : routes)
    if (route.path == path) {
      const bool head = method == "HEAD" && route.method == "GET";
      if (method == route.method || head) {
        if (path == "/api/predict") return predict(body);
        if (path == "/api/run") return {200, "application/json", run_json_, {}};
        return {200, "text/html; charset=utf-8", std::string(page_html()), {}};
      }
      allow = route.method == "GET" ? "GET, HEAD" : route.method;
    }
  if (!allow.empty()) {
    Response response =
        error_response(405, std::string(method.substr(0, 20)) + " is not allowed on " +
                                std::string(path) + " (it takes " + allow + ")");
    response.allow = allow;
    return response;
  }
  return error_response(404, "no such page: " + std::string(path.substr(0, 200)));
}

Response Api::predict(std::string_view body) const {
  try {
    const PredictRequest request = parse_predict_request(body);
    std::size_t chosen = 0;
    if (!request.model.empty()) {
      while (chosen < run_.models.size() && run_.models[chosen].name != request.model) ++chosen;
      if (chosen == run_.models.size())
        return error_response(
            400, "no model '" + request.model.substr(0, 40) + "' in this run (see GET /api/run)");
    }
    const ServedModel& model = run_.models[chosen];
    const PreparedDigit prepared = prepare_digit(request.image, "the drawing");
    predict::Prediction prediction;
    {
      std::lock_guard lock(model_locks_[chosen]);
      prediction = predict::classify(model.classifier, prepared.input);
    }
    nlohmann::ordered_json answer = {{"model", model.name}};
    answer.update(predict::prediction_json(run_.classes, prediction));
    answer["seen"] = seen_values(prepared.seen);
    return {200, "application/json", answer.dump(), {}};
  } catch (const RequestError& error) {
    return error_response(400, error.what());
  } catch (const NoDigitError& error) {
    return error_response(422, error.what());
  }
}

}  // namespace kudzu::serve

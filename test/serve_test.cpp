// kudzu-serve's API over a real socket: the server runs in this process on 127.0.0.1, on a
// port the system picks, serving a run made here (an untrained network and regression), and
// the tests talk to it as a browser would, or as a client that misbehaves.
#define BOOST_TEST_MODULE serve

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "api.hpp"
#include "base64.hpp"
#include "http_client.hpp"
#include "image_files.hpp"
#include "kudzu/error.hpp"
#include "kudzu/model_file.hpp"
#include "kudzu/networks.hpp"
#include "kudzu/rng.hpp"
#include "served_run.hpp"
#include "server.hpp"
#include "support.hpp"

using namespace kudzu;
using namespace kudzu::serve;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;
using testing::Connection;
using testing::contains;

namespace {

// The run: the write-up's two models for 3 and 8, untrained but fixed by the seed, and an
// embedding picture of a few points.
ServedRun made_run() {
  Rng rng(7);
  const Model network = original_network(784, 2, 2, rng);
  const Model regression = linear_classifier(784, 2, rng);
  const std::vector<std::string> classes = {"3", "8"};
  ServedRun run{"made-run", classes, {}, std::nullopt};
  run.models.push_back({"nn", "network", {network, classes, {}, network.slice(0, -2)}});
  run.models.push_back({"lr", "logistic regression", {regression, classes, {}, std::nullopt}});
  run.embedding = embedding_picture(network, {-1, 0, 2}, {1, 0, -3}, {0, 1, 0}, {0.9, 0.2, 0.7});
  return run;
}

// A server on a free port, run on its own threads for the life of the fixture; what it logs
// is kept.
struct Served {
  Api api{made_run()};
  std::mutex log_lock;
  std::vector<std::string> log;
  Server server{api, options()};
  std::thread runner{[this] { server.run(); }};

  ServerOptions options() {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    options.log = [this](const std::string& line) {
      std::lock_guard lock(log_lock);
      log.push_back(line);
    };
    return options;
  }
  ~Served() {
    server.stop();
    runner.join();
  }
  std::vector<std::string> logged() {
    std::lock_guard lock(log_lock);
    return log;
  }
};

std::string text_of(beast::string_view text) { return {text.data(), text.size()}; }

// A drawing: dark strokes on white, width x height grey values, different for each seed.
std::vector<int> drawing(int width, int height, unsigned seed) {
  std::vector<int> pixels(static_cast<std::size_t>(width) * height, 255);
  const double cx = width * (0.4 + 0.2 * ((seed * 37) % 11) / 10.0);
  const double cy = height * (0.4 + 0.2 * ((seed * 53) % 13) / 12.0);
  const double r = std::min(width, height) * (0.2 + 0.1 * (seed % 7) / 6.0);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const double d = std::hypot(x - cx, (y - cy) * (1 + 0.1 * (seed % 5)));
      const bool loop = std::abs(d - r) < 0.12 * r;
      const bool bar = seed % 2 && std::abs(x - cx) < 0.1 * r && y > cy && y < cy + 1.5 * r;
      if (loop || bar) pixels[static_cast<std::size_t>(y) * width + x] = 20;
    }
  return pixels;
}

std::string pixels_body(int width, int height, const std::vector<int>& pixels,
                        const std::string& model = "") {
  json body = {{"width", width}, {"height", height}, {"pixels", pixels}};
  if (!model.empty()) body["model"] = model;
  return body.dump();
}

std::vector<std::uint8_t> png_of(int width, int height, const std::vector<int>& pixels) {
  testing::Picture picture(width, height, 1);
  for (std::size_t i = 0; i < pixels.size(); ++i)
    picture.bytes[i] = static_cast<std::uint8_t>(pixels[i]);
  return testing::encode(picture, testing::Format::png);
}

std::string image_body(const std::vector<std::uint8_t>& file,
                       const std::string& type = "image/png") {
  return json{{"image", "data:" + type + ";base64," + testing::base64(file)}}.dump();
}

// The status of a request and, for the errors, that the body is {"error": "..."}.
void check_error(const http::response<http::string_body>& response, unsigned status,
                 const std::string& part) {
  BOOST_TEST(response.result_int() == status);
  BOOST_TEST(text_of(response[http::field::content_type]) == "application/json");
  const json body = json::parse(response.body());
  BOOST_REQUIRE(body.contains("error"));
  BOOST_TEST_INFO("error: " << body["error"]);
  BOOST_TEST(contains(body["error"].get<std::string>(), part));
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(serve, Served)

BOOST_AUTO_TEST_CASE(the_page_is_served_at_the_root_and_says_draw_a_digit) {
  Connection client(server.port());
  const auto page = client.send(http::verb::get, "/");
  BOOST_TEST(page.result_int() == 200);
  BOOST_TEST(contains(text_of(page[http::field::content_type]), "text/html"));
  BOOST_TEST(contains(page.body(), "draw a digit"));
  BOOST_TEST(!contains(page.body(), "http://"));  // nothing from elsewhere (no CDN)
  BOOST_TEST(!contains(page.body(), "https://"));
  const auto head = client.send(http::verb::head, "/");  // same connection: kept alive
  BOOST_TEST(head.result_int() == 200);
  BOOST_TEST(head.body().empty());
  BOOST_TEST(text_of(head[http::field::content_length]) == std::to_string(page.body().size()));
  BOOST_TEST(client.send(http::verb::get, "/index.html?from=test").body() == page.body());
  BOOST_TEST(server.url() == "http://127.0.0.1:" + std::to_string(server.port()) + "/");
}

BOOST_AUTO_TEST_CASE(the_run_lists_classes_models_and_the_embedding_picture) {
  Connection client(server.port());
  const auto response = client.send(http::verb::get, "/api/run");
  BOOST_TEST(response.result_int() == 200);
  const json run = json::parse(response.body());
  BOOST_TEST(run["classes"] == json({"3", "8"}));
  BOOST_TEST(run["models"][0]["name"] == "nn");
  BOOST_TEST(run["models"][1]["title"] == "logistic regression");
  const json& picture = run["embedding"];
  BOOST_TEST(picture["x"] == json({-1, 0, 2}));
  BOOST_TEST(picture["classes"] == json({0, 1, 0}));
  const json& grid = picture["grid"];
  BOOST_TEST(grid["values"].size() ==
             grid["columns"].get<std::size_t>() * grid["rows"].get<std::size_t>());
  BOOST_TEST(grid["x_low"].get<double>() < -1);  // the points' bounds with a margin
  BOOST_TEST(grid["y_high"].get<double>() > 1);
  for (const json& p : grid["values"]) BOOST_TEST((p >= 0 && p <= 1));
}

BOOST_AUTO_TEST_CASE(a_drawing_gets_the_digit_probabilities_seen_image_and_embedding) {
  Connection client(server.port());
  const std::vector<int> pixels = drawing(120, 100, 3);
  const auto response =
      client.send(http::verb::post, "/api/predict", pixels_body(120, 100, pixels));
  BOOST_TEST(response.result_int() == 200);
  const json answer = json::parse(response.body());
  BOOST_TEST(answer["model"] == "nn");
  const double p3 = answer["probabilities"]["3"], p8 = answer["probabilities"]["8"];
  BOOST_TEST(p3 + p8 == 1.0, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(answer["digit"] == (p3 >= p8 ? "3" : "8"));
  BOOST_TEST(answer["seen"].size() == 784u);
  BOOST_TEST(answer["embedding"].size() == 2u);
  // The same drawing as a PNG in a data URL: the same answer.
  const auto as_png =
      client.send(http::verb::post, "/api/predict", image_body(png_of(120, 100, pixels)));
  BOOST_TEST(as_png.body() == response.body());
  // The regression has no embedding.
  const json regression = json::parse(
      client.send(http::verb::post, "/api/predict", pixels_body(120, 100, pixels, "lr")).body());
  BOOST_TEST(regression["model"] == "lr");
  BOOST_TEST(!regression.contains("embedding"));
  BOOST_TEST(regression["seen"] == answer["seen"]);
}

BOOST_AUTO_TEST_CASE(a_client_that_expects_100_continue_is_told_to_go_on) {
  Connection client(server.port());
  const std::string body = pixels_body(28, 28, drawing(28, 28, 2));
  client.send_raw(
      "POST /api/predict HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  BOOST_TEST(client.receive().result_int() == 100);  // before any of the body is sent
  client.send_raw(body);
  const auto answer = client.receive();
  BOOST_TEST(answer.result_int() == 200);
  BOOST_TEST(json::parse(answer.body()).contains("digit"));
}

BOOST_AUTO_TEST_CASE(every_request_is_logged_with_method_path_status_and_milliseconds) {
  Connection client(server.port());
  client.send(http::verb::get, "/api/run");
  client.send(http::verb::get, "/nowhere");
  server.stop();  // the log is complete once the response is read; stop only to be sure
  const std::vector<std::string> lines = logged();
  BOOST_REQUIRE(lines.size() == 2u);
  BOOST_TEST(lines[0].rfind("GET /api/run 200 ", 0) == 0);
  BOOST_TEST(lines[0].substr(lines[0].size() - 3) == " ms");
  BOOST_TEST(lines[1].rfind("GET /nowhere 404 ", 0) == 0);
}

BOOST_AUTO_TEST_CASE(bad_bodies_get_400_with_a_json_error) {
  Connection client(server.port());
  auto predict = [&](const std::string& body) {
    return client.send(http::verb::post, "/api/predict", body);
  };
  check_error(predict("{\"image\": "), 400, "not JSON");
  check_error(predict("[1, 2]"), 400, "JSON object");
  check_error(predict("{}"), 400, "neither");
  check_error(predict(json{{"image", "http://example.org/3.png"}}.dump()), 400, "data URL");
  check_error(predict(json{{"image", "data:image/png,abc"}}.dump()), 400, "base64");
  check_error(predict(json{{"image", "data:image/png;base64,iVBO*w0K"}}.dump()), 400, "base64");
  check_error(predict(image_body({'h', 'e', 'l', 'l', 'o'}, "text/plain")), 400, "not of an image");
  check_error(predict(image_body({'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o'})), 400, "not an image");
  check_error(predict(image_body(png_of(1100, 8, std::vector<int>(1100 * 8, 255)))), 400,
              "at most 1024x1024");
  check_error(predict(pixels_body(10, 10, std::vector<int>(99, 0))), 400, "100 grey values");
  check_error(predict(pixels_body(2000, 1, std::vector<int>(2000, 0))), 400, "1 to 1024");
  check_error(predict(pixels_body(2, 2, {0, 0, 300, 0})), 400, "\"pixels\"[2]");
  check_error(predict(R"({"width": 2.5, "height": 2, "pixels": [0, 0, 0, 0]})"), 400, "whole");
  check_error(predict(pixels_body(28, 28, drawing(28, 28, 1), "svm")), 400, "no model 'svm'");
  check_error(predict(R"({"model": 7, "width": 1, "height": 1, "pixels": [0]})"), 400, "string");
  // Deep nesting is refused without exhausting the stack.
  check_error(predict(std::string(100000, '[') + std::string(100000, ']')), 400, "JSON object");
  // A blank drawing has no digit: 422, not a guess.
  check_error(predict(pixels_body(50, 50, std::vector<int>(2500, 255))), 422, "no digit");
  // The connection is still good after every one of them.
  BOOST_TEST(client.send(http::verb::get, "/api/run").result_int() == 200);
}

BOOST_AUTO_TEST_CASE(unknown_paths_get_404_and_wrong_methods_405) {
  Connection client(server.port());
  check_error(client.send(http::verb::get, "/etc/passwd"), 404, "no such page");
  check_error(client.send(http::verb::get, "/../CMakeLists.txt"), 404, "no such page");
  check_error(client.send(http::verb::get, "/api/predict"), 405, "POST");
  const auto response = client.send(http::verb::delete_, "/api/run");
  check_error(response, 405, "not allowed");
  BOOST_TEST(text_of(response[http::field::allow]) == "GET, HEAD");
  check_error(client.send(http::verb::post, "/", "{}"), 405, "not allowed");
}

BOOST_AUTO_TEST_CASE(a_body_over_2_mb_gets_413) {
  Connection client(server.port());
  // The header announces it: refused before the body is read.
  client.send_raw("POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Length: 3000000\r\n\r\n");
  check_error(client.receive(), 413, "larger than 2097152 bytes");
  BOOST_TEST(client.closed_by_server());
  // Sent chunked, without a length: refused once it passes the limit.
  Connection chunked(server.port());
  chunked.send_raw("POST /api/predict HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  const std::string chunk(1 << 20, 'a');
  for (int i = 0; i < 3; ++i) chunked.send_raw("100000\r\n" + chunk + "\r\n");
  check_error(chunked.receive(), 413, "larger than");
  // Just under the limit is read (and is not JSON).
  Connection under(server.port());
  check_error(under.send(http::verb::post, "/api/predict", std::string((2 << 20) - 10, ' ') + "x"),
              400, "not JSON");
}

BOOST_AUTO_TEST_CASE(a_header_over_8_kb_gets_431) {
  Connection client(server.port());
  client.send_raw("GET / HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(9000, 'a') + "\r\n\r\n");
  check_error(client.receive(), 431, "larger than 8192 bytes");
  BOOST_TEST(client.closed_by_server());
}

BOOST_AUTO_TEST_CASE(what_is_not_http_gets_400_and_the_connection_closed) {
  Connection client(server.port());
  client.send_raw("HELLO THERE\r\n\r\n");
  check_error(client.receive(), 400, "not an HTTP/1.1 request");
  BOOST_TEST(client.closed_by_server());
}

BOOST_AUTO_TEST_CASE(a_slow_client_is_dropped_after_10_s_without_a_whole_request) {
  BOOST_TEST(ServerOptions{}.idle == std::chrono::seconds(10));
  Connection silent(server.port());  // sends nothing at all
  Connection slow(server.port());    // starts a request and never ends it
  slow.send_raw("POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"wid");
  BOOST_TEST(slow.closed_by_server());  // well before the client's own 30 s limit
  BOOST_TEST(silent.closed_by_server());
  // Meanwhile and afterwards the server answers others.
  Connection other(server.port());
  BOOST_TEST(other.send(http::verb::get, "/api/run").result_int() == 200);
}

BOOST_AUTO_TEST_CASE(concurrent_requests_get_the_same_answers_as_sequential_ones) {
  constexpr int requests = 200, connections = 8;
  std::vector<std::string> bodies, sequential(requests), concurrent(requests);
  for (int i = 0; i < requests; ++i) {
    const int side = 28 + (i % 5) * 20;
    bodies.push_back(pixels_body(side, side, drawing(side, side, i), i % 3 == 2 ? "lr" : "nn"));
  }
  {
    Connection client(server.port());
    for (int i = 0; i < requests; ++i)
      sequential[i] = client.send(http::verb::post, "/api/predict", bodies[i]).body();
  }
  std::vector<std::thread> clients;
  for (int c = 0; c < connections; ++c)
    clients.emplace_back([&, c] {
      Connection client(server.port());
      for (int i = c; i < requests; i += connections)
        concurrent[i] = client.send(http::verb::post, "/api/predict", bodies[i]).body();
    });
  for (std::thread& client : clients) client.join();
  std::set<std::string> digits;
  for (int i = 0; i < requests; ++i) {
    BOOST_TEST_INFO("request " << i);
    BOOST_TEST(concurrent[i] == sequential[i]);
    digits.insert(json::parse(sequential[i]).value("digit", "none"));
  }
  BOOST_TEST(digits.size() == 2u);  // the drawings are not all one digit to the models
}

BOOST_AUTO_TEST_CASE(connections_past_the_limit_get_503) {
  ServerOptions options;
  options.port = 0;
  options.max_connections = 2;
  Server limited(api, options);
  std::thread running([&] { limited.run(); });
  Connection first(limited.port()), second(limited.port());
  BOOST_TEST(first.send(http::verb::get, "/api/run").result_int() == 200);
  BOOST_TEST(second.send(http::verb::get, "/api/run").result_int() == 200);
  Connection third(limited.port());
  check_error(third.receive(), 503, "more than 2 connections");
  BOOST_TEST(third.closed_by_server());
  first.socket.close();  // a place comes free
  bool served = false;
  for (int attempt = 0; attempt < 100 && !served; ++attempt) {
    try {  // refused while the server has not yet seen the first one close
      Connection next(limited.port());
      served = next.send(http::verb::get, "/api/run").result_int() == 200;
    } catch (const std::exception&) {
    }
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  BOOST_TEST(served);
  limited.stop();
  running.join();
}

BOOST_AUTO_TEST_CASE(a_taken_port_is_a_clear_error) {
  ServerOptions options;
  options.port = server.port();
  std::string message;
  try {
    Server second(api, options);
  } catch (const kudzu::Error& error) {
    message = error.what();
  }
  BOOST_TEST_INFO(message);
  BOOST_TEST(contains(message, "port " + std::to_string(server.port()) + " on 127.0.0.1 is taken"));
}

BOOST_AUTO_TEST_SUITE_END()

// A run folder's models, read as kudzu-serve reads them, are titled as kudzu-compare titles
// them: a convolutional network is a LeNet.
BOOST_AUTO_TEST_CASE(a_served_run_titles_its_models_as_kudzu_compare_does) {
  Rng rng(3);
  const std::vector<std::string> digits = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  const auto titles = [&](const Model& network) {
    testing::TemporaryDirectory run;
    save(network, run.path / "nn.kudzu", {.class_names = digits, .input = "mnist-28x28"});
    save(linear_classifier(784, 10, rng), run.path / "lr.kudzu",
         {.class_names = digits, .input = "mnist-28x28"});
    const ServedRun served = load_served_run(run.path, std::nullopt, [](const std::string&) {});
    BOOST_REQUIRE(served.models.size() == 2u);
    return served.models[0].title + ", " + served.models[1].title;
  };
  BOOST_TEST(titles(lenet(10, 0, rng)) == "LeNet, softmax regression");
  BOOST_TEST(titles(original_network(784, 10, 2, rng)) == "network, softmax regression");
}

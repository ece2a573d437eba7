// kudzu-serve under load: POST /api/predict with the drawing the page sends (a 140x140 PNG
// data URL of dark strokes on transparent: its 280-pixel pad at half size), from 1 and from 8
// connections at once, each sending its next request when its answer is in. Prints predictions per
// second and the 50th and 99th percentile latency of each round; the rounds alternate between 1 and
// 8 connections so that both meet the same machine. The server runs in this process on 127.0.0.1
// with kudzu-serve's defaults (2 threads), serving a run kudzu-compare wrote.
//
//   serve_load_bench [RUN_DIR (default runs/latest)] [ROUNDS (default 3)]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "api.hpp"
#include "base64.hpp"
#include "http_client.hpp"
#include "image_files.hpp"
#include "kudzu/blas.hpp"
#include "report.hpp"
#include "server.hpp"

using namespace kudzu;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int requests_per_round = 4000;

// A digit-like drawing as the page sends it: a loop and a tail of 11-pixel ink.
std::string drawing_body() {
  testing::Picture pad(140, 140, 4, 0);
  for (int y = 0; y < 140; ++y)
    for (int x = 0; x < 140; ++x) {
      const double ring = std::abs(std::hypot(x - 70.0, y - 50.0) - 27);
      const double tail = std::abs(x - 87.0 + 0.4 * (y - 75));
      if (ring < 5.5 || (tail < 5.5 && y > 70 && y < 120)) pad.fill(x, y, x + 1, y + 1, 20, 255);
    }
  const std::vector<std::uint8_t> png = testing::encode(pad, testing::Format::png);
  return nlohmann::json{{"image", "data:image/png;base64," + testing::base64(png)}}.dump();
}

struct Round {
  double per_second = 0, p50_ms = 0, p99_ms = 0;
};

Round load(std::uint16_t port, int connections, const std::string& body) {
  std::vector<std::vector<double>> latencies(connections);
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> clients;
  for (int c = 0; c < connections; ++c)
    clients.emplace_back([&, c] {
      testing::Connection client(port);
      for (int i = c; i < requests_per_round; i += connections) {
        const Clock::time_point sent = Clock::now();
        const auto response = client.send(testing::http::verb::post, "/api/predict", body);
        if (response.result_int() != 200) throw std::runtime_error(response.body());
        latencies[c].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
      }
    });
  for (std::thread& client : clients) client.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (const auto& some : latencies) all.insert(all.end(), some.begin(), some.end());
  std::sort(all.begin(), all.end());
  auto percentile = [&](double q) { return all[static_cast<std::size_t>(q * (all.size() - 1))]; };
  return {all.size() / seconds, percentile(0.5), percentile(0.99)};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::filesystem::path run_dir = argc > 1 ? argv[1] : "runs/latest";
    const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    const serve::Api api(serve::load_served_run(run_dir, std::nullopt, [](const std::string&) {}));
    serve::ServerOptions options;
    options.port = 0;
    serve::Server server(api, options);
    std::thread runner([&] { server.run(); });
    const std::string body = drawing_body();
    load(server.port(), 8, body);  // warm-up: pools, caches, connections
    std::vector<Round> one, eight;
    for (int round = 0; round < rounds; ++round) {
      one.push_back(load(server.port(), 1, body));
      eight.push_back(load(server.port(), 8, body));
    }
    server.stop();
    runner.join();
    const std::string facts = bench::machine(blas_info().threads) + ", server threads " +
                              std::to_string(options.threads) + ", request " +
                              std::to_string(body.size()) + " bytes (140x140 PNG)";
    for (const auto& [connections, figures] : {std::pair{1, one}, std::pair{8, eight}})
      for (std::size_t round = 0; round < figures.size(); ++round) {
        char line[160];
        std::snprintf(line, sizeof line,
                      "kudzu-serve %d connection%s, round %zu: %.0f predictions/s, p50 %.2f ms, "
                      "p99 %.2f ms",
                      connections, connections == 1 ? "" : "s", round + 1,
                      figures[round].per_second, figures[round].p50_ms, figures[round].p99_ms);
        std::cout << line << " -- " << facts << "\n";
      }
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "serve_load_bench: " << error.what() << "\n";
    return 1;
  }
}

// kudzu-serve's HTTP/1.1 server (Boost.Beast on Boost.Asio): it reads requests within the
// limits below, hands them to the Api, writes its responses and logs one line per request.
//
//   Server server(api, {.host = "127.0.0.1", .port = 0});   // listening once constructed
//   std::cout << server.url();                               // http://127.0.0.1:PORT/
//   server.run();                                            // until stop() (or a signal)
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api.hpp"

namespace kudzu::serve {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;                      // 0: any free port (port() tells which)
  std::size_t threads = 2;                        // threads that run the requests
  std::size_t max_body = std::size_t{2} << 20;    // bytes; a larger body gets 413
  std::size_t max_header = std::size_t{8} << 10;  // bytes; a larger header gets 431
  // A connection that has not sent a whole request this long after it opened, or after the
  // last response, is dropped; a response not taken by the client in this time is too.
  std::chrono::milliseconds idle = std::chrono::seconds(10);
  // Connections served at once; one more gets 503 and is closed (each may hold a body of
  // max_body bytes: this bounds the memory requests can take).
  std::size_t max_connections = 64;
  bool stop_on_signals = false;  // SIGINT and SIGTERM stop run()
  // Called with each request's line ("GET / 200 0.3 ms"), from any of the threads, one call
  // at a time; empty: no log.
  std::function<void(const std::string&)> log;
};

class Server {
 public:
  // Listens on options.host:options.port. kudzu::Error, one line, when the address cannot be
  // used: "... port N on HOST is taken ..." when another program has it.
  Server(const Api& api, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  std::string url() const;  // "http://HOST:PORT/", IPv6 hosts in brackets
  bool local_only() const;  // listening on a loopback address: this machine only

  // Serves on options.threads threads (this one among them) until stop() or, with
  // stop_on_signals, SIGINT or SIGTERM. Once only.
  void run();
  // From any thread, any number of times: run() returns soon after.
  void stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace kudzu::serve

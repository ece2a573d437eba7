#include "server.hpp"

#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "kudzu/error.hpp"

namespace kudzu::serve {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// After a response that ends the connection (an error the request cannot be read past), what
// the client still sends is read and dropped for up to this long and this many bytes: closing
// with unread bytes would reset the connection, and the client might lose the response.
constexpr auto linger_time = std::chrono::seconds(1);
constexpr std::size_t linger_bytes = std::size_t{4} << 20;

// A request's method or path as the log shows it: control characters replaced, and cut.
std::string printable(std::string_view text) {
  std::string shown;
  for (const char c : text.substr(0, 200))
    shown.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
  return shown.empty() ? "-" : shown;
}

// Boost 1.74's Beast has a string_view of its own.
std::string_view view(beast::string_view text) { return {text.data(), text.size()}; }

bool is_parse_error(const beast::error_code& error) {
  return error.category() == make_error_code(http::error::bad_target).category();
}

// One connection: requests read and answered in turn until the client closes, sends
// something that cannot be read past, or stays idle too long.
class Session : public std::enable_shared_from_this<Session> {
 public:
  // `open` counts the sessions alive, this one among them until it ends.
  Session(tcp::socket socket, const Api& api, const ServerOptions& options,
          std::atomic<std::size_t>& open)
      : stream_(std::move(socket)), api_(api), options_(options), open_(open) {
    ++open_;
  }
  ~Session() { --open_; }

  // Past options.max_connections: a 503 and the connection closed, nothing read.
  void refuse() {
    started_ = Clock::now();
    method_ = path_ = "-";
    respond(error_response(503, "more than " + std::to_string(options_.max_connections) +
                                    " connections at once; try again shortly"),
            false, false);
  }

  void read_request() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header));
    parser_->body_limit(options_.max_body);
    stream_.expires_after(options_.idle);  // for the whole request, header and body
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code error, std::size_t) {
                              if (error) return self->on_read(error);
                              self->read_body();
                            });
  }

 private:
  // A client that asks (curl does, for bodies over 1 KB) is told to go on before the body is
  // read, rather than left to wait a second for it.
  void read_body() {
    auto read = [self = shared_from_this()] {
      http::async_read(self->stream_, self->buffer_, *self->parser_,
                       [self](beast::error_code error, std::size_t) { self->on_read(error); });
    };
    const auto expect = parser_->get()[http::field::expect];
    if (!beast::iequals(expect, "100-continue")) return read();
    auto going_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
    http::async_write(stream_, *going_on, [read, going_on](beast::error_code error, std::size_t) {
      if (!error) read();
    });
  }

  void on_read(const beast::error_code& error) {
    started_ = Clock::now();
    method_ = path_ = "-";
    if (parser_->is_header_done()) {
      method_ = printable(view(parser_->get().method_string()));
      path_ = printable(view(parser_->get().target()));
    }
    if (error == http::error::body_limit)
      return respond(error_response(413, "the body is larger than " +
                                             std::to_string(options_.max_body) + " bytes"),
                     false, false);
    if (error == http::error::header_limit)
      return respond(error_response(431, "the request's header is larger than " +
                                             std::to_string(options_.max_header) + " bytes"),
                     false, false);
    if (error && is_parse_error(error) && error != http::error::end_of_stream)
      return respond(error_response(400, "not an HTTP/1.1 request (" + error.message() + ")"),
                     false, false);
    if (error) return;  // closed by the client, or idle too long (the socket is closed)
    const auto& request = parser_->get();
    Response response;
    try {
      response = api_.handle(view(request.method_string()), view(request.target()), request.body());
    } catch (const std::exception& failure) {  // a bug or no memory: this request fails only
      response = error_response(500, failure.what());
    }
    respond(std::move(response), request.keep_alive(), request.method() == http::verb::head);
  }

  void respond(Response answer, bool keep_alive, bool head) {
    response_ = {};
    response_.version(11);
    response_.result(answer.status);
    response_.set(http::field::server, "kudzu-serve");
    response_.set(http::field::content_type, answer.content_type);
    response_.set(http::field::cache_control, "no-store");
    response_.set("X-Content-Type-Options", "nosniff");
    if (!answer.allow.empty()) response_.set(http::field::allow, answer.allow);
    response_.keep_alive(keep_alive);
    const std::size_t length = answer.body.size();
    if (!head) response_.body() = std::move(answer.body);
    response_.content_length(length);  // a HEAD response says what GET would send
    if (options_.log) {
      char line[64];
      std::snprintf(line, sizeof line, " %u %.1f ms", answer.status,
                    std::chrono::duration<double, std::milli>(Clock::now() - started_).count());
      options_.log(method_ + " " + path_ + line);
    }
    stream_.expires_after(options_.idle);
    http::async_write(
        stream_, response_,
        [self = shared_from_this(), keep_alive](beast::error_code error, std::size_t) {
          if (error) return;
          if (keep_alive) return self->read_request();
          self->linger();
        });
  }

  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(linger_time);
    drain();
  }

  void drain() {
    stream_.async_read_some(asio::buffer(discarded_),
                            [self = shared_from_this()](beast::error_code error, std::size_t n) {
                              self->lingered_ += n;
                              if (!error && self->lingered_ < linger_bytes) self->drain();
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  const Api& api_;
  const ServerOptions& options_;
  Clock::time_point started_;
  std::string method_, path_;
  std::atomic<std::size_t>& open_;
  std::array<char, 4096> discarded_;
  std::size_t lingered_ = 0;
};

tcp::endpoint endpoint_of(const std::string& host, std::uint16_t port, asio::io_context& context) {
  beast::error_code error;
  const asio::ip::address address = asio::ip::make_address(host, error);
  if (!error) return {address, port};
  tcp::resolver resolver(context);
  const auto found = resolver.resolve(host, std::to_string(port), error);
  if (error || found.empty())
    throw Error("--host " + host + ": not an address or a name of this machine (" +
                error.message() + ")");
  return *found.begin();
}

}  // namespace

struct Server::State {
  const Api& api;
  const ServerOptions options;
  std::mutex log_lock;               // one log line at a time
  std::atomic<std::size_t> open{0};  // sessions alive (before context: they end with it)
  asio::io_context context;
  tcp::acceptor acceptor{context};
  std::optional<asio::signal_set> signals;
  asio::steady_timer retry{context};

  State(const Api& api, ServerOptions given)
      : api(api), options(with_locked_log(std::move(given))) {}

  // The options with their log called under log_lock.
  ServerOptions with_locked_log(ServerOptions given) {
    if (given.log)
      given.log = [this, log = given.log](const std::string& line) {
        std::lock_guard lock(log_lock);
        log(line);
      };
    return given;
  }

  void accept() {
    acceptor.async_accept(
        asio::make_strand(context), [this](beast::error_code error, tcp::socket socket) {
          if (error == asio::error::operation_aborted || !acceptor.is_open()) return;
          if (error) {  // out of file descriptors, say: try again shortly rather than spin
            retry.expires_after(std::chrono::milliseconds(100));
            retry.async_wait([this](beast::error_code) { accept(); });
            return;
          }
          const auto session = std::make_shared<Session>(std::move(socket), api, options, open);
          if (open > options.max_connections)
            session->refuse();
          else
            session->read_request();
          accept();
        });
  }
};

Server::Server(const Api& api, ServerOptions options)
    : state_(std::make_unique<State>(api, std::move(options))) {
  const ServerOptions& given = state_->options;
  const tcp::endpoint endpoint = endpoint_of(given.host, given.port, state_->context);
  tcp::acceptor& acceptor = state_->acceptor;
  const std::string where = "port " + std::to_string(given.port) + " on " + given.host;
  beast::error_code error;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (error == asio::error::address_in_use)
    throw Error(where +
                " is taken (another kudzu-serve?): choose another with --port, or --port 0 for "
                "any free one");
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) throw Error("cannot listen on " + where + ": " + error.message());
  if (given.stop_on_signals) {
    state_->signals.emplace(state_->context, SIGINT, SIGTERM);
    state_->signals->async_wait([this](beast::error_code error, int) {
      if (!error) stop();
    });
  }
}

Server::~Server() = default;

std::uint16_t Server::port() const { return state_->acceptor.local_endpoint().port(); }

std::string Server::url() const {
  const asio::ip::address address = state_->acceptor.local_endpoint().address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return "http://" + host + ":" + std::to_string(port()) + "/";
}

bool Server::local_only() const {
  return state_->acceptor.local_endpoint().address().is_loopback();
}

void Server::run() {
  state_->accept();
  std::vector<std::thread> others;
  for (std::size_t i = 1; i < state_->options.threads; ++i)
    others.emplace_back([this] { state_->context.run(); });
  state_->context.run();
  for (std::thread& thread : others) thread.join();
}

void Server::stop() { state_->context.stop(); }

}  // namespace kudzu::serve

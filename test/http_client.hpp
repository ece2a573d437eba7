// A blocking HTTP/1.1 client for kudzu-serve's tests and benchmark: one connection to
// 127.0.0.1, requests sent and responses read in turn (Boost.Beast), and raw bytes for
// requests no well-behaved client would send.
#pragma once

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <string>

namespace kudzu::testing {

namespace http = boost::beast::http;

// A client connection; a blocking read gives up after 30 s (SO_RCVTIMEO), so that a server
// that never answers fails the test instead of hanging it.
struct Connection {
  boost::asio::io_context context;
  boost::asio::ip::tcp::socket socket{context};
  boost::beast::flat_buffer buffer;

  explicit Connection(std::uint16_t port) {
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    const timeval limit{30, 0};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  }
  http::response<http::string_body> send(http::verb method, const std::string& target,
                                         const std::string& body = {}) {
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.body() = body;
    if (!body.empty()) request.set(http::field::content_type, "application/json");
    request.prepare_payload();
    http::write(socket, request);
    return receive(method == http::verb::head);
  }
  // `head`: the answer to a HEAD request, whose Content-Length is not followed by a body.
  http::response<http::string_body> receive(bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(16 << 20);
    parser.skip(head);
    http::read(socket, buffer, parser);
    return parser.release();
  }
  void send_raw(const std::string& bytes) {
    boost::asio::write(socket, boost::asio::buffer(bytes));
  }
  // True when the server closes the connection (end of file or reset) without sending more.
  bool closed_by_server() {
    char byte;
    boost::beast::error_code error;
    socket.read_some(boost::asio::buffer(&byte, 1), error);
    return error == boost::asio::error::eof || error == boost::asio::error::connection_reset;
  }
};

}  // namespace kudzu::testing

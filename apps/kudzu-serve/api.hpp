// kudzu-serve's routes, apart from the network: a request's method, target and body in, a
// response out. The server (server.hpp) reads and writes them; this decides them.
//
//   GET  /              the page (page.html)
//   GET  /api/run       the run's classes, models and embedding picture (run_json)
//   POST /api/predict   one drawing's answer (predict_request.hpp), as kudzu-predict's JSON
//                       for one image with "model" and "seen" (the 28x28 the model was given)
//
// Unknown paths get 404, a known path with another method 405 (with Allow), a bad body 400
// and a drawing without a digit in it 422, each with {"error": "..."}. No file system path
// comes from a request: the page is compiled in.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "served_run.hpp"

namespace kudzu::serve {

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string allow;  // for 405: the methods the path takes
};

// {"error": message} with `status`.
Response error_response(unsigned status, const std::string& message);

class Api {
 public:
  explicit Api(ServedRun run);
  // Thread-safe: each model is evaluated (under NoGrad) by one request at a time, so that
  // concurrent requests get the same answers as sequential ones.
  Response handle(std::string_view method, std::string_view target, std::string_view body) const;

 private:
  Response predict(std::string_view body) const;

  ServedRun run_;
  std::string run_json_;  // GET /api/run, made once
  std::unique_ptr<std::mutex[]> model_locks_;
};

}  // namespace kudzu::serve

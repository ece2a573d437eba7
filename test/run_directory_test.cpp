#define BOOST_TEST_MODULE run_directory
#include "kudzu/run_directory.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

#include "kudzu/error.hpp"
#include "kudzu/files.hpp"
#include "sha256.hpp"
#include "support.hpp"

using namespace kudzu;
using kudzu::testing::contains;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path parent = fs::temp_directory_path() / ("kudzu-run-" + std::to_string(::getpid()));
  fs::path dir = parent / "run";
  Folder() { fs::create_directories(parent); }
  ~Folder() { fs::remove_all(parent); }
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void commit_run(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& files,
                RunWriter::Previous previous = RunWriter::Previous::replaced) {
  RunWriter writer(dir, {"a.txt", "b.txt", "c.txt"});
  for (const auto& [name, text] : files) write_file_atomically(writer.staging() / name, text);
  writer.commit(previous);
}

std::string open_error(const fs::path& dir) {
  try {
    RunDirectory::open(dir);
  } catch (const DataError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(sha256_matches_the_standard_test_vectors) {
  BOOST_TEST(detail::sha256_hex("") ==
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(detail::sha256_hex("abc") ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(detail::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  BOOST_TEST(detail::sha256_hex(std::string(1000000, 'a')) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(a_commit_replaces_the_previous_results_and_keeps_the_users_files) {
  Folder folder;
  commit_run(folder.dir, {{"a.txt", "old a"}, {"c.txt", "old c"}});
  std::ofstream(folder.dir / "notes.txt") << "mine";
  fs::create_directories(folder.dir / "mine");
  std::ofstream(folder.dir / "mine" / "deep.txt") << "deep";
  const std::string old_id = RunDirectory::open(folder.dir).run_id();
  commit_run(folder.dir, {{"a.txt", "new a"}, {"b.txt", "new b"}});
  const RunDirectory run = RunDirectory::open(folder.dir);
  BOOST_TEST(run.names() == (std::vector<std::string>{"a.txt", "b.txt"}));
  BOOST_TEST(run.bytes("a.txt") == "new a");
  BOOST_TEST(!fs::exists(folder.dir / "c.txt"));  // the old run's result is gone
  BOOST_TEST(read_text(folder.dir / "notes.txt") == "mine");
  BOOST_TEST(read_text(folder.dir / "mine" / "deep.txt") == "deep");
  BOOST_TEST(run.run_id() != old_id);
  BOOST_TEST(run.run_id().size() == 32u);
  for (const auto& entry : fs::directory_iterator(folder.parent))  // no lock, no staging
    BOOST_TEST(entry.path() == folder.dir);
}

BOOST_AUTO_TEST_CASE(a_redraw_keeps_the_results_it_does_not_write_and_the_run_id) {
  Folder folder;
  commit_run(folder.dir, {{"a.txt", "a"}, {"b.txt", "b"}});
  const std::string id = RunDirectory::open(folder.dir).run_id();
  commit_run(folder.dir, {{"b.txt", "b redrawn"}}, RunWriter::Previous::kept);
  const RunDirectory run = RunDirectory::open(folder.dir);
  BOOST_TEST(run.run_id() == id);
  BOOST_TEST(run.bytes("a.txt") == "a");
  BOOST_TEST(run.bytes("b.txt") == "b redrawn");
}

BOOST_AUTO_TEST_CASE(a_writer_that_does_not_commit_changes_nothing) {
  Folder folder;
  commit_run(folder.dir, {{"a.txt", "a"}});
  {
    RunWriter writer(folder.dir, {"a.txt"});
    write_file_atomically(writer.staging() / "a.txt", "never committed");
  }
  BOOST_TEST(RunDirectory::open(folder.dir).bytes("a.txt") == "a");
  { RunWriter unused(folder.parent / "new", {}); }
  BOOST_TEST(!fs::exists(folder.parent / "new"));  // made for the run, removed with it
}

BOOST_AUTO_TEST_CASE(a_second_writer_refuses_while_the_first_holds_the_folder) {
  Folder folder;
  RunWriter first(folder.dir, {});
  try {
    RunWriter second(folder.dir, {});
    BOOST_FAIL("the second writer was let in");
  } catch (const Error& error) {
    BOOST_TEST(contains(error.what(), "another run is writing into " + folder.dir.string() +
                                          " (pid " + std::to_string(::getpid()) + ")"),
               error.what());
  }
}

BOOST_AUTO_TEST_CASE(a_damaged_folder_is_one_line_naming_the_file) {
  Folder folder;
  commit_run(folder.dir, {{"a.txt", "aaaa"}, {"b.txt", "bbbb"}});
  const fs::path a = folder.dir / "a.txt";
  BOOST_TEST(open_error(folder.dir).empty());

  std::ofstream(a, std::ios::app) << "x";  // a row appended
  BOOST_TEST(contains(open_error(folder.dir), a.string() + " does not belong to this run (its "
                                                           "size differs from manifest.json's)"));
  std::ofstream(a) << "aaab";  // same size, other bytes (a file swapped in from another run)
  BOOST_TEST(contains(open_error(folder.dir), "(its checksum differs"));
  fs::remove(a);
  BOOST_TEST(
      contains(open_error(folder.dir), a.string() + " is missing, but manifest.json lists it"));
  BOOST_REQUIRE(::mkfifo(a.c_str(), 0600) == 0);  // must not block
  BOOST_TEST(contains(open_error(folder.dir), "is a FIFO"), open_error(folder.dir));
  fs::remove(a);
  fs::create_symlink(folder.dir / "b.txt", a);
  BOOST_TEST(!open_error(folder.dir).empty());
  fs::remove(a);
  std::ofstream(a) << "aaaa";
  BOOST_TEST(open_error(folder.dir).empty());  // mended

  std::ofstream(folder.dir / "manifest.json") << "{\"format\": \"kudzu run manifest\"";
  BOOST_TEST(contains(open_error(folder.dir), "manifest.json: line 1"));
  std::ofstream(folder.dir / "manifest.json")
      << R"({"format": "kudzu run manifest", "version": 1, "run_id": "x", "files": )"
      << R"({"../a.txt": {"size": 4, "sha256": ")" << std::string(64, '0') << R"("}}})";
  BOOST_TEST(contains(open_error(folder.dir), "'../a.txt' is not a plain name"));
  // Members of the wrong type are DataErrors too, not the JSON library's type errors.
  std::ofstream(folder.dir / "manifest.json")
      << R"({"format": "kudzu run manifest", "version": "x", "files": {}})";
  BOOST_TEST(contains(open_error(folder.dir), "manifest.json: version \"x\", where"));
  std::ofstream(folder.dir / "manifest.json") << R"({"format": 7, "version": 1})";
  BOOST_TEST(contains(open_error(folder.dir), "manifest.json: no \"format\""));
  fs::remove(folder.dir / "manifest.json");
  BOOST_TEST(contains(open_error(folder.dir), "has no manifest.json"));
}

#include "kudzu/run_directory.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "kudzu/error.hpp"
#include "kudzu/files.hpp"
#include "kudzu/json.hpp"
#include "regular_file.hpp"
#include "sha256.hpp"

namespace kudzu {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view manifest_format = "kudzu run manifest";
constexpr int manifest_version = 1;

std::string system_error_text(int error) { return std::strerror(error); }

// "runs/latest" -> "runs/.latest.<what>", beside the folder so on its file system.
fs::path sibling(const fs::path& dir, const std::string& what) {
  std::string name = ".";  // appended, not "." + ...: g++ 12 warns wrongly on that (bug 105329)
  name.append(dir.filename().string()).append(".").append(what);
  return dir.parent_path() / name;
}

std::string random_hex(int bytes) {
  std::random_device device;
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  for (int i = 0; i < bytes; ++i) {
    const unsigned value = device() & 0xff;
    hex += digits[value >> 4];
    hex += digits[value & 0xf];
  }
  return hex;
}

// A manifest's file names are plain names in the folder: never a path elsewhere.
bool plain_file_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

struct Manifest {
  std::string run_id;
  std::map<std::string, std::pair<std::uintmax_t, std::string>, std::less<>> files;  // size, sha
};

Manifest parse_manifest(std::string_view text, const std::string& shown_name) {
  const nlohmann::ordered_json json = parse_json(text, shown_name);
  const auto bad = [&](const std::string& what) {
    return DataError(shown_name + ": " + what + " (is it a kudzu run manifest?)");
  };
  // Each member's type is checked before it is read: json.value() of a member of another
  // type throws nlohmann's type_error, not a DataError (found by the json fuzz target).
  const auto member = [&](const char* key) {
    return json.is_object() && json.contains(key) ? json[key] : nlohmann::ordered_json();
  };
  const nlohmann::ordered_json format = member("format"), version = member("version");
  if (!format.is_string() || format.get<std::string>() != manifest_format)
    throw bad("no \"format\": \"" + std::string(manifest_format) + "\"");
  if (!version.is_number_integer() || version.get<std::int64_t>() != manifest_version)
    throw bad("version " + version.dump() + ", where this build reads version " +
              std::to_string(manifest_version));
  Manifest manifest;
  if (!json.contains("run_id") || !json["run_id"].is_string()) throw bad("no \"run_id\"");
  manifest.run_id = json["run_id"].get<std::string>();
  if (!json.contains("files") || !json["files"].is_object()) throw bad("no \"files\" object");
  for (const auto& [name, entry] : json["files"].items()) {
    if (!plain_file_name(name) || name == run_manifest_name)
      throw bad("the file name '" + name + "' is not a plain name in the folder");
    if (!entry.is_object() || !entry.contains("size") || !entry["size"].is_number_unsigned() ||
        !entry.contains("sha256") || !entry["sha256"].is_string() ||
        entry["sha256"].get<std::string>().size() != 64)
      throw bad("the entry of " + name + " has no \"size\" and \"sha256\"");
    manifest.files[name] = {entry["size"].get<std::uintmax_t>(),
                            entry["sha256"].get<std::string>()};
  }
  return manifest;
}

std::string manifest_text(const Manifest& manifest) {
  nlohmann::ordered_json files = nlohmann::ordered_json::object();
  for (const auto& [name, entry] : manifest.files)
    files[name] = {{"size", entry.first}, {"sha256", entry.second}};
  return nlohmann::ordered_json{{"format", manifest_format},
                                {"version", manifest_version},
                                {"run_id", manifest.run_id},
                                {"files", files}}
             .dump(2) +
         "\n";
}

// The manifest of the run in `dir`, or none when it has none that reads.
std::optional<Manifest> previous_manifest(const fs::path& dir) {
  try {
    const fs::path path = dir / run_manifest_name;
    return parse_manifest(read_regular_file(path, 1 << 20), path.string());
  } catch (const DataError&) {
    return std::nullopt;
  }
}

// Flushes a file or folder to the disk, so that the swap that follows is not reordered before
// the data by a crash of the machine (a killed process needs no such care).
void sync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
  if (fd < 0) throw Error("cannot open " + path.string() + ": " + system_error_text(errno));
  const int result = ::fsync(fd), error = errno;
  ::close(fd);
  if (result != 0) throw Error("cannot flush " + path.string() + ": " + system_error_text(error));
}

// The lock file holds the writer's pid, for the message of a writer it refuses. Its holder
// removes it when done; a writer that locked a file removed meanwhile (its inode is no longer
// the one at the path) tries again, so two writers never hold two different files.
int lock_folder(const fs::path& dir) {
  const fs::path lock_path = sibling(dir, "lock");
  for (;;) {
    const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      throw Error("cannot use " + dir.string() + ": cannot create its lock " + lock_path.string() +
                  ": " + system_error_text(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      char pid[32] = {};
      const ssize_t count = ::pread(fd, pid, sizeof pid - 1, 0);
      ::close(fd);
      if (error != EWOULDBLOCK)
        throw Error("cannot lock " + lock_path.string() + ": " + system_error_text(error));
      throw Error("another run is writing into " + dir.string() + " (pid " +
                  (count > 0 ? std::string(pid, static_cast<std::size_t>(count)) : "unknown") +
                  "); wait for it to end, or choose another folder");
    }
    struct stat locked {
    }, at_path{};
    if (::fstat(fd, &locked) == 0 && ::stat(lock_path.c_str(), &at_path) == 0 &&
        locked.st_ino == at_path.st_ino && locked.st_dev == at_path.st_dev) {
      const std::string pid = std::to_string(::getpid());
      const bool noted =
          ::ftruncate(fd, 0) == 0 && ::pwrite(fd, pid.data(), pid.size(), 0) == ssize_t(pid.size());
      (void)noted;  // without it a refused writer's message only lacks the pid
      return fd;
    }
    ::close(fd);
  }
}

// Staging folders are .<name>.staging-<pid>-<random>; only the lock's holder makes them, so
// while it holds the lock every other one is left by a run that was killed.
void remove_stale_staging(const fs::path& dir) {
  const std::string prefix = sibling(dir, "staging-").filename().string();
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir.parent_path(), error))
    if (entry.path().filename().string().starts_with(prefix)) {
      std::error_code ignored;
      fs::remove_all(entry.path(), ignored);
    }
}

// Swaps the two folders in one step, or (on a file system without RENAME_EXCHANGE) in two,
// between which `dir` is briefly absent but never mixed.
void swap_folders(const fs::path& staging, const fs::path& dir) {
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) == 0) return;
  const int error = errno;
  const auto fail = [&](int cause) {
    throw Error("cannot commit the run into " + dir.string() + ": " + system_error_text(cause));
  };
  if (error != EINVAL && error != ENOSYS) fail(error);
  const fs::path old = sibling(dir, "staging-old-" + random_hex(4));
  if (::rename(dir.c_str(), old.c_str()) != 0) fail(errno);
  if (::rename(staging.c_str(), dir.c_str()) != 0) {
    const int cause = errno;
    ::rename(old.c_str(), dir.c_str());  // put the previous run back
    fail(cause);
  }
  if (::rename(old.c_str(), staging.c_str()) != 0) fail(errno);
}

}  // namespace

RunWriter::RunWriter(fs::path dir, std::vector<std::string> result_names)
    : dir_(fs::absolute(std::move(dir)).lexically_normal()),
      result_names_(std::move(result_names)) {
  if (!dir_.has_filename()) dir_ = dir_.parent_path();  // "runs/latest/" names runs/latest
  if (dir_ == dir_.root_path())
    throw Error("cannot use " + dir_.string() + " as a run folder: it has no parent to stage in");
  std::error_code error;
  fs::create_directories(dir_, error);
  if (error || !fs::is_directory(dir_))
    throw Error("cannot use output folder " + dir_.string() + ": " +
                (error ? error.message() : "it is not a folder"));
  lock_fd_ = lock_folder(dir_);
  remove_stale_staging(dir_);
  staging_ = sibling(dir_, "staging-" + std::to_string(::getpid()) + "-" + random_hex(4));
  if (!fs::create_directory(staging_, error)) {
    ::close(lock_fd_);
    throw Error("cannot create the staging folder " + staging_.string() + ": " +
                (error ? error.message() : "it exists already"));
  }
}

RunWriter::~RunWriter() {
  std::error_code ignored;  // nothing useful to report from a destructor
  fs::remove_all(staging_, ignored);
  if (!committed_ && fs::is_empty(dir_, ignored)) fs::remove(dir_, ignored);  // made for nothing
  ::unlink(sibling(dir_, "lock").c_str());  // while still held: see lock_folder
  ::close(lock_fd_);                        // last: until now no other writer may start
}

std::vector<std::string> RunWriter::commit(Previous previous) {
  const auto fail = [&](const std::string& step, const std::string& why) {
    throw Error("cannot commit the run into " + dir_.string() + ": " + step + ": " + why);
  };
  Manifest manifest;
  std::vector<std::string> written;
  for (const fs::directory_entry& entry : fs::directory_iterator(staging_))
    written.push_back(entry.path().filename().string());
  std::sort(written.begin(), written.end());

  const std::optional<Manifest> before = previous_manifest(dir_);
  std::set<std::string, std::less<>> previous_results(result_names_.begin(), result_names_.end());
  if (before)
    for (const auto& [name, entry] : before->files) previous_results.insert(name);
  manifest.run_id = previous == Previous::kept && before ? before->run_id : random_hex(16);

  // What stays of the folder: the user's files, and with Previous::kept the results not
  // redrawn. Hard links: the originals stay where they are until the swap.
  std::vector<std::string> results = written;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    const bool result = previous_results.contains(name);
    if (name == run_manifest_name || std::binary_search(written.begin(), written.end(), name) ||
        (result && previous == Previous::replaced))
      continue;
    std::error_code error;
    fs::copy(entry.path(), staging_ / name,
             fs::copy_options::recursive | fs::copy_options::create_hard_links |
                 fs::copy_options::copy_symlinks,
             error);
    if (error) fail("keeping " + name, error.message());
    if (result) results.push_back(name);
  }
  for (const std::string& name : results) {
    if (!fs::is_regular_file(fs::symlink_status(staging_ / name)))
      fail(name, "a result must be a regular file");
    const std::string bytes = read_regular_file(staging_ / name);
    manifest.files[name] = {bytes.size(), detail::sha256_hex(bytes)};
    sync_path(staging_ / name, 0);
  }
  write_file_atomically(staging_ / run_manifest_name, manifest_text(manifest));
  sync_path(staging_ / run_manifest_name, 0);
  sync_path(staging_, O_DIRECTORY);

  swap_folders(staging_, dir_);  // the commit point
  committed_ = true;
  sync_path(dir_.parent_path(), O_DIRECTORY);
  std::error_code ignored;  // the previous run, now in the staging folder's place
  fs::remove_all(staging_, ignored);
  return written;
}

RunDirectory RunDirectory::open(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    throw DataError(dir.string() + ": cannot open the run folder: " + system_error_text(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  const std::string manifest_path = (dir / run_manifest_name).string();
  if (::faccessat(fd, run_manifest_name.data(), F_OK, AT_SYMLINK_NOFOLLOW) != 0)
    throw DataError(dir.string() + " has no " + std::string(run_manifest_name) +
                    ": it is not a run folder, or one written before runs had a manifest; "
                    "make the run again");
  const Manifest manifest = parse_manifest(
      detail::read_regular_file_at(fd, run_manifest_name, manifest_path, 1 << 20, O_NOFOLLOW),
      manifest_path);
  RunDirectory run;
  run.dir_ = dir;
  run.run_id_ = manifest.run_id;
  for (const auto& [name, entry] : manifest.files) {
    const auto& [size, sha256] = entry;
    const std::string shown = (dir / name).string();
    struct stat status {};
    if (::fstatat(fd, name.c_str(), &status, AT_SYMLINK_NOFOLLOW) != 0)
      throw DataError(shown + " is missing, but " + std::string(run_manifest_name) + " lists it");
    const auto differs = [&](const char* what) {
      return DataError(shown + " does not belong to this run (its " + what + " differs from " +
                       std::string(run_manifest_name) + "'s)");
    };
    // A size that differs is found before anything is read, and bounds the read otherwise.
    if (S_ISREG(status.st_mode) && static_cast<std::uintmax_t>(status.st_size) != size)
      throw differs("size");
    std::string bytes = detail::read_regular_file_at(fd, name, shown, size, O_NOFOLLOW);
    if (bytes.size() != size) throw differs("size");
    if (detail::sha256_hex(bytes) != sha256) throw differs("checksum");
    run.files_.emplace(name, std::move(bytes));
  }
  return run;
}

bool RunDirectory::has(std::string_view name) const { return files_.find(name) != files_.end(); }

std::string_view RunDirectory::bytes(std::string_view name) const {
  const auto found = files_.find(name);
  if (found == files_.end())
    throw DataError((dir_ / name).string() + ": not part of this run (" +
                    std::string(run_manifest_name) + " does not list it)");
  return found->second;
}

std::vector<std::string> RunDirectory::names() const {
  std::vector<std::string> names;
  for (const auto& [name, bytes] : files_) names.push_back(name);
  return names;
}

}  // namespace kudzu

// Run directories: a folder of results that is always one run's complete set, and readers
// that check a folder is one before they use it.
//
//   RunWriter writer("runs/latest", {"metrics.csv", "nn.kudzu", "loss.png"});
//   write_file_atomically(writer.staging() / "metrics.csv", csv);   // ... every result
//   writer.commit();                        // the folder now holds this run, whole
//
//   RunDirectory run = RunDirectory::open("runs/latest");   // checks every file first
//   std::string_view csv = run.bytes("metrics.csv");
//
// How a commit is atomic: the results are written into a staging folder beside the run
// folder (same parent, so the same file system), with a manifest.json that lists each file's
// size and SHA-256 and a new run id; files of the user's that are not results are hard-linked
// across; then one renameat2(RENAME_EXCHANGE) swaps the two folders, and the old one is
// deleted. Whatever kills the process, at every instant the folder holds the old run or the
// new one. A writer holds an exclusive lock (flock on .<name>.lock beside the folder, removed
// when it ends) from its construction to its end: a second writer into the same folder refuses at once, and the
// lock's holder removes the staging folders that killed runs left behind.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kudzu {

// The file a run directory's manifest is written to.
inline constexpr std::string_view run_manifest_name = "manifest.json";

class RunWriter {
 public:
  // Locks `dir` (created, with its parents, if missing) for this writer and prepares an empty
  // staging folder. `result_names` are the files this kind of run may write: the previous
  // run's results that the manifest does not list (a run older than manifests) are known by
  // them. Error naming the folder when it cannot be used, and "another run is writing into
  // DIR (pid N)" when another writer holds it; both before any work is done.
  RunWriter(std::filesystem::path dir, std::vector<std::string> result_names);
  ~RunWriter();  // removes the staging folder unless committed, releases the lock
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  // Where the results go: a file written as staging() / name lands at dir() / name.
  const std::filesystem::path& staging() const { return staging_; }

  // What becomes of the previous run's results that this run does not write again.
  enum class Previous {
    replaced,  // dropped: the folder holds this run's results only (a new run)
    kept,      // kept, under the same run id (a redraw of some of its files)
  };
  // Writes the manifest and swaps the staging folder in (see above); files of the user's
  // (neither results nor the manifest) are kept. Returns the names of the files this writer
  // staged, sorted. Error naming the folder and the failed step; the folder is then unchanged.
  std::vector<std::string> commit(Previous previous = Previous::replaced);

 private:
  std::filesystem::path dir_, staging_;
  std::vector<std::string> result_names_;
  int lock_fd_ = -1;
  bool committed_ = false;
};

// A run directory whose every file was checked against its manifest when it was opened.
class RunDirectory {
 public:
  // Reads manifest.json and every file it lists (regular files only, each no larger than its
  // listed size) and compares sizes and SHA-256 digests. DataError with one line naming the
  // file: "nn.kudzu does not belong to this run (its checksum differs from manifest.json's)",
  // "... is missing", or, for a folder without a manifest, that it was written before runs
  // had one and must be made again.
  static RunDirectory open(const std::filesystem::path& dir);

  const std::filesystem::path& dir() const { return dir_; }
  const std::string& run_id() const { return run_id_; }
  bool has(std::string_view name) const;
  // The checked content of a listed file; DataError naming it when the manifest lists none.
  std::string_view bytes(std::string_view name) const;
  // The names the manifest lists, sorted.
  std::vector<std::string> names() const;

 private:
  std::filesystem::path dir_;
  std::string run_id_;
  std::map<std::string, std::string, std::less<>> files_;
};

}  // namespace kudzu

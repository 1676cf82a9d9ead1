#include "distributed/mpi_process_group.h"

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include <mpi.h>

namespace apq {
namespace {

class MpiProcessGroup final : public ProcessGroup {
 public:
  MpiProcessGroup() {
    if (MPI_Init(nullptr, nullptr) != MPI_SUCCESS) throw std::runtime_error("MPI_Init failed");
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiProcessGroup() override { MPI_Finalize(); }
  MpiProcessGroup(const MpiProcessGroup&) = delete;
  MpiProcessGroup& operator=(const MpiProcessGroup&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void barrier() override { MPI_Barrier(MPI_COMM_WORLD); }
  bool all(bool ok) override {
    int mine = ok ? 1 : 0, every = 0;
    MPI_Allreduce(&mine, &every, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    return every != 0;
  }
  long long sum(long long value) override {
    long long total = 0;
    MPI_Allreduce(&value, &total, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    return total;
  }
  std::vector<std::string> gather(const std::string& mine) override {
    const int length = static_cast<int>(mine.size());
    std::vector<int> lengths(rank_ == 0 ? size_ : 0), offsets(lengths.size());
    MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::string all;
    if (rank_ == 0) {
      int offset = 0;
      for (int r = 0; r < size_; ++r) {
        offsets[r] = offset;
        offset += lengths[r];
      }
      all.resize(offset);
    }
    MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0,
                MPI_COMM_WORLD);
    std::vector<std::string> texts;
    for (int r = 0; r < static_cast<int>(lengths.size()); ++r) texts.push_back(all.substr(offsets[r], lengths[r]));
    return texts;
  }

 private:
  int rank_ = 0;
  int size_ = 1;
};

// Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; other launchers (MPICH's hydra, Slurm's srun
// with PMI) set PMI_SIZE.
bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr;
}

}  // namespace

std::unique_ptr<ProcessGroup> launch_process_group() {
  if (!launched_by_mpirun()) return std::make_unique<SingleProcess>();
  return std::make_unique<MpiProcessGroup>();
}

}  // namespace apq

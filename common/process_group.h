#pragma once
#include <string>
#include <vector>

namespace apq {

// The processes that share one job: `size` ranks, this one `rank` (0-based). The work that is
// split over them (a LUT build, a sweep) sees only this interface, so it runs the same under
// mpirun (mpi_process_group.h) and alone (SingleProcess).
class ProcessGroup {
 public:
  virtual ~ProcessGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Waits until every rank has called it.
  virtual void barrier() = 0;
  // On every rank: whether every rank passed true.
  virtual bool all(bool ok) = 0;
  // On every rank: the sum over the ranks.
  virtual long long sum(long long value) = 0;
  // On rank 0: every rank's text, in rank order; on the others: nothing.
  virtual std::vector<std::string> gather(const std::string& mine) = 0;
};

class SingleProcess final : public ProcessGroup {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void barrier() override {}
  bool all(bool ok) override { return ok; }
  long long sum(long long value) override { return value; }
  std::vector<std::string> gather(const std::string& mine) override { return {mine}; }
};

}  // namespace apq

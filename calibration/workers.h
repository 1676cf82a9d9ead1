#pragma once
#include <cstddef>
#include <functional>
#include <string>

namespace apq::calibration {

// Runs `evaluate(i)` for i in [0, count) in `jobs` forked worker processes and hands each
// result to `on_result(i, text)` in the parent, in completion order. Worker w takes i with
// i % jobs == w. Fork happens before the caller's first simulation, so each worker elaborates
// its own SystemC kernel (one per process) and the parent none.
//
// `evaluate` returns one line of text (no newline) that the parent receives unchanged. If it
// throws, the worker reports the message and stops; the parent then stops the other workers and
// throws apq::InputError (for an InputError) or std::runtime_error with that message. A worker
// that dies (a signal, an exit, a crash) makes the parent stop the others and throw
// std::runtime_error naming the worker, its pid, how it died and how far it got. Workers die
// with the parent (PR_SET_PDEATHSIG), so a killed build leaves no orphans.
void run_workers(std::size_t count, int jobs, const std::function<std::string(std::size_t)>& evaluate,
                 const std::function<void(std::size_t, const std::string&)>& on_result);

}  // namespace apq::calibration

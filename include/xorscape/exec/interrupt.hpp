#pragma once
// SIGINT/SIGTERM set a flag instead of killing the process, so that a run can finish the tasks
// it is writing, close its HDF5 file cleanly and leave a resumable `.partial` behind.
namespace xorscape::exec {

void install_interrupt_handler();
bool interrupted();
int interrupt_signal();  // the signal received, 0 if none

}  // namespace xorscape::exec

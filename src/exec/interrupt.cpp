#include "xorscape/exec/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace xorscape::exec {
namespace {
std::atomic<int> g_signal{0};
extern "C" void on_signal(int sig) {
  g_signal.store(sig);
}
}  // namespace

void install_interrupt_handler() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}
bool interrupted() {
  return g_signal.load(std::memory_order_relaxed) != 0;
}
int interrupt_signal() {
  return g_signal.load();
}

}  // namespace xorscape::exec

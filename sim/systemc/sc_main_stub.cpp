// Debian's libsystemc refers to sc_main, which apq never calls: its programs have their own main
// and drive the kernel with sc_start (systemc/kernel.h). Compiled into every program that links
// apq_sim (an interface source: from a static library the linker would pull it in only when
// something else of its object were used). Weak, so that a program with a real sc_main keeps
// its own; C linkage, as SystemC declares it.
extern "C" __attribute__((weak)) int sc_main(int, char**) { return 1; }

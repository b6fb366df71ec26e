// Preloaded into `hearth` under valgrind by bench/callgrind.sh.
//
// libdispatch's dispatch_main (which Swift's async main ends in) leaves the main thread through
// pthread_exit and parks it in a TSD destructor; valgrind 3.19 crashes on the next thread created
// after that ("VALGRIND INTERNAL ERROR: signal 11"). This dispatch_main serves the main queue the way
// a run loop does instead (its eventfd, then the drain callback), so the program runs unchanged.
#include <poll.h>
#include <stdint.h>
#include <unistd.h>

int _dispatch_get_main_queue_handle_4CF(void);
void _dispatch_main_queue_callback_4CF(void *message);

void dispatch_main(void) {
    int handle = _dispatch_get_main_queue_handle_4CF();
    for (;;) {
        struct pollfd ready = {handle, POLLIN, 0};
        if (poll(&ready, 1, -1) > 0) {
            uint64_t wakeups;
            (void)read(handle, &wakeups, sizeof wakeups);
            _dispatch_main_queue_callback_4CF(0);
        }
    }
}

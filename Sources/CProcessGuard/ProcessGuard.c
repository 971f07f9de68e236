// The process guard: one small supervisor per user command (a build, a test run, QEMU), so
// that no descendant of the command outlives it or Culprit.
//
// The guard is the same executable as Culprit (or the test runner): a start-up hook runs
// before any Swift code when CULPRIT_PROCESS_GUARD is set, so there is nothing to install
// beside the `culprit` binary. The guard is single-threaded C and never returns to `main`.
//
// Why a guard and not only a process group: a command can leave its group (`setsid`, a
// daemon's double fork), and after `kill -9` of Culprit nobody would be left to kill the
// group. The guard is a child subreaper (PR_SET_CHILD_SUBREAPER), so every orphaned
// descendant is re-parented to it whatever its session or group; it sees Culprit go (its
// parent changes) and then ends the tree it holds.

#define _GNU_SOURCE
#include "ProcessGuard.h"

#if defined(__linux__)

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/// How often the guard checks that its parent is still alive, in milliseconds.
static const long parent_poll_milliseconds = 100;

/// Reaps every child that has ended; records the status of `main_child` when it is one of them.
static void reap(pid_t main_child, int *main_status, int *main_done) {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid == main_child) {
            *main_status = status;
            *main_done = 1;
        }
    }
}

/// Whether any child (live or not yet reaped) is left; reaps nothing.
static int has_children(void) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    return !(waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) < 0 && errno == ECHILD);
}

/// Reads the parent pid of `pid` from /proc/PID/stat; -1 when it is gone.
static pid_t parent_of(pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f) return -1;
    char buffer[1024];
    size_t n = fread(buffer, 1, sizeof buffer - 1, f);
    fclose(f);
    buffer[n] = 0;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses; the last ')' ends it.
    char *close = strrchr(buffer, ')');
    if (!close) return -1;
    char state;
    int ppid;
    if (sscanf(close + 1, " %c %d", &state, &ppid) != 2) return -1;
    return (pid_t)ppid;
}

/// Sends `signal` to every live descendant of this process; returns how many there were.
static int signal_descendants(int signal) {
    DIR *dir = opendir("/proc");
    if (!dir) return 0;
    size_t capacity = 256, count = 0;
    pid_t *pids = malloc(capacity * sizeof *pids);
    pid_t *parents = malloc(capacity * sizeof *parents);
    struct dirent *entry;
    while (pids && parents && (entry = readdir(dir))) {
        char *end;
        long pid = strtol(entry->d_name, &end, 10);
        if (*end != 0 || pid <= 0) continue;
        pid_t parent = parent_of((pid_t)pid);
        if (parent < 0) continue;
        if (count == capacity) {
            capacity *= 2;
            pid_t *p = realloc(pids, capacity * sizeof *pids);
            if (p) pids = p;
            pid_t *q = realloc(parents, capacity * sizeof *parents);
            if (q) parents = q;
            if (!p || !q) break;
        }
        pids[count] = (pid_t)pid;
        parents[count] = parent;
        count++;
    }
    closedir(dir);
    int found = 0;
    if (pids && parents) {
        // Descendants: mark the children of marked processes until nothing changes.
        char *marked = calloc(count ? count : 1, 1);
        pid_t self = getpid();
        int changed = 1;
        while (marked && changed) {
            changed = 0;
            for (size_t i = 0; i < count; i++) {
                if (marked[i]) continue;
                int below = parents[i] == self;
                for (size_t j = 0; !below && j < count; j++) below = marked[j] && pids[j] == parents[i];
                if (below) marked[i] = changed = 1;
            }
        }
        for (size_t i = 0; marked && i < count; i++) {
            if (marked[i] && kill(pids[i], signal) == 0) found++;
        }
        free(marked);
    }
    free(pids);
    free(parents);
    return found;
}

static long elapsed_milliseconds(const struct timespec *since) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/// Ends every descendant: SIGTERM, up to `grace` milliseconds for them to go, then SIGKILL
/// until no child is left to reap.
static void end_descendants(const sigset_t *waited, long grace, pid_t main_child, int *main_status, int *main_done) {
    struct timespec started;
    clock_gettime(CLOCK_MONOTONIC, &started);
    if (signal_descendants(SIGTERM) > 0) {
        while (elapsed_milliseconds(&started) < grace) {
            struct timespec tick = {0, 10 * 1000000L};
            siginfo_t info;
            sigtimedwait(waited, &info, &tick);
            reap(main_child, main_status, main_done);
            if (!has_children()) return;
        }
    }
    for (;;) {
        signal_descendants(SIGKILL);
        reap(main_child, main_status, main_done);
        if (!has_children()) return;
        struct timespec tick = {0, 5 * 1000000L};
        nanosleep(&tick, NULL);
    }
}

/// Ends this process with `signal` (as the child ended), or with 128+signal if it cannot.
static int die_by(int signal) {
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigaction(signal, &action, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signal);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    kill(getpid(), signal);
    return 128 + signal;
}

int culprit_process_guard_main(char *const argv[], int grace_milliseconds, long limit_milliseconds) {
    if (!argv[0]) return 127;
    pid_t parent = getppid();
    struct timespec started;
    clock_gettime(CLOCK_MONOTONIC, &started);
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

    sigset_t waited, previous;
    sigemptyset(&waited);
    int stops[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) sigaddset(&waited, stops[i]);
    sigaddset(&waited, SIGCHLD);
    sigprocmask(SIG_BLOCK, &waited, &previous);

    pid_t child = fork();
    if (child < 0) {
        dprintf(2, "culprit: cannot start %s: %s\n", argv[0], strerror(errno));
        return 126;
    }
    if (child == 0) {
        sigprocmask(SIG_SETMASK, &previous, NULL);
        execvp(argv[0], argv);
        int failure = errno;
        dprintf(2, "culprit: cannot run %s: %s\n", argv[0], strerror(failure));
        _exit(failure == ENOENT ? 127 : 126);
    }

    int main_status = 0, main_done = 0, stop = 0;
    while (!main_done && !stop) {
        long wait = parent_poll_milliseconds;
        if (limit_milliseconds > 0) {
            long left = limit_milliseconds - elapsed_milliseconds(&started);
            if (left <= 0) {
                stop = SIGALRM;  // The time limit: enforced here, however busy Culprit is.
                break;
            }
            if (left < wait) wait = left;
        }
        struct timespec tick = {wait / 1000, (wait % 1000) * 1000000L};
        siginfo_t info;
        int received = sigtimedwait(&waited, &info, &tick);
        if (received > 0 && received != SIGCHLD) stop = received;
        reap(child, &main_status, &main_done);
        if (getppid() != parent) stop = SIGKILL;  // Culprit is gone: nobody wants the result.
    }
    end_descendants(&waited, grace_milliseconds, child, &main_status, &main_done);
    if (stop) return die_by(stop == SIGKILL ? SIGTERM : stop);
    if (WIFEXITED(main_status)) return WEXITSTATUS(main_status);
    if (WIFSIGNALED(main_status)) return die_by(WTERMSIG(main_status));
    return 126;
}

/// The start-up hook: becomes the guard when CULPRIT_PROCESS_GUARD is set ("GRACE" or
/// "GRACE,LIMIT", both in milliseconds). glibc passes (argc, argv, envp) to constructors.
__attribute__((constructor)) static void culprit_process_guard_start(int argc, char **argv, char **envp) {
    (void)envp;
    const char *value = getenv(CULPRIT_PROCESS_GUARD_VARIABLE);
    if (!value || argc < 2) return;
    char *end;
    long grace = strtol(value, &end, 10);
    long limit = *end == ',' ? strtol(end + 1, NULL, 10) : 0;
    if (grace < 0) grace = 0;
    if (grace > 3600 * 1000L) grace = 3600 * 1000L;
    if (limit < 0) limit = 0;
    unsetenv(CULPRIT_PROCESS_GUARD_VARIABLE);
    fflush(NULL);
    _exit(culprit_process_guard_main(argv + 1, (int)grace, limit));
}

#endif

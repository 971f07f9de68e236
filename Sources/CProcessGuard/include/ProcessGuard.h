#ifndef CULPRIT_PROCESS_GUARD_H
#define CULPRIT_PROCESS_GUARD_H

/// The environment variable that turns a process linking this target into a guard: when it is
/// set at start-up (to "GRACE" or "GRACE,LIMIT", in milliseconds), the process does not run
/// its own `main`; it runs `argv[1...]` as its only child, keeps every descendant of that child
/// (it is a child subreaper, so even a `setsid` double fork comes back to it), and ends the
/// whole tree (SIGTERM, then SIGKILL after the grace period) when the child exits, when it is
/// told to stop (SIGTERM, SIGINT, SIGHUP), when its parent (Culprit) is gone, even after
/// `kill -9`, or when LIMIT has passed since it started. It exits as its child did, or by
/// SIGALRM when the time limit ended the command.
#define CULPRIT_PROCESS_GUARD_VARIABLE "CULPRIT_PROCESS_GUARD"

/// Runs the guard over `argv[0...]` (a program looked up on PATH and its arguments) and
/// returns the status to exit with; exposed for the start-up hook, not to be called by Swift.
int culprit_process_guard_main(char *const argv[], int grace_milliseconds, long limit_milliseconds);

#endif

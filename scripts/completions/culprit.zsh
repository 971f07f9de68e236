#compdef culprit

__culprit_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__culprit_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __culprit_complete "${completions[@]:0:-1}"
    fi
}

__culprit_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_culprit() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'bisect:Bisect a repository: find the commit that introduced or fixed a crash.'
            'demo:Bisect a generated C project with a planted use-after-free, end to end.'
            'simulate:Measure accuracy and cost of the strategies on synthetic histories.'
            'report:Parse console logs into crash reports; check the parser against a corpus.'
            'recipients:List who to notify about a commit (trailers and MAINTAINERS).'
            'bench:Print performance figures (crash parser, git operations, job queue).'
            'jobs:List the bisection jobs on this machine, with their state, outcome and disk use.'
            'clean:Remove one finished or stopped job'\''s work tree, build trees and run logs.'
            'serve:Run Culprit as a service: HTTP API, web dashboard, job queue, and (with --workers) workers.'
            'worker:Run queued jobs from the job store (the same engine as `culprit bisect`).'
            'submit:Submit a job file to `culprit serve`; prints the job'\''s id and URL.'
            'token:Manage the access tokens of `culprit serve`.'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        bisect|demo|simulate|report|recipients|bench|jobs|clean|serve|worker|submit|token|help)
            "_culprit_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_culprit_bisect() {
    local -i ret=1
    local -ar arg_specs=(
        '--job[Read the settings from a YAML job file; options given on the command line override it.]:file.yml:'
        '--repo[The git repository to bisect.]:dir:'
        '--bad[A revision where the crash happens.]:rev:'
        '--good[A revision without the crash. Without it, release tags (vX.Y) are tested back from --bad until one is clean.]:rev:'
        '--fix[Find the commit that fixed the crash (--bad\: still crashes, --good\: fixed) instead of the one that introduced it.]'
        '--build[Shell command that builds the checked-out revision; exit status 0 means built.]:cmd:'
        '--test[Shell command that runs the reproducer once.]:cmd:'
        '*--artifact[A file the build produces (relative to the worktree), hashed to flag culprits whose build equals their parent'\''s. Repeatable.]:file:'
        '--runs[Base number of test runs per revision (the engine adds runs where they pay). Default\: 8.]:n:'
        '--jobs[Test runs at the same time. Default\: the number of processors.]:n:'
        '--timeout[Seconds one test run may take before it counts as timed out.]:seconds:'
        '--build-timeout[Seconds one build may take before it counts as failed.]:seconds:'
        '--confidence[Stop when the best candidate is the culprit with this probability. Default\: 0.95.]:x:'
        '--max-builds[Stop after this many builds. Default\: no limit.]:n:'
        '--max-runs[Stop after this many test runs. Default\: no limit.]:n:'
        '--strategy[bayes (default)\: flaky-aware posterior; syzkaller\: today'\''s syzkaller rule (git-bisect midpoints, 10 or 20 runs, bad on enough crashes, good on enough clean runs); syzbot-2019 (or syzbot)\: git-bisect midpoints, 10 runs, any crash is bad.]:name:'
        '--bug[A bug directory (kernel.config, repro.c or repro.syz, commit, compiler, title)\: bisect it on a kernel repository.]:dir:'
        '--syzkaller[syzkaller'\''s binaries (syz-execprog, syz-executor, or bin/linux_amd64 of a build) for a syzkaller reproducer.]:dir:'
        '--minimize-config[Kernel jobs with a full config\: first reduce it to a small config (minimize-base + minimize-fragments and the settings the crash needs) that still reproduces the crash on --bad, then bisect with that.]'
        '--plan[Kernel jobs\: print the releases the walk would test with each one'\''s compiler and build fixes, and where it stops; build nothing.]'
        '--spec[Print the job'\''s spec (JSON, as the service stores a job) from the options and the job file, then exit; run nothing.]'
        '--report[Save the email-ready report (printed at the end) to this file.]:file:'
        '--report-template[A Mustache template for the report instead of the built-in one (see the README for its keys).]:file:'
        '--reported-by[Credit the reporter with a '\''Reported-by\: VALUE'\'' trailer in the report, e.g. "Ada <ada@example.com>".]:value:'
        '--json[Write the result as JSON to this file.]:file:'
        '--html[When the job ends, write its page (result, timeline, posterior chart, log, crash, recipients) as one self-contained HTML file here.]:file:'
        '--state[Directory where results are saved as they are made. Default\: under the repository'\''s git directory.]:dir:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_demo() {
    local -i ret=1
    local -ar arg_specs=(
        '--dir[Create the project here (a new or empty directory) and keep it. Default\: a temporary directory, removed at the end.]:dir:'
        '--seed[Seed of the generated history; the same seed gives the same repository.]:n:'
        '--jobs[Test runs at the same time.]:n:'
        '--runs[Base number of test runs per revision. Default\: 16.]:n:'
        '--confidence[Target probability for the answer. Default\: 0.95.]:x:'
        '--strategy[bayes (default), or syzkaller or syzbot-2019 to compare.]:name:'
        '--json[Write the result as JSON to this file.]:file:'
        '--html[When the job ends, write its page (result, timeline, posterior chart, log, crash, recipients) as one self-contained HTML file here.]:file:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_simulate() {
    local -i ret=1
    local -ar ___effects=('none' 'title-drift' 'title-drift-unshared' 'repro-drift' 'second-bug')
    local -ar arg_specs=(
        '--count[Histories per class (shape x p x unrelated-crash rate).]:count:'
        '--commits[Commits per history.]:commits:'
        '--seed[Random seed (same seed, same figures).]:seed:'
        '--confidence[Target confidence of the default strategy.]:confidence:'
        '--runs[Base runs per revision of the default strategy.]:runs:'
        '--build-cost[Cost of one build in reproducer runs, for the default strategy'\''s choices.]:build-cost:'
        '--crash-probabilities[Reproducer crash probabilities on buggy revisions, one class each.]:crash-probabilities:'
        '--unrelated-rates[Unrelated-crash rates per run, one class each.]:unrelated-rates:'
        '--fix[Simulate fix bisections instead of cause bisections (no planted effects).]'
        '--effects[Effects to plant besides none, one class each (cause mode)\: title-drift, title-drift-unshared, repro-drift, second-bug. Give none for no effect histories.]:effect:{__culprit_complete "${___effects[@]}"}'
        '--effect-count[Histories per effect class (shape x p x unrelated-crash rate).]:effect-count:'
        '--simple-model[Bisect with the simple crash model (one title set, one crash probability on every buggy revision\: the engine before title and reproducibility drift were modelled), to compare side by side.]'
        '--slots[Test slots (runs at a time) to compare batched against one-at-a-time selection, e.g. 1 2 4 8 16.]:slots:'
        '--build-slots[Build slots (builds at a time) with --slots. Default\: as many as test slots.]:build-slots:'
        '--build-time[Seconds one build takes, with --slots.]:build-time:'
        '--run-time[Seconds one reproducer run takes, with --slots.]:run-time:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_report() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'parse:Print the crash reports found in console logs or program output.'
            'check:Check the crash parser against corpus files with expected answers.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        parse|check)
            "_culprit_report_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_culprit_report_parse() {
    local -i ret=1
    local -ar arg_specs=(
        '*:files:'
        '--json[Print JSON (one array of reports per input) instead of text.]'
        '--max-reports[Stop after this many reports per input (no limit by default); a line says when it was reached.]:max-reports:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_report_check() {
    local -i ret=1
    local -ar arg_specs=(
        ':directory:'
        '--folds[Split the corpus into this many folds by a hash of the file name and report each fold.]:folds:'
        '--held-out[With --folds\: the fold set aside (its mismatches are not printed).]:held-out:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_recipients() {
    local -i ret=1
    local -ar arg_specs=(
        '--repo[The git repository (a work tree, a directory in it, or a bare repository).]:repo:'
        '--json[Print JSON ({to, cc, notes}; each person {name, email, roles}).]'
        ':revision:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_bench() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'report:Crash-parser throughput over the corpus (per file and concatenated 1x/4x/16x) and long quiet logs.'
            'git:Time of each git operation a bisection step needs, on a generated 200k-commit repository.'
            'queue:Measure the job queue: claims per second with N concurrent claimers.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        report|git|queue)
            "_culprit_bench_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_culprit_bench_report() {
    local -i ret=1
    local -ar arg_specs=(
        '--corpus[Corpus directory with console logs (report/ files).]:corpus:'
        '--megabytes[Size of the synthetic logs in megabytes.]:megabytes:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_bench_git() {
    local -i ret=1
    local -ar arg_specs=(
        '--commits[Number of commits in the generated history.]:commits:'
        '--directory[Cache directory for the generated repository (default\: <tmp>/culprit-bench-git-<commits>).]:directory:'
        '--runs[Repetitions per operation; the median is printed.]:runs:'
        '--fresh[Regenerate the repository even if a cached one exists.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_bench_queue() {
    local -i ret=1
    local -ar arg_specs=(
        '--database[A PostgreSQL URL; default\: a temporary SQLite store.]:url:'
        '--jobs[Jobs to queue.]:n:'
        '--workers[Concurrent claimers.]:n:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_jobs() {
    local -i ret=1
    local -ar arg_specs=(
        '--repo[The repository whose jobs to list. Default\: the current directory.]:dir:'
        '--state[A directory of job states (the --state of bisect jobs, or one job'\''s state directory) instead of a repository.]:dir:'
        '--prune[Remove the work trees, build trees and run logs of finished jobs (keeping journal and log).]'
        '--all[With --prune\: remove finished jobs entirely, journal and log included, and the repository'\''s shared kernel build tree.]'
        '--html[Write one job'\''s page (timeline, posterior chart, log, crash, recipients) as self-contained HTML to this file; the job is --job, or the only one.]:file:'
        '--job[With --html\: the job'\''s id or a unique prefix of it.]:id:'
        '--server[List the jobs of a `culprit serve` server instead (e.g. http\://127.0.0.1\:8080), newest first.]:url:'
        '--limit[With --server\: at most this many jobs.]:n:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_clean() {
    local -i ret=1
    local -ar arg_specs=(
        ':job:'
        '--repo[The repository of the job. Default\: the current directory.]:dir:'
        '--state[A directory of job states to look in instead of a repository.]:dir:'
        '--all[Remove the whole job, journal and log included.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_serve() {
    local -i ret=1
    local -ar arg_specs=(
        '--database[A PostgreSQL URL (postgres\://user\[\:password\]@host\[\:port\]/database) shared by the server and every worker. Default\: SQLite in --data.]:url:'
        '--data[Directory of the embedded SQLite store (used without --database). Default\: $XDG_STATE_HOME/culprit or ~/.local/state/culprit.]:dir:'
        '--host[Address to listen on.]:host:'
        '--port[Port to listen on (0\: any free port).]:port:'
        '--workers[Workers to run inside the server (0\: only separate `culprit worker` processes).]:n:'
        '--backends[Backends the in-process workers run, comma-separated\: command, kernel.]:list:'
        '--cache[Cache directory of the in-process workers (mirrors, job directories). Default\: worker-cache under --data, or the worker default.]:dir:'
        '--public-url[The URL users reach this server at, for links in result emails.]:url:'
        '--demo[Generate the demo project (as `culprit demo` does) under the data directory and submit a job for it.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_worker() {
    local -i ret=1
    local -ar arg_specs=(
        '--database[A PostgreSQL URL (postgres\://user\[\:password\]@host\[\:port\]/database) shared by the server and every worker. Default\: SQLite in --data.]:url:'
        '--data[Directory of the embedded SQLite store (used without --database). Default\: $XDG_STATE_HOME/culprit or ~/.local/state/culprit.]:dir:'
        '--server[The URL of `culprit serve` to work for over HTTP (instead of --database or --data).]:url:'
        '--token-file[A file holding the token for --server (from `culprit token create`).]:file:'
        '--token[The token for --server. Prefer --token-file or CULPRIT_TOKEN\: other users can read a command line.]:token:'
        '--slots[Jobs at the same time.]:n:'
        '--backends[Backends this worker runs, comma-separated\: command, kernel.]:list:'
        '--cache[Directory of this worker'\''s repository mirrors and job directories. Default\: $XDG_CACHE_HOME/culprit/worker or ~/.cache/culprit/worker.]:dir:'
        '--id[This worker'\''s name in the store. Default\: host-pid-random.]:id:'
        '--lease[Seconds a claimed job stays this worker'\''s without a heartbeat; another worker takes it over after that.]:seconds:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_submit() {
    local -i ret=1
    local -ar arg_specs=(
        ':job.yml:'
        '--server[The server'\''s URL, e.g. http\://127.0.0.1\:8080.]:url:'
        '--token[Access token. Default\: $CULPRIT_TOKEN.]:token:'
        '--priority[Queue priority from -1000 to 1000; higher runs first. Default\: 0.]:n:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_token() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'create:Create a token for submitting jobs or running workers; prints it once.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        create)
            "_culprit_token_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_culprit_token_create() {
    local -i ret=1
    local -ar arg_specs=(
        '--database[A PostgreSQL URL (postgres\://user\[\:password\]@host\[\:port\]/database) shared by the server and every worker. Default\: SQLite in --data.]:url:'
        '--data[Directory of the embedded SQLite store (used without --database). Default\: $XDG_STATE_HOME/culprit or ~/.local/state/culprit.]:dir:'
        '--name[A name for the token, shown in the server'\''s log (who submitted).]:name:'
        '--scope[What the token may do\: all, submit, worker.]:scope:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _culprit ]]; then
    _culprit "${@}"
else
    compdef _culprit culprit
fi

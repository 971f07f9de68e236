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
            'bench:Print performance figures (crash parser, git operations).'
            'jobs:List the bisection jobs on this machine, with their state, outcome and disk use.'
            'clean:Remove one finished or stopped job'\''s work tree, build trees and run logs.'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        bisect|demo|simulate|report|recipients|bench|jobs|clean|help)
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
        '--strategy[bayes (default)\: flaky-aware posterior; syzbot\: git-bisect midpoints, 10 runs, any crash is bad.]:name:'
        '--json[Write the result as JSON to this file.]:file:'
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
        '--confidence[Target probability for the answer. Default\: 0.99.]:x:'
        '--strategy[bayes (default) or syzbot, to compare.]:name:'
        '--json[Write the result as JSON to this file.]:file:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_culprit_simulate() {
    local -i ret=1
    local -ar arg_specs=(
        '--count[Histories per class (shape x p x unrelated-crash rate).]:count:'
        '--commits[Commits per history.]:commits:'
        '--seed[Random seed (same seed, same figures).]:seed:'
        '--confidence[Target confidence of the default strategy.]:confidence:'
        '--runs[Base runs per revision of the default strategy.]:runs:'
        '--build-cost[Cost of one build in reproducer runs, for the default strategy'\''s choices.]:build-cost:'
        '--crash-probabilities[Reproducer crash probabilities on buggy revisions, one class each.]:crash-probabilities:'
        '--unrelated-rates[Unrelated-crash rates per run, one class each.]:unrelated-rates:'
        '--fix[Simulate fix bisections instead of cause bisections.]'
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
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        report|git)
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

_culprit_jobs() {
    local -i ret=1
    local -ar arg_specs=(
        '--repo[The repository whose jobs to list. Default\: the current directory.]:dir:'
        '--state[A directory of job states (the --state of bisect jobs, or one job'\''s state directory) instead of a repository.]:dir:'
        '--prune[Remove the work trees, build trees and run logs of finished jobs (keeping journal and log).]'
        '--all[With --prune\: remove finished jobs entirely, journal and log included.]'
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

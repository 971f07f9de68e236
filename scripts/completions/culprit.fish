function __culprit_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __culprit_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __culprit_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __culprit_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __culprit_parse_tokens -S
    set -l unparsed_tokens (__culprit_tokens -pc)
    switch $unparsed_tokens[1]
    case 'culprit'
        __culprit_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'bisect'
            __culprit_parse_subcommand 0 'job=' 'repo=' 'bad=' 'good=' 'fix' 'build=' 'test=' 'artifact=+' 'runs=' 'jobs=' 'timeout=' 'build-timeout=' 'confidence=' 'max-builds=' 'max-runs=' 'strategy=' 'bug=' 'syzkaller=' 'minimize-config' 'plan' 'spec' 'report=' 'report-template=' 'reported-by=' 'json=' 'html=' 'state=' 'version' 'h/help'
        case 'demo'
            __culprit_parse_subcommand 0 'dir=' 'seed=' 'jobs=' 'runs=' 'confidence=' 'strategy=' 'json=' 'html=' 'version' 'h/help'
        case 'simulate'
            __culprit_parse_subcommand 0 'count=' 'commits=' 'seed=' 'confidence=' 'runs=' 'build-cost=' 'crash-probabilities=+' 'unrelated-rates=+' 'fix' 'effects=+' 'effect-count=' 'simple-model' 'slots=+' 'build-slots=' 'build-time=' 'run-time=' 'version' 'h/help'
        case 'report'
            __culprit_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'parse'
                __culprit_parse_subcommand -r 1 'json' 'max-reports=' 'version' 'h/help'
            case 'check'
                __culprit_parse_subcommand 1 'folds=' 'held-out=' 'version' 'h/help'
            end
        case 'recipients'
            __culprit_parse_subcommand 1 'repo=' 'json' 'version' 'h/help'
        case 'bench'
            __culprit_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'report'
                __culprit_parse_subcommand 0 'corpus=' 'megabytes=' 'version' 'h/help'
            case 'git'
                __culprit_parse_subcommand 0 'commits=' 'directory=' 'runs=' 'fresh' 'version' 'h/help'
            case 'queue'
                __culprit_parse_subcommand 0 'database=' 'jobs=' 'workers=' 'version' 'h/help'
            end
        case 'jobs'
            __culprit_parse_subcommand 0 'repo=' 'state=' 'prune' 'all' 'html=' 'job=' 'server=' 'limit=' 'version' 'h/help'
        case 'clean'
            __culprit_parse_subcommand 1 'repo=' 'state=' 'all' 'version' 'h/help'
        case 'serve'
            __culprit_parse_subcommand 0 'database=' 'data=' 'host=' 'port=' 'workers=' 'backends=' 'cache=' 'public-url=' 'demo' 'version' 'h/help'
        case 'worker'
            __culprit_parse_subcommand 0 'database=' 'data=' 'server=' 'token-file=' 'token=' 'slots=' 'backends=' 'cache=' 'id=' 'lease=' 'version' 'h/help'
        case 'submit'
            __culprit_parse_subcommand 1 'server=' 'token=' 'priority=' 'version' 'h/help'
        case 'token'
            __culprit_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'create'
                __culprit_parse_subcommand 0 'database=' 'data=' 'name=' 'scope=' 'version' 'h/help'
            end
        case 'help'
            __culprit_parse_subcommand -r 1 'version'
        end
    end
end

function __culprit_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __culprit_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __culprit_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __culprit_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__culprit_tokens -p)
    if test -z "$(__culprit_tokens -t)"
        set -l index (count (__culprit_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'culprit' -f
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'bisect' -d 'Bisect a repository: find the commit that introduced or fixed a crash.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'demo' -d 'Bisect a generated C project with a planted use-after-free, end to end.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'simulate' -d 'Measure accuracy and cost of the strategies on synthetic histories.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'report' -d 'Parse console logs into crash reports; check the parser against a corpus.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'recipients' -d 'List who to notify about a commit (trailers and MAINTAINERS).'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'bench' -d 'Print performance figures (crash parser, git operations, job queue).'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'jobs' -d 'List the bisection jobs on this machine, with their state, outcome and disk use.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'clean' -d 'Remove one finished or stopped job\'s work tree, build trees and run logs.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'serve' -d 'Run Culprit as a service: HTTP API, web dashboard, job queue, and (with --workers) workers.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'worker' -d 'Run queued jobs from the job store (the same engine as `culprit bisect`).'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'submit' -d 'Submit a job file to `culprit serve`; prints the job\'s id and URL.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'token' -d 'Manage the access tokens of `culprit serve`.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" job' -l 'job' -d 'Read the settings from a YAML job file; options given on the command line override it.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" repo' -l 'repo' -d 'The git repository to bisect.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" bad' -l 'bad' -d 'A revision where the crash happens.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" good' -l 'good' -d 'A revision without the crash. Without it, release tags (vX.Y) are tested back from --bad until one is clean.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" fix' -l 'fix' -d 'Find the commit that fixed the crash (--bad: still crashes, --good: fixed) instead of the one that introduced it.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" build' -l 'build' -d 'Shell command that builds the checked-out revision; exit status 0 means built.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" test' -l 'test' -d 'Shell command that runs the reproducer once.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect"' -l 'artifact' -d 'A file the build produces (relative to the worktree), hashed to flag culprits whose build equals their parent\'s. Repeatable.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" runs' -l 'runs' -d 'Base number of test runs per revision (the engine adds runs where they pay). Default: 8.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" jobs' -l 'jobs' -d 'Test runs at the same time. Default: the number of processors.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" timeout' -l 'timeout' -d 'Seconds one test run may take before it counts as timed out.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" build-timeout' -l 'build-timeout' -d 'Seconds one build may take before it counts as failed.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" confidence' -l 'confidence' -d 'Stop when the best candidate is the culprit with this probability. Default: 0.95.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" max-builds' -l 'max-builds' -d 'Stop after this many builds. Default: no limit.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" max-runs' -l 'max-runs' -d 'Stop after this many test runs. Default: no limit.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" strategy' -l 'strategy' -d 'bayes (default): flaky-aware posterior; syzkaller: today\'s syzkaller rule (git-bisect midpoints, 10 or 20 runs, bad on enough crashes, good on enough clean runs); syzbot-2019 (or syzbot): git-bisect midpoints, 10 runs, any crash is bad.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" bug' -l 'bug' -d 'A bug directory (kernel.config, repro.c or repro.syz, commit, compiler, title): bisect it on a kernel repository.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" syzkaller' -l 'syzkaller' -d 'syzkaller\'s binaries (syz-execprog, syz-executor, or bin/linux_amd64 of a build) for a syzkaller reproducer.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" minimize-config' -l 'minimize-config' -d 'Kernel jobs with a full config: first reduce it to a small config (minimize-base + minimize-fragments and the settings the crash needs) that still reproduces the crash on --bad, then bisect with that.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" plan' -l 'plan' -d 'Kernel jobs: print the releases the walk would test with each one\'s compiler and build fixes, and where it stops; build nothing.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" spec' -l 'spec' -d 'Print the job\'s spec (JSON, as the service stores a job) from the options and the job file, then exit; run nothing.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" report' -l 'report' -d 'Save the email-ready report (printed at the end) to this file.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" report-template' -l 'report-template' -d 'A Mustache template for the report instead of the built-in one (see the README for its keys).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" reported-by' -l 'reported-by' -d 'Credit the reporter with a \'Reported-by: VALUE\' trailer in the report, e.g. "Ada <ada@example.com>".' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" json' -l 'json' -d 'Write the result as JSON to this file.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" html' -l 'html' -d 'When the job ends, write its page (result, timeline, posterior chart, log, crash, recipients) as one self-contained HTML file here.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" state' -l 'state' -d 'Directory where results are saved as they are made. Default: under the repository\'s git directory.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bisect" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit demo" dir' -l 'dir' -d 'Create the project here (a new or empty directory) and keep it. Default: a temporary directory, removed at the end.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit demo" seed' -l 'seed' -d 'Seed of the generated history; the same seed gives the same repository.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit demo" jobs' -l 'jobs' -d 'Test runs at the same time.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit demo" runs' -l 'runs' -d 'Base number of test runs per revision. Default: 16.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit demo" confidence' -l 'confidence' -d 'Target probability for the answer. Default: 0.95.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit demo" strategy' -l 'strategy' -d 'bayes (default), or syzkaller or syzbot-2019 to compare.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit demo" json' -l 'json' -d 'Write the result as JSON to this file.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit demo" html' -l 'html' -d 'When the job ends, write its page (result, timeline, posterior chart, log, crash, recipients) as one self-contained HTML file here.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit demo" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit demo" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" count' -l 'count' -d 'Histories per class (shape x p x unrelated-crash rate).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" commits' -l 'commits' -d 'Commits per history.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" seed' -l 'seed' -d 'Random seed (same seed, same figures).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" confidence' -l 'confidence' -d 'Target confidence of the default strategy.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" runs' -l 'runs' -d 'Base runs per revision of the default strategy.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" build-cost' -l 'build-cost' -d 'Cost of one build in reproducer runs, for the default strategy\'s choices.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate"' -l 'crash-probabilities' -d 'Reproducer crash probabilities on buggy revisions, one class each.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate"' -l 'unrelated-rates' -d 'Unrelated-crash rates per run, one class each.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" fix' -l 'fix' -d 'Simulate fix bisections instead of cause bisections (no planted effects).'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate"' -l 'effects' -d 'Effects to plant besides none, one class each (cause mode): title-drift, title-drift-unshared, repro-drift, second-bug. Give none for no effect histories.' -rfka 'none title-drift title-drift-unshared repro-drift second-bug'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" effect-count' -l 'effect-count' -d 'Histories per effect class (shape x p x unrelated-crash rate).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" simple-model' -l 'simple-model' -d 'Bisect with the simple crash model (one title set, one crash probability on every buggy revision: the engine before title and reproducibility drift were modelled), to compare side by side.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate"' -l 'slots' -d 'Test slots (runs at a time) to compare batched against one-at-a-time selection, e.g. 1 2 4 8 16.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" build-slots' -l 'build-slots' -d 'Build slots (builds at a time) with --slots. Default: as many as test slots.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" build-time' -l 'build-time' -d 'Seconds one build takes, with --slots.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" run-time' -l 'run-time' -d 'Seconds one reproducer run takes, with --slots.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit simulate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit report" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit report" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit report" -eq 1' -fa 'parse' -d 'Print the crash reports found in console logs or program output.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit report" -eq 1' -fa 'check' -d 'Check the crash parser against corpus files with expected answers.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit report parse" json' -l 'json' -d 'Print JSON (one array of reports per input) instead of text.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit report parse" max-reports' -l 'max-reports' -d 'Stop after this many reports per input (no limit by default); a line says when it was reached.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit report parse" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit report parse" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit report check" folds' -l 'folds' -d 'Split the corpus into this many folds by a hash of the file name and report each fold.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit report check" held-out' -l 'held-out' -d 'With --folds: the fold set aside (its mismatches are not printed).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit report check" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit report check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit recipients" repo' -l 'repo' -d 'The git repository (a work tree, a directory in it, or a bare repository).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit recipients" json' -l 'json' -d 'Print JSON ({to, cc, notes}; each person {name, email, roles}).'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit recipients" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit recipients" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit bench" -eq 1' -fa 'report' -d 'Crash-parser throughput over the corpus (per file and concatenated 1x/4x/16x) and long quiet logs.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit bench" -eq 1' -fa 'git' -d 'Time of each git operation a bisection step needs, on a generated 200k-commit repository.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit bench" -eq 1' -fa 'queue' -d 'Measure the job queue: claims per second with N concurrent claimers.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench report" corpus' -l 'corpus' -d 'Corpus directory with console logs (report/ files).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench report" megabytes' -l 'megabytes' -d 'Size of the synthetic logs in megabytes.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench report" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench report" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench git" commits' -l 'commits' -d 'Number of commits in the generated history.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench git" directory' -l 'directory' -d 'Cache directory for the generated repository (default: <tmp>/culprit-bench-git-<commits>).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench git" runs' -l 'runs' -d 'Repetitions per operation; the median is printed.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench git" fresh' -l 'fresh' -d 'Regenerate the repository even if a cached one exists.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench git" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench git" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench queue" database' -l 'database' -d 'A PostgreSQL URL; default: a temporary SQLite store.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench queue" jobs' -l 'jobs' -d 'Jobs to queue.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench queue" workers' -l 'workers' -d 'Concurrent claimers.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench queue" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit bench queue" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit jobs" repo' -l 'repo' -d 'The repository whose jobs to list. Default: the current directory.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit jobs" state' -l 'state' -d 'A directory of job states (the --state of bisect jobs, or one job\'s state directory) instead of a repository.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit jobs" prune' -l 'prune' -d 'Remove the work trees, build trees and run logs of finished jobs (keeping journal and log).'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit jobs" all' -l 'all' -d 'With --prune: remove finished jobs entirely, journal and log included, and the repository\'s shared kernel build tree.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit jobs" html' -l 'html' -d 'Write one job\'s page (timeline, posterior chart, log, crash, recipients) as self-contained HTML to this file; the job is --job, or the only one.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit jobs" job' -l 'job' -d 'With --html: the job\'s id or a unique prefix of it.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit jobs" server' -l 'server' -d 'List the jobs of a `culprit serve` server instead (e.g. http://127.0.0.1:8080), newest first.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit jobs" limit' -l 'limit' -d 'With --server: at most this many jobs.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit jobs" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit jobs" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit clean" repo' -l 'repo' -d 'The repository of the job. Default: the current directory.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit clean" state' -l 'state' -d 'A directory of job states to look in instead of a repository.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit clean" all' -l 'all' -d 'Remove the whole job, journal and log included.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit clean" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit clean" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit serve" database' -l 'database' -d 'A PostgreSQL URL (postgres://user[:password]@host[:port]/database) shared by the server and every worker. Default: SQLite in --data.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit serve" data' -l 'data' -d 'Directory of the embedded SQLite store (used without --database). Default: $XDG_STATE_HOME/culprit or ~/.local/state/culprit.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit serve" host' -l 'host' -d 'Address to listen on.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit serve" port' -l 'port' -d 'Port to listen on (0: any free port).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit serve" workers' -l 'workers' -d 'Workers to run inside the server (0: only separate `culprit worker` processes).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit serve" backends' -l 'backends' -d 'Backends the in-process workers run, comma-separated: command, kernel.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit serve" cache' -l 'cache' -d 'Cache directory of the in-process workers (mirrors, job directories). Default: worker-cache under --data, or the worker default.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit serve" public-url' -l 'public-url' -d 'The URL users reach this server at, for links in result emails.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit serve" demo' -l 'demo' -d 'Generate the demo project (as `culprit demo` does) under the data directory and submit a job for it.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit serve" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit worker" database' -l 'database' -d 'A PostgreSQL URL (postgres://user[:password]@host[:port]/database) shared by the server and every worker. Default: SQLite in --data.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit worker" data' -l 'data' -d 'Directory of the embedded SQLite store (used without --database). Default: $XDG_STATE_HOME/culprit or ~/.local/state/culprit.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit worker" server' -l 'server' -d 'The URL of `culprit serve` to work for over HTTP (instead of --database or --data).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit worker" token-file' -l 'token-file' -d 'A file holding the token for --server (from `culprit token create`).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit worker" token' -l 'token' -d 'The token for --server. Prefer --token-file or CULPRIT_TOKEN: other users can read a command line.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit worker" slots' -l 'slots' -d 'Jobs at the same time.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit worker" backends' -l 'backends' -d 'Backends this worker runs, comma-separated: command, kernel.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit worker" cache' -l 'cache' -d 'Directory of this worker\'s repository mirrors and job directories. Default: $XDG_CACHE_HOME/culprit/worker or ~/.cache/culprit/worker.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit worker" id' -l 'id' -d 'This worker\'s name in the store. Default: host-pid-random.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit worker" lease' -l 'lease' -d 'Seconds a claimed job stays this worker\'s without a heartbeat; another worker takes it over after that.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit worker" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit worker" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit submit" server' -l 'server' -d 'The server\'s URL, e.g. http://127.0.0.1:8080.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit submit" token' -l 'token' -d 'Access token. Default: $CULPRIT_TOKEN.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit submit" priority' -l 'priority' -d 'Queue priority from -1000 to 1000; higher runs first. Default: 0.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit submit" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit submit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit token" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit token" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_positional "culprit token" -eq 1' -fa 'create' -d 'Create a token for submitting jobs or running workers; prints it once.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit token create" database' -l 'database' -d 'A PostgreSQL URL (postgres://user[:password]@host[:port]/database) shared by the server and every worker. Default: SQLite in --data.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit token create" data' -l 'data' -d 'Directory of the embedded SQLite store (used without --database). Default: $XDG_STATE_HOME/culprit or ~/.local/state/culprit.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit token create" name' -l 'name' -d 'A name for the token, shown in the server\'s log (who submitted).' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit token create" scope' -l 'scope' -d 'What the token may do: all, submit, worker.' -rfka ''
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit token create" version' -l 'version' -d 'Show the version.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit token create" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'culprit' -n '__culprit_should_offer_completions_for_flags_or_options "culprit help" version' -l 'version' -d 'Show the version.'

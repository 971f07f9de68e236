#!/bin/bash

__culprit_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__culprit_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__culprit_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__culprit_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_culprit() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __culprit_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    bisect|demo|simulate|report|recipients|bench|jobs|clean|serve|worker|submit|token|help)
        # Offer subcommand argument completions
        "_culprit_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'bisect demo simulate report recipients bench jobs clean serve worker submit token help' -- "${cur}"))
        ;;
    esac
}

_culprit_bisect() {
    repeating_flags=()
    non_repeating_flags=(--fix --minimize-config --plan --spec --version -h --help)
    repeating_options=(--artifact)
    non_repeating_options=(--job --repo --bad --good --build --test --runs --jobs --timeout --build-timeout --confidence --max-builds --max-runs --strategy --bug --syzkaller --report --report-template --reported-by --json --html --state)
    __culprit_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--job')
        return
        ;;
    '--repo')
        return
        ;;
    '--bad')
        return
        ;;
    '--good')
        return
        ;;
    '--build')
        return
        ;;
    '--test')
        return
        ;;
    '--artifact')
        return
        ;;
    '--runs')
        return
        ;;
    '--jobs')
        return
        ;;
    '--timeout')
        return
        ;;
    '--build-timeout')
        return
        ;;
    '--confidence')
        return
        ;;
    '--max-builds')
        return
        ;;
    '--max-runs')
        return
        ;;
    '--strategy')
        return
        ;;
    '--bug')
        return
        ;;
    '--syzkaller')
        return
        ;;
    '--report')
        return
        ;;
    '--report-template')
        return
        ;;
    '--reported-by')
        return
        ;;
    '--json')
        return
        ;;
    '--html')
        return
        ;;
    '--state')
        return
        ;;
    esac
}

_culprit_demo() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--dir --seed --jobs --runs --confidence --strategy --json --html)
    __culprit_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--dir')
        return
        ;;
    '--seed')
        return
        ;;
    '--jobs')
        return
        ;;
    '--runs')
        return
        ;;
    '--confidence')
        return
        ;;
    '--strategy')
        return
        ;;
    '--json')
        return
        ;;
    '--html')
        return
        ;;
    esac
}

_culprit_simulate() {
    repeating_flags=()
    non_repeating_flags=(--fix --simple-model --version -h --help)
    repeating_options=(--crash-probabilities --unrelated-rates --effects --slots)
    non_repeating_options=(--count --commits --seed --confidence --runs --build-cost --effect-count --build-slots --build-time --run-time)
    __culprit_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--count')
        return
        ;;
    '--commits')
        return
        ;;
    '--seed')
        return
        ;;
    '--confidence')
        return
        ;;
    '--runs')
        return
        ;;
    '--build-cost')
        return
        ;;
    '--crash-probabilities')
        return
        ;;
    '--unrelated-rates')
        return
        ;;
    '--effects')
        __culprit_add_completions -W 'none'$'\n''title-drift'$'\n''title-drift-unshared'$'\n''repro-drift'$'\n''second-bug'
        return
        ;;
    '--effect-count')
        return
        ;;
    '--slots')
        return
        ;;
    '--build-slots')
        return
        ;;
    '--build-time')
        return
        ;;
    '--run-time')
        return
        ;;
    esac
}

_culprit_report() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __culprit_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    parse|check)
        # Offer subcommand argument completions
        "_culprit_report_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'parse check' -- "${cur}"))
        ;;
    esac
}

_culprit_report_parse() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--max-reports)
    __culprit_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--max-reports')
        return
        ;;
    esac
}

_culprit_report_check() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--folds --held-out)
    __culprit_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--folds')
        return
        ;;
    '--held-out')
        return
        ;;
    esac
}

_culprit_recipients() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--repo)
    __culprit_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--repo')
        return
        ;;
    esac
}

_culprit_bench() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __culprit_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    report|git|queue)
        # Offer subcommand argument completions
        "_culprit_bench_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'report git queue' -- "${cur}"))
        ;;
    esac
}

_culprit_bench_report() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--corpus --megabytes)
    __culprit_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--corpus')
        return
        ;;
    '--megabytes')
        return
        ;;
    esac
}

_culprit_bench_git() {
    repeating_flags=()
    non_repeating_flags=(--fresh --version -h --help)
    repeating_options=()
    non_repeating_options=(--commits --directory --runs)
    __culprit_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--commits')
        return
        ;;
    '--directory')
        return
        ;;
    '--runs')
        return
        ;;
    esac
}

_culprit_bench_queue() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--database --jobs --workers)
    __culprit_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database')
        return
        ;;
    '--jobs')
        return
        ;;
    '--workers')
        return
        ;;
    esac
}

_culprit_jobs() {
    repeating_flags=()
    non_repeating_flags=(--prune --all --version -h --help)
    repeating_options=()
    non_repeating_options=(--repo --state --html --job --server --limit)
    __culprit_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--repo')
        return
        ;;
    '--state')
        return
        ;;
    '--html')
        return
        ;;
    '--job')
        return
        ;;
    '--server')
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_culprit_clean() {
    repeating_flags=()
    non_repeating_flags=(--all --version -h --help)
    repeating_options=()
    non_repeating_options=(--repo --state)
    __culprit_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--repo')
        return
        ;;
    '--state')
        return
        ;;
    esac
}

_culprit_serve() {
    repeating_flags=()
    non_repeating_flags=(--demo --version -h --help)
    repeating_options=()
    non_repeating_options=(--database --data --host --port --workers --backends --cache --public-url)
    __culprit_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database')
        return
        ;;
    '--data')
        return
        ;;
    '--host')
        return
        ;;
    '--port')
        return
        ;;
    '--workers')
        return
        ;;
    '--backends')
        return
        ;;
    '--cache')
        return
        ;;
    '--public-url')
        return
        ;;
    esac
}

_culprit_worker() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--database --data --server --token-file --token --slots --backends --cache --id --lease)
    __culprit_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database')
        return
        ;;
    '--data')
        return
        ;;
    '--server')
        return
        ;;
    '--token-file')
        return
        ;;
    '--token')
        return
        ;;
    '--slots')
        return
        ;;
    '--backends')
        return
        ;;
    '--cache')
        return
        ;;
    '--id')
        return
        ;;
    '--lease')
        return
        ;;
    esac
}

_culprit_submit() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--server --token --priority)
    __culprit_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--server')
        return
        ;;
    '--token')
        return
        ;;
    '--priority')
        return
        ;;
    esac
}

_culprit_token() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __culprit_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    create)
        # Offer subcommand argument completions
        "_culprit_token_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'create' -- "${cur}"))
        ;;
    esac
}

_culprit_token_create() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--database --data --name --scope)
    __culprit_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database')
        return
        ;;
    '--data')
        return
        ;;
    '--name')
        return
        ;;
    '--scope')
        return
        ;;
    esac
}

_culprit_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __culprit_offer_flags_options -1
}

complete -o filenames -F _culprit culprit

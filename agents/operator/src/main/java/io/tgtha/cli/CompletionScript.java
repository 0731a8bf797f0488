package io.tgtha.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Set;
import java.util.TreeSet;

/**
 * The bash completion script: picocli's (subcommands, options) plus the words only this node knows:
 * IQNs after status/drain/ready, IQNs and resource or group ids after failover, node names after
 * {@code --to}, from {@code tgtha complete-words} under a 3 s limit. bash-completion's helpers, where
 * loaded, keep the colon of an IQN inside one word.
 */
public final class CompletionScript {
    private CompletionScript() {
    }

    public static String bash(CommandLine root) {
        Set<String> valueOptions = new TreeSet<>();
        for (CommandLine sub : root.getSubcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                if (o.arity().max() > 0) {
                    valueOptions.addAll(java.util.List.of(o.names()));
                }
            }
        }
        String subcommands = String.join("|", TgtHa.operatorSubcommands(root));
        return AutoComplete.bash("tgtha", root) + """

                # tgt-ha: targets, resources and nodes this node knows (tgtha complete-words, bounded in time)
                function _tgtha_words() {
                  local port= i
                  for ((i = 1; i < COMP_CWORD; i++)); do
                    case ${COMP_WORDS[i]} in
                      -C|--control-port) port=${COMP_WORDS[i+1]} ;;
                      --control-port=*) port=${COMP_WORDS[i]#*=} ;;
                    esac
                  done
                  timeout -k 1 3 "${COMP_WORDS[0]}" complete-words "$1" ${port:+-C "$port"} 2>/dev/null
                }

                function _tgtha_complete() {
                  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} sub= kind= i
                  declare -F _get_comp_words_by_ref >/dev/null && _get_comp_words_by_ref -n : cur prev
                  for ((i = 1; i < COMP_CWORD; i++)); do
                    case ${COMP_WORDS[i]} in @SUBCOMMANDS@) sub=${COMP_WORDS[i]}; break ;; esac
                  done
                  if [[ -n $sub && $cur != -* ]]; then
                    if [[ $sub == failover && $prev == --to ]]; then
                      kind=nodes
                    elif [[ " @VALUE_OPTIONS@ " != *" $prev "* ]]; then
                      case $sub in failover) kind=resources ;; status|drain|ready) kind=targets ;; esac
                    fi
                  fi
                  if [[ -n $kind ]]; then
                    local IFS=$'\\n'
                    COMPREPLY=( $(compgen -W "$(_tgtha_words "$kind")" -- "$cur") )
                    declare -F __ltrim_colon_completions >/dev/null && __ltrim_colon_completions "$cur"
                    return 0
                  fi
                  _complete_tgtha "$@"
                }
                complete -F _tgtha_complete -o default tgtha
                """.replace("@SUBCOMMANDS@", subcommands).replace("@VALUE_OPTIONS@", String.join(" ", valueOptions));
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Set;
import java.util.TreeSet;

/**
 * The bash completion script: picocli's (subcommands, options) plus the words only this node knows:
 * IQNs after status/drain/ready, IQNs and resource or group ids after failover, node names after
 * {@code --to}, from {@code tgtha complete-words} under a 3 s limit. The word under the cursor is read
 * from the line, because bash splits an IQN at its colon.
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
                  # the word under the cursor and the one before it, read from the line: bash splits an IQN at its colon
                  local line=${COMP_LINE:0:COMP_POINT} sub= kind= i
                  local cur=${line##*[[:space:]]}
                  local rest=${line%"$cur"}
                  rest=${rest%"${rest##*[![:space:]]}"}
                  local prev=${rest##*[[:space:]]}
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
                  if [[ -z $kind ]]; then
                    _complete_tgtha "$@"
                    return
                  fi
                  local IFS=$'\n'
                  COMPREPLY=( $(compgen -W "$(_tgtha_words "$kind")" -- "$cur") )
                  # bash replaces only the part after the last colon: offer just that part
                  if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
                    local done_part=${cur%"${cur##*:}"}
                    for i in "${!COMPREPLY[@]}"; do
                      COMPREPLY[i]=${COMPREPLY[i]#"$done_part"}
                    done
                  fi
                  return 0
                }
                complete -F _tgtha_complete -o default tgtha
                """.replace("@SUBCOMMANDS@", subcommands).replace("@VALUE_OPTIONS@", String.join(" ", valueOptions));
    }
}

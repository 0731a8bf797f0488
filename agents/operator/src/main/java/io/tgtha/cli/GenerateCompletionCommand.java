// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the bash completion script that install.sh puts in bash-completion's directory. */
@Command(name = "generate-completion", mixinStandardHelpOptions = true,
        description = "Print the bash completion script (installed as /usr/share/bash-completion/completions/tgtha). Try: source <(tgtha generate-completion)")
final class GenerateCompletionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(CompletionScript.bash(spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.cluster.ClusterStatus;
import io.tgtha.cli.cluster.Pacemaker;
import io.tgtha.cli.cluster.TargetResource;
import io.tgtha.cli.tgt.TargetInfo;
import io.tgtha.tgt.TgtClient;
import io.tgtha.cli.tgt.TgtClientAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The words bash completion offers for a TARGET or --to: IQNs from the local tgtd, resource and group
 * ids and node names from the local cluster. Each source gets a short deadline and any failure just
 * means fewer words: completion must never hang a shell or print an error into it.
 */
@Command(name = "complete-words", hidden = true,
        description = "Print completion candidates, one per line: targets (IQNs), resources (IQNs, resource and group ids) or nodes.")
final class CompletionWords implements Callable<Integer> {
    static final Duration SOURCE_TIMEOUT = Duration.ofSeconds(2);

    enum Kind { targets, resources, nodes }

    @Parameters(index = "0", paramLabel = "KIND", description = "targets, resources or nodes")
    Kind kind;

    @Option(names = {"-C", "--control-port"}, paramLabel = "N", converter = PortConverter.TgtdControl.class,
            description = "The tgtd whose targets to list.")
    Integer controlPort;

    @ParentCommand
    TgtHa parent;

    @Override
    public Integer call() {
        CliContext ctx = parent.context();
        Set<String> words = new LinkedHashSet<>();
        if (kind != Kind.nodes) {
            try {
                TgtClient client = TgtClient.forControlPort(controlPort == null ? 0 : controlPort, SOURCE_TIMEOUT);
                new TgtClientAdmin(client).targets().stream().map(TargetInfo::iqn).forEach(words::add);
            } catch (RuntimeException e) {
                // no tgtd here (a passive node): the cluster may still know the targets
            }
        }
        try {
            Pacemaker pm = new Pacemaker(ctx.runner(), SOURCE_TIMEOUT);
            if (kind == Kind.nodes) {
                pm.requireStatus().nodes().stream().map(ClusterStatus.NodeStatus::name).forEach(words::add);
            } else {
                for (TargetResource r : pm.targetResources()) {
                    words.add(r.iqn());
                    if (kind == Kind.resources) {
                        words.add(r.primitive());
                        if (r.group() != null) {
                            words.add(r.group());
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // no cluster: the local words are all there is
        }
        // only words a shell can take as they are (an IQN never needs quoting; anything else is not ours)
        words.stream().filter(w -> w != null && w.matches("[A-Za-z0-9._:@%+,=/-]+")).forEach(ctx.out()::println);
        ctx.out().flush();
        return 0;
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.docs;

import java.util.List;
import java.util.Map;

/** The EXAMPLES section of each man page: a command line and what it does. */
final class Examples {
    record Example(String commandLine, String what) {
    }

    private static final String WEB = "iqn.2026-01.com.example:web";

    static final Map<String, List<Example>> BY_COMMAND = Map.of(
            "tgtha", List.of(
                    new Example("tgtha status", "Targets, sessions, stuck connections and the cluster's view on this node."),
                    new Example("tgtha --host cl-n2 status --json", "The same on node cl-n2 over SSH, as JSON."),
                    new Example("tgtha drain " + WEB + "; tgtha ready " + WEB, "Take a target out of service and back."),
                    new Example("tgtha failover --all --to cl-n2", "Move every target to cl-n2 before maintenance of this node.")),
            "status", List.of(
                    new Example("tgtha status " + WEB + " --sample 3s", "One target, watching its connections for 3 s."),
                    new Example("tgtha status --fail-on-stuck --sample 0 >/dev/null || echo \"exit $?\"",
                            "For monitoring: exit 6 when a connection is stuck (4 without tgtd and cluster)."),
                    new Example("tgtha status --json | jq '.connections[] | select(.stuck)'",
                            "The stuck sockets, with their Send-Q and how long it has not drained."),
                    new Example("tgtha status --json | jq -r '.warnings[] | .code + \": \" + .message'",
                            "Why the next failover may be slow or blocked: Pacemaker's load throttle, stock portblock rules left.")),
            "drain", List.of(
                    new Example("tgtha drain " + WEB, "Offline, reset its initiators' connections, wait up to 10 s until its sessions are gone."),
                    new Example("tgtha drain --all --timeout 30s --json", "Every target of this tgtd; exit 5 if sessions remain after 30 s."),
                    new Example("tgtha drain " + WEB + " --portal 10.0.0.21", "Also reset every connection to that portal address.")),
            "ready", List.of(
                    new Example("tgtha ready " + WEB, "Back in service: initiators log in again by themselves."),
                    new Example("tgtha ready --all", "Every target of this tgtd.")),
            "failover", List.of(
                    new Example("tgtha failover " + WEB + " --to cl-n2", "Move the target's group to cl-n2, wait, clear the constraint."),
                    new Example("tgtha failover --all --to cl-n1 --timeout 300s --json", "Every target resource; exit 5 if one is not there in time."),
                    new Example("tgtha --host cl-n1 failover g-web --to cl-n2", "The same, run on cl-n1 over SSH.")),
            "metrics", List.of(
                    new Example("tgtha metrics", "Prometheus text of this node: tgtd, targets, sessions, Send-Q, agent operations."),
                    new Example("tgtha metrics --textfile /var/lib/prometheus/node-exporter/tgtha.prom",
                            "For node_exporter's textfile collector (written aside and renamed); run it from a timer.")),
            "migrate", List.of(
                    new Example("tgtha migrate > migration.txt", "The steps to move this cluster's stock tgt resources to tgt-ha, as crmsh and pcs."),
                    new Example("tgtha migrate --cib cib.xml --format pcs", "The same from a saved CIB, pcs commands only."),
                    new Example("tgtha migrate --apply --dry-run", "Check the live cluster and print what --apply would do."),
                    new Example("tgtha migrate --apply", "Migrate in place under maintenance mode; running targets adopted, not restarted."),
                    new Example("tgtha migrate --clean-stock-rules", "On every other node afterwards: the stock portblock's leftover rules.")),
            "generate-completion", List.of(
                    new Example("source <(tgtha generate-completion)", "Completion in this shell (install.sh installs it for all).")));

    private Examples() {
    }
}

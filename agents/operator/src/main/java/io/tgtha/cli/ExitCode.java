// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

/**
 * Every exit code {@code tgtha} uses. Scripts may rely on these numbers; they are listed in the man
 * page and the operator guide. Remote runs ({@code --host}) pass the remote command's code through,
 * so the SSH codes (20-29) are kept apart from everything a remote tgtha can return itself.
 */
public enum ExitCode {
    OK(0, "success"),
    FAILURE(1, "unexpected failure"),
    USAGE(2, "invalid command line"),
    NOT_FOUND(3, "target or resource not found"),
    TGTD_UNAVAILABLE(4, "tgtd is not running or its control port does not answer"),
    TIMEOUT(5, "a wait did not finish in time (sessions still present, resource not moved)"),
    STUCK(6, "status --fail-on-stuck: a connection is stuck"),
    NO_CLUSTER(7, "no Pacemaker cluster is reachable from this node"),
    CLUSTER_UNHEALTHY(8, "the cluster is not healthy (offline node, failed actions), nothing was changed"),
    LOCK_TIMEOUT(9, "the packet-filter mutex was not free in time"),
    TOOL_MISSING(10, "a required tool (tgtadm, ss, iptables, crm_mon, crm_resource) is not installed"),
    COMMAND_FAILED(11, "an external command failed"),
    NOT_MAPPED(12, "migrate: some stock resources cannot be mapped (each is named with the reason)"),
    SSH_UNKNOWN_HOST_KEY(20, "--host: the host key is not in known_hosts"),
    SSH_CHANGED_HOST_KEY(21, "--host: the host key does not match known_hosts (possible attack)"),
    SSH_AUTH_FAILED(22, "--host: key authentication failed"),
    SSH_CONNECT_FAILED(23, "--host: cannot connect"),
    SSH_CONFIG(24, "--host: no usable identity or known_hosts file"),
    SSH_CONNECTION_LOST(25, "--host: the node stopped answering before the command finished (outcome unknown)");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }
}

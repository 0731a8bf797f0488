// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What {@code crm_mon} says about the cluster, reduced to what tgtha needs. */
public record ClusterStatus(String dc, List<NodeStatus> nodes, List<ResourceStatus> resources,
                            List<FailedAction> failures) {
    public ClusterStatus {
        nodes = List.copyOf(nodes);
        resources = List.copyOf(resources);
        failures = List.copyOf(failures);
    }

    public record NodeStatus(String name, boolean online, boolean standby, boolean maintenance, boolean unclean) {
    }

    /** A primitive; {@code group} is its group's id or null; {@code nodes} where it is active. */
    public record ResourceStatus(String id, String agent, String role, boolean active, boolean failed,
                                 boolean managed, String group, List<String> nodes) {
        public ResourceStatus {
            nodes = List.copyOf(nodes);
        }
    }

    public record FailedAction(String node, String operation, String exitStatus, String exitReason) {
        public String describe() {
            return operation + " on " + node + ": " + exitStatus
                    + (exitReason == null || exitReason.isEmpty() ? "" : " (" + exitReason + ")");
        }
    }

    public Optional<NodeStatus> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** Primitives of {@code id}: itself when it is a primitive, its members when it is a group. */
    public List<ResourceStatus> members(String id) {
        List<ResourceStatus> out = new ArrayList<>();
        for (ResourceStatus r : resources) {
            if (r.id().equals(id) || id.equals(r.group())) {
                out.add(r);
            }
        }
        return out;
    }

    public boolean knows(String id) {
        return !members(id).isEmpty();
    }

    /** Nodes where every member of {@code id} is active, in crm_mon's order. Empty when stopped or split. */
    public List<String> runningOn(String id) {
        List<ResourceStatus> members = members(id);
        if (members.isEmpty()) {
            return List.of();
        }
        List<String> common = new ArrayList<>(members.get(0).nodes());
        for (ResourceStatus r : members) {
            if (!r.active()) {
                return List.of();
            }
            common.retainAll(r.nodes());
        }
        return common;
    }

    /** Reasons the cluster is not fit for a planned move; empty when healthy. */
    public List<String> healthProblems() {
        List<String> problems = new ArrayList<>();
        if (dc == null) {
            problems.add("no designated controller (DC): the cluster has no quorum or is starting");
        }
        for (NodeStatus n : nodes) {
            if (!n.online()) {
                problems.add("node " + n.name() + " is offline");
            } else if (n.unclean()) {
                problems.add("node " + n.name() + " is unclean");
            }
        }
        for (FailedAction f : failures) {
            problems.add("failed action " + f.describe());
        }
        for (ResourceStatus r : resources) {
            if (r.failed()) {
                problems.add("resource " + r.id() + " is failed");
            } else if (!r.managed()) {
                problems.add("resource " + r.id() + " is unmanaged");
            }
        }
        return problems;
    }
}

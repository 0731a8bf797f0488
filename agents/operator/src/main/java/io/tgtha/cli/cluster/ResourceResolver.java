// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.cluster;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the operator typed into resources to move: an IQN (the primitive whose iqn parameter
 * matches, or its group), or a resource id (group or primitive) as is.
 */
public final class ResourceResolver {
    private ResourceResolver() {
    }

    /** A resource to move and the IQN it carries (null when the operator named a non-target resource). */
    public record Resolved(String resource, String iqn) {
    }

    public static Resolved resolve(String name, List<TargetResource> targets, ClusterStatus status) {
        for (TargetResource t : targets) {
            if (t.iqn().equals(name)) {
                return new Resolved(t.movable(), t.iqn());
            }
        }
        for (TargetResource t : targets) {
            if (t.primitive().equals(name) || name.equals(t.group())) {
                return new Resolved(name, t.iqn());
            }
        }
        if (status.knows(name)) {
            return new Resolved(name, null);
        }
        throw new CliException(ExitCode.NOT_FOUND, "no target resource with iqn or id '" + name + "' in the cluster");
    }

    /** Every target's movable resource once (two targets in one group move together). */
    public static List<Resolved> all(List<TargetResource> targets) {
        Map<String, Resolved> byResource = new LinkedHashMap<>();
        for (TargetResource t : targets) {
            byResource.putIfAbsent(t.movable(), new Resolved(t.movable(), t.iqn()));
        }
        return new ArrayList<>(byResource.values());
    }
}

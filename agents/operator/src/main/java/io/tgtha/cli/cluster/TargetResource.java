package io.tgtha.cli.cluster;

/**
 * A Pacemaker primitive that configures a target (it has an {@code iqn} instance attribute), and the
 * group it belongs to. Moving a target means moving the group when there is one (IP, portblock,
 * target and LUNs travel together), the primitive otherwise.
 */
public record TargetResource(String primitive, String group, String iqn, String agent) {
    public String movable() {
        return group != null ? group : primitive;
    }
}

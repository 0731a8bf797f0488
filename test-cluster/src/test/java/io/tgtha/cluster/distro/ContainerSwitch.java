// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.distro;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private Ethernet segment for containers started with {@code --network none}: a bridge in a network namespace of
 * its own (the "switch"), and per container a veth pair whose one end is plugged into the bridge and whose other end
 * becomes the container's {@code eth0} (moved into its network namespace by the pid of its first process), as
 * {@code bin/cluster} links its namespace nodes. No host interface, no route out, no dockerd bridge or iptables
 * rule: traffic never leaves the namespaces the test made. Deleting the switch namespace deletes the pairs.
 */
final class ContainerSwitch implements AutoCloseable {
    private static final String PREFIX = "tgtha-cc-";

    private final String namespace;
    private int ports;

    private ContainerSwitch(String namespace) {
        this.namespace = namespace;
    }

    /** A new switch, named after this JVM's pid and {@code tag}. */
    static ContainerSwitch create(String tag) throws IOException, InterruptedException {
        ContainerSwitch sw = new ContainerSwitch(PREFIX + ProcessHandle.current().pid() + "-" + tag);
        sw.host("ip netns add " + sw.namespace + " && ip -n " + sw.namespace + " link set lo up"
                + " && ip -n " + sw.namespace + " link add br0 type bridge && ip -n " + sw.namespace + " link set br0 up");
        return sw;
    }

    /** Plugs {@code node} in: its eth0 gets {@code cidr} (e.g. 10.231.77.11/24) and goes up. */
    void plug(MatrixNode node, String cidr) throws IOException, InterruptedException {
        String port = "p" + (++ports);
        long pid = node.pid();
        host("ip -n " + namespace + " link add " + port + " type veth peer name eth0 netns " + pid
                + " && ip -n " + namespace + " link set " + port + " master br0 up"
                + " && nsenter -t " + pid + " -n ip addr add " + cidr + " dev eth0"
                + " && nsenter -t " + pid + " -n ip link set eth0 up");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        host("ip netns del " + namespace);
    }

    /**
     * Containers and switches of earlier runs whose JVM is gone (killed before its cleanup: Ryuk is off here), found
     * by the owner pid in their label or name. Only this test's own: other containers and namespaces are not touched.
     */
    static List<String> removeLeftovers() throws IOException, InterruptedException {
        String out = host("""
                for c in $(docker ps -aq --filter label=%1$s); do
                    o=$(docker inspect -f '{{index .Config.Labels "%1$s"}}' "$c")
                    kill -0 "$o" 2>/dev/null || { docker rm -f "$c" >/dev/null && echo "container $c"; }
                done
                for ns in $(ip netns list | awk '{print $1}' | grep '^%2$s[0-9][0-9]*-'); do
                    o=${ns#%2$s}; o=${o%%%%-*}
                    kill -0 "$o" 2>/dev/null || { ip netns del "$ns" && echo "namespace $ns"; }
                done
                true""".formatted(MatrixNode.OWNER_LABEL, PREFIX));
        return out.lines().toList();
    }

    private static String host(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of("timeout", "-k", "5", "60", "bash", "-euc", script)))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(70, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("on the host: " + script + "\n" + out);
        }
        return out;
    }
}

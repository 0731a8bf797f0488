// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.distro;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Volume;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One fresh Debian node in a container: the release's matrix image, no network at all (tgtd, the agents and the
 * initiator talk over the container's own lo, and apt can only use the image's packages), NET_ADMIN for the packet
 * filter (portblock), docker-init as PID 1 so the agent host and tgtd, which detach, are reaped. The .deb is copied in
 * as {@link #DEB}.
 */
final class MatrixNode implements AutoCloseable {
    static final String DEB = "/tmp/tgt-ha.deb";
    static final String LABEL = "io.tgtha.matrix";
    /** The pid of the JVM that started a cluster container: {@link ContainerSwitch#removeLeftovers} removes the dead ones'. */
    static final String OWNER_LABEL = "io.tgtha.matrix.owner";

    private final GenericContainer<?> container;

    private MatrixNode(GenericContainer<?> container) {
        this.container = container;
    }

    static MatrixNode start(String image, String release, Path deb) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("none")
                .withLabel(LABEL, release)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withInit(true)
                        .withCapAdd(Capability.NET_ADMIN))
                .withCopyFileToContainer(MountableFile.forHostPath(deb), DEB)
                .withCommand("sleep", "infinity");
        c.start();
        return new MatrixNode(c);
    }

    /**
     * A member of a cluster in containers: like {@link #start}, but with a host name (Corosync's and Pacemaker's node
     * name), NET_RAW beside NET_ADMIN (IPaddr2's gratuitous ARP), 256 MB of /dev/shm (libqb's ring buffers; Docker
     * gives 64 MB), {@code shared} bound as /srv/iscsi (the "shared storage" of the LUN and portblock's tickle
     * directory) unless null, and no .deb when {@code deb} is null (the initiator). Still {@code --network none}:
     * {@link ContainerSwitch} wires it. {@code owner} labels it with this JVM's pid, for the leftover sweep.
     */
    static MatrixNode startLinked(String image, String release, String hostname, Path deb, Path shared) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("none")
                .withLabel(LABEL, release)
                .withLabel(OWNER_LABEL, Long.toString(ProcessHandle.current().pid()))
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withHostName(hostname);
                    cmd.getHostConfig()
                            .withInit(true)
                            .withShmSize(256L * 1024 * 1024)
                            .withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW);
                    // Docker's bind, not withFileSystemBind: on this machine (/.dockerenv) that one first runs an
                    // alpine container to check file mounting, and no registry is reachable to pull it
                    if (shared != null) {
                        cmd.getHostConfig().withBinds(new Bind(shared.toString(), new Volume("/srv/iscsi")));
                    }
                })
                .withCommand("sleep", "infinity");
        if (deb != null) {
            c.withCopyFileToContainer(MountableFile.forHostPath(deb), DEB);
        }
        c.start();
        return new MatrixNode(c);
    }

    /** The pid, in the host's namespaces, of the container's first process: the handle of its network namespace. */
    long pid() {
        return container.getContainerInfo().getState().getPidLong();
    }

    /** Writes a file into the node without any command line (secrets, keys). */
    void write(String path, byte[] content, int mode) {
        container.copyFileToContainer(Transferable.of(content, mode), path);
    }

    /** What a shell script printed and its exit code. */
    record Result(int rc, String out, String err) {
        String describe() {
            return "rc " + rc + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs a bash script as root in the node, bounded by {@code timeout} inside the container (an exec has no limit of
     * its own): rc 124 or 137 means the limit was hit.
     */
    Result sh(Duration limit, String script) throws IOException, InterruptedException {
        Container.ExecResult r = container.execInContainer("timeout", "-k", "5", Long.toString(limit.toSeconds()),
                "bash", "-c", "export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 OCF_ROOT=/usr/lib/ocf "
                        + "PATH=/usr/sbin:/usr/bin:/sbin:/bin\nset -o pipefail\n" + script);
        return new Result(r.getExitCode(), r.getStdout(), r.getStderr());
    }

    @Override
    public void close() {
        container.stop();
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.distro;

import com.github.dockerjava.api.model.Capability;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
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

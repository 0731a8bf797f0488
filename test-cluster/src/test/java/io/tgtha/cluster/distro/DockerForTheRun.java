// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.distro;

import io.tgtha.testkit.Lab;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts dockerd once for all matrix classes of the run ({@code docker-daemon up}) and stops it after the last one,
 * if it started it. Not per class: Testcontainers keeps one Docker client per JVM, whose pooled connections break
 * ("Broken pipe") when the daemon behind them is restarted.
 */
final class DockerForTheRun implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DockerForTheRun.class);

    /** Closed by JUnit when the root context ends, after every test class. */
    private record Daemon(DistroScripts scripts, boolean startedHere) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (startedHere) {
                scripts.dockerDown();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (Lab.skipRequested() || "off".equals(System.getProperty("tgtha.distroMatrix", "on"))) {
            return;   // the test class aborts itself, with the reason
        }
        context.getRoot().getStore(NS).getOrComputeIfAbsent(Daemon.class, k -> {
            try {
                DistroScripts scripts = DistroScripts.locate();
                String answer = scripts.dockerUp();
                System.out.println("matrix: dockerd " + (answer.equals("started") ? "started" : "already running"));
                return new Daemon(scripts, answer.equals("started"));
            } catch (Exception e) {
                throw new IllegalStateException("docker-daemon up: " + e.getMessage(), e);
            }
        }, Daemon.class);
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Where and how to reach a remote node: key files and known_hosts, never a password. */
public record SshEndpoint(String host, int port, String user, List<Path> identities, Path knownHosts,
                          Duration connectTimeout) {
    public SshEndpoint {
        identities = List.copyOf(identities);
    }
}

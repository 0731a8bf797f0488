// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.distro;

/** The two-node cluster in containers on Debian 12 (bookworm): Pacemaker 2.1, Corosync 3.1.7. */
class ClusterOnDebian12IT extends TwoNodeClusterOnDebianRelease {
    ClusterOnDebian12IT() {
        super("bookworm");
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.distro;

/** The distribution matrix on Debian 12 (bookworm): Pacemaker 2.1, OpenJDK 17. */
class PackageOnDebian12IT extends PackageOnDebianRelease {
    PackageOnDebian12IT() {
        super("bookworm");
    }
}

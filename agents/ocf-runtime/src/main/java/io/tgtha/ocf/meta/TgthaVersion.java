// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.meta;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * tgt-ha's version, as the POM says: Maven writes it into {@code tgtha-version.txt} at build time,
 * so the agents' meta-data, {@code tgtha --version}, the jar manifest and the Debian package can
 * never disagree, and no source file holds a copy of the number.
 */
public final class TgthaVersion {
    private static final String RESOURCE = "tgtha-version.txt";

    private TgthaVersion() {
    }

    public static String current() {
        return Holder.VERSION;
    }

    // read once, on first use: operations that print no meta-data never open the resource
    private static final class Holder {
        static final String VERSION = read();
    }

    private static String read() {
        try (InputStream in = TgthaVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path: not built by Maven?");
            }
            String v = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (v.isEmpty() || v.contains("${")) {
                throw new IllegalStateException(RESOURCE + " was not filtered by Maven: '" + v + "'");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}

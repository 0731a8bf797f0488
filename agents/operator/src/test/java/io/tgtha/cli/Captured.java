// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real tool output captured on the lab machine (see src/test/resources/io/tgtha/cli/captured). */
final class Captured {
    private Captured() {
    }

    static String read(String name) {
        try (InputStream in = Captured.class.getResourceAsStream("/io/tgtha/cli/captured/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no captured file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Validates OCF meta-data against the DTD ocf-tester uses, with xmllint (Debian: libxml2-utils). */
final class Xmllint {
    static final Path RA_API_DTD = Path.of("/usr/share/resource-agents/ra-api-1.dtd");

    private Xmllint() {
    }

    /** @return xmllint's complaints, empty when the document is valid */
    static String problemsWith(Path xml) throws IOException, InterruptedException {
        if (!Files.isReadable(RA_API_DTD)) {
            throw new IllegalStateException(RA_API_DTD + " is missing: install resource-agents");
        }
        Process p;
        try {
            p = new ProcessBuilder("xmllint", "--noout", "--dtdvalid", RA_API_DTD.toString(), xml.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("xmllint is missing: install libxml2-utils", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "xmllint timed out";
        }
        return p.exitValue() == 0 ? "" : "xmllint rc " + p.exitValue() + ": " + out;
    }

    static String problemsWith(String xml) throws IOException, InterruptedException {
        Path tmp = Files.createTempFile("wr-meta", ".xml");
        try {
            Files.writeString(tmp, xml);
            return problemsWith(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

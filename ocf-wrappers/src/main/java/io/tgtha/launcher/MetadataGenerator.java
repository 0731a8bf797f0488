// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import io.tgtha.ocf.agent.ResourceAgent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code <agent>.xml} for every agent in the jar, at build time (and again at install time
 * from the jar being installed), so the OCF wrappers answer {@code meta-data} with {@code cat}:
 * Pacemaker asks for meta-data often and a JVM per request would cost ~50 ms each time.
 */
public final class MetadataGenerator {
    private MetadataGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: MetadataGenerator OUTPUT_DIR");
            System.exit(2);
        }
        List<String> written = generate(Path.of(args[0]));
        System.err.println("tgt-ha meta-data written for: " + (written.isEmpty() ? "(no agents present)"
                : String.join(", ", written)));
    }

    /** @return the names of the agents whose meta-data was written */
    public static List<String> generate(Path outputDir) throws IOException {
        return generate(AgentCatalog.TGTHA, outputDir);
    }

    static List<String> generate(AgentCatalog catalog, Path outputDir) throws IOException {
        Files.createDirectories(outputDir);
        List<String> present = catalog.presentNames();
        for (String known : catalog.knownNames()) {
            Path file = outputDir.resolve(known + ".xml");
            if (!present.contains(known)) {
                Files.deleteIfExists(file); // a stale file would advertise an agent the jar cannot run
                continue;
            }
            ResourceAgent agent = catalog.instantiate(known);
            // write-then-rename: a concurrent reader never sees half a file
            Path tmp = outputDir.resolve("." + known + ".xml.tmp");
            Files.write(tmp, agent.metadata().toXml().getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return present;
    }
}

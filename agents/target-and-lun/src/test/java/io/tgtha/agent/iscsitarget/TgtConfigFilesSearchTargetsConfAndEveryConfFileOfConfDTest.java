// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tgt-admin reads targets.conf and what it includes, {@code conf.d/*.conf}: a cluster-managed target also
 * defined there is warned about. Every file whose name ends in ".conf" counts, hidden ones included; backups
 * and other suffixes do not.
 */
class TgtConfigFilesSearchTargetsConfAndEveryConfFileOfConfDTest {
    private static final String IQN = "iqn.2024-01.com.example:t1";

    @Test
    void definitionsInTargetsConfAndConfDConfFilesAreFound(@TempDir Path dir) throws Exception {
        Path confD = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("targets.conf"), "include /etc/tgt/conf.d/*.conf\n\n  < TARGET\t" + IQN + " >\n");
        for (String name : new String[] {"cluster.conf", ".hidden.conf", ".conf", "a.conf.bak", "a.CONF", "a.conf~",
            "aconf", "README", "x.conf.conf", "with space.conf", "tab\t.conf"}) {
            Files.writeString(confD.resolve(name), "# " + name + "\n<target " + IQN + ">\n</target>\n");
        }
        Files.writeString(confD.resolve("other.conf"), "<target " + IQN + "-2>\n# <target " + IQN + ">\n");
        assertThat(new TgtConfigFiles(dir).definitionsOf(IQN)).containsExactlyInAnyOrder(
                dir.resolve("targets.conf") + ":3",
                confD.resolve("cluster.conf") + ":2", confD.resolve(".hidden.conf") + ":2", confD.resolve(".conf") + ":2",
                confD.resolve("x.conf.conf") + ":2", confD.resolve("with space.conf") + ":2",
                confD.resolve("tab\t.conf") + ":2");
    }
}

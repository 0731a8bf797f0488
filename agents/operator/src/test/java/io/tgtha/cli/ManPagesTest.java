// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.docs.ManPages;
import io.tgtha.testkit.Exec;
import io.tgtha.testkit.ExecResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The man pages as install.sh installs them (man1/ of a manual hierarchy, indexed with mandb), read with
 * man-db's own tools: issue 13 found no EXAMPLES, nothing for man -k, and tgtha-ready(1) missing.
 */
class ManPagesTest {
    static final Duration T = Duration.ofSeconds(60);
    static final List<String> PAGES = List.of("tgtha", "tgtha-status", "tgtha-drain", "tgtha-ready", "tgtha-failover",
            "tgtha-metrics", "tgtha-migrate", "tgtha-generate-completion");

    @TempDir
    Path dir;
    Path manpath;

    @BeforeEach
    void generateAndPlaceAsInstalled() throws Exception {
        ManPages.main(new String[]{dir.toString()});
        manpath = Files.createDirectories(dir.resolve("share/man/man1")).getParent();
        try (Stream<Path> pages = Files.list(dir.resolve("man"))) {
            for (Path p : pages.toList()) {
                Files.copy(p, manpath.resolve("man1").resolve(p.getFileName()));
            }
        }
    }

    @Test
    void everyOperatorSubcommandHasAPageAndNoHiddenOneHas() throws Exception {
        try (Stream<Path> pages = Files.list(manpath.resolve("man1"))) {
            assertThat(pages.map(p -> p.getFileName().toString().replace(".1", "")))
                    .containsExactlyInAnyOrderElementsOf(PAGES);
        }
        String status = Files.readString(manpath.resolve("man1/tgtha-status.1"));
        assertThat(status).startsWith(".\\\" generated").contains(".TH TGTHA-STATUS 1")
                .contains("\\fB\\-\\-stuck\\-after\\fR=\\fIDURATION\\fR").contains(".SH EXIT STATUS").contains("\\fB25\\fR");
        assertThat(Files.readString(dir.resolve("completion/tgtha"))).contains("_complete_tgtha").contains("_tgtha_complete");
    }

    @Test
    void pagesRenderWithoutWarningsAndEachHasExamplesAndSeeAlsoEveryOther() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/man")), "man-db is not installed");
        for (String page : PAGES) {
            ExecResult r = Exec.run(T, List.of("man", "--warnings", "-l", manpath.resolve("man1/" + page + ".1").toString()),
                    java.util.Map.of("MANWIDTH", "100", "MAN_KEEP_FORMATTING", ""));
            assertThat(r.ok()).as(r.toString()).isTrue();
            assertThat(r.stderr()).as(page).isEmpty();
            String text = r.stdout().replaceAll(".\b", "");
            assertThat(text).as(page).contains("EXAMPLES").contains("EXIT STATUS").contains("SEE ALSO");
            for (String other : PAGES.subList(0, 5)) {
                if (!other.equals(page)) {
                    assertThat(text).as(page + " sees " + other).contains(other + "(1)");
                }
            }
        }
    }

    @Test
    void manDashKFindsEveryPageOnceIndexedAsInstallShDoes() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mandb")), "man-db is not installed");
        ExecResult index = Exec.run(T, "mandb", "-q", manpath.toString());
        assertThat(index.ok()).as(index.toString()).isTrue();
        ExecResult apropos = Exec.run(T, "man", "-M", manpath.toString(), "-k", "tgtha");
        assertThat(apropos.ok()).as(apropos.toString()).isTrue();
        for (String page : PAGES) {
            assertThat(apropos.stdout()).contains(page + " (1)");
        }
        ExecResult man = Exec.run(T, List.of("man", "-M", manpath.toString(), "tgtha"), java.util.Map.of("MANWIDTH", "100"));
        assertThat(man.stdout().replaceAll(".\b", "")).contains("tgtha - Operate tgt iSCSI targets").contains("tgtha --host cl-n2 status --json");
    }
}

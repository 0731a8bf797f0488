// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.testkit.Exec;
import io.tgtha.testkit.ExecResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tgtha.cli.migrate.MigrationFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The configuration {@code tgtha migrate --apply} replaces in one change, from the stock CIB fixture: the installed
 * crm_verify (Pacemaker 2.1.5) accepts it; every mapped primitive keeps its id, group and position and has exactly the
 * planned agent and parameters; every stock constraint stays; the account clone and the orders are added; no id is
 * used twice.
 */
class CibRewriteTest {
    @TempDir
    Path dir;

    private static final String STOCK = read("stock-cluster.xml");

    private static MigrationPlan plan() {
        return StockMapper.map(CibConfiguration.parse(STOCK),
                new StockMapper.Options(Path.of("/etc/tgtha"), StockMapper.WriteCache.KEEP));
    }

    private static String rewritten() {
        return CibRewrite.cib(STOCK, CibConfiguration.parse(STOCK), plan());
    }

    @Test
    void crmVerifyAcceptsTheRewrittenCib() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/crm_verify")), "Pacemaker's crm_verify not installed");
        Path file = dir.resolve("cib.xml");
        Files.writeString(file, rewritten());
        ExecResult r = Exec.run(Duration.ofSeconds(60), "crm_verify", "--xml-file", file.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    @Test
    void everyMappedPrimitiveHasExactlyItsPlannedAgentAndParametersInItsOldPlace() {
        CibConfiguration after = CibConfiguration.parse(rewritten());
        CibConfiguration before = CibConfiguration.parse(STOCK);
        for (MigrationPlan.Mapped m : plan().mapped()) {
            CibPrimitive p = after.primitive(m.source().id()).orElseThrow();
            assertThat(p.agent()).isEqualTo("ocf:tgtha:" + m.tgthaType());
            assertThat(p.params()).as(p.id()).containsExactlyEntriesOf(m.params());
            assertThat(p.group()).isEqualTo(m.source().group());
            assertThat(p.ops()).isEqualTo(m.source().ops());
            assertThat(p.meta()).isEqualTo(m.source().meta());
        }
        assertThat(order(after)).as("group members in the same order").isEqualTo(order(before));
        assertThat(after.primitive("t1-ip").orElseThrow()).as("not ours: untouched")
                .isEqualTo(before.primitive("t1-ip").orElseThrow());
    }

    @Test
    void theAccountCloneCarriesTheStockSecretAndTheOrdersAreAdded() {
        String xml = rewritten();
        MigrationPlan.AccountClone a = plan().accounts().get(0);
        CibPrimitive account = CibConfiguration.parse(xml).primitive(a.primitiveId()).orElseThrow();
        assertThat(account.agent()).isEqualTo("ocf:tgtha:account");
        assertThat(account.cloneId()).isEqualTo(a.cloneId());
        assertThat(account.params()).containsExactly(Map.entry("username", "chapuser"),
                Map.entry("password", "Secret-One-4711"), Map.entry("direction", "incoming"));
        for (MigrationPlan.Order o : plan().orders()) {
            assertThat(xml).contains("<rsc_order first=\"" + o.first() + "\" id=\"" + o.id()
                    + "\" kind=\"Mandatory\" then=\"" + o.then() + "\"/>");
        }
        assertThat(xml).as("every stock constraint stays").contains("id=\"o-tgtd-before-t1\"")
                .contains("id=\"o-t1-before-t2\"").contains("id=\"o-t3-target-before-lun\"");
        assertThat(xml).as("no stock target keeps its secret").doesNotContain("incoming_password");
    }

    @Test
    void noIdIsUsedTwice() {
        List<String> ids = new ArrayList<>();
        var m = java.util.regex.Pattern.compile(" id=\"([^\"]*)\"").matcher(CibRewrite.configuration(STOCK,
                CibConfiguration.parse(STOCK), plan()));
        while (m.find()) {
            ids.add(m.group(1));
        }
        Set<String> seen = new HashSet<>();
        assertThat(ids.stream().filter(id -> !seen.add(id)).toList()).isEmpty();
        assertThat(ids).hasSizeGreaterThan(50);
    }

    /** Group id to its primitives, in document order. */
    private static Map<String, List<String>> order(CibConfiguration cib) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        cib.primitives().stream().filter(p -> p.group() != null)
                .forEach(p -> out.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p.id()));
        return out;
    }
}

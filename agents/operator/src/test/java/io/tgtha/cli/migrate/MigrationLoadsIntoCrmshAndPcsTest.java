// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.migrate.MigrationPlan.Mapped;
import io.tgtha.cli.migrate.StockMapper.WriteCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.tgtha.cli.migrate.MigrationFixtures.SECRETS;
import static io.tgtha.cli.migrate.MigrationFixtures.fixture;
import static io.tgtha.cli.migrate.MigrationFixtures.plan;
import static io.tgtha.cli.migrate.MigrationFixtures.tgtha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The printed step 4, run as printed (crmsh's here-document, pcs's command list) by the real crmsh 4.4 and pcs 0.11
 * against a scratch copy of the stock CIB ({@code CIB_file}, no cluster needed): the tools accept it, the result
 * passes crm_verify, every stock primitive has become its tgt-ha self with exactly the planned parameters, in the
 * same group at the same place, every stock constraint is still there, the account clone and its orders exist, and
 * no CHAP secret is left in the CIB.
 */
class MigrationLoadsIntoCrmshAndPcsTest {
    private static final Pattern CONSTRAINT = Pattern.compile("<rsc_(order|colocation|location)[^>]*/>");

    @TempDir
    Path dir;

    @Test
    void crmshLoadsTheMigration() throws Exception {
        requireTools("crm", "cibadmin", "crm_verify");
        var run = tgtha(null, "migrate", "--format", "crm", "--cib", fixture("stock-cluster.xml").toString());
        Path cib = scratchCib();
        shell(cib, run.step("4. One node, crmsh"), Map.of());
        assertMigrated(cib);
    }

    @Test
    void pcsAppliesTheMigration() throws Exception {
        requireTools("pcs", "cibadmin", "crm_resource", "crm_verify");
        // pcs checks parameter names against the agent's meta-data: the tgt-ha agents must be installed
        assumeThat(Files.isReadable(Path.of("/usr/lib/ocf/resource.d/tgtha/target"))).as("ocf:tgtha agents installed")
                .isTrue();
        var run = tgtha(null, "migrate", "--format", "pcs", "--cib", fixture("stock-cluster.xml").toString());
        String script = run.step("4. One node, pcs");
        assertThat(script).startsWith("CIB=$(mktemp /tmp/tgtha-migrate.XXXXXX)\npcs cluster cib \"$CIB\"\n")
                .endsWith("pcs cluster cib-push \"$CIB\" --config && rm -f \"$CIB\"\n\n");
        // what runs against the live cluster (copy out, push back) is left out: the copy is the scratch file
        String offline = script.lines()
                .filter(l -> !l.startsWith("CIB=$(mktemp") && !l.startsWith("pcs cluster cib"))
                .reduce("", (a, l) -> a + l + "\n");
        Path cib = scratchCib();
        shell(cib, offline, Map.of("CIB", cib.toString()));
        assertMigrated(cib);
    }

    private Path scratchCib() throws IOException {
        Path cib = dir.resolve("cib.xml");
        Files.copy(fixture("stock-cluster.xml"), cib);
        return cib;
    }

    private static void assertMigrated(Path cibFile) throws Exception {
        String before = MigrationFixtures.read("stock-cluster.xml");
        String after = Files.readString(cibFile);
        Result verify = exec(List.of("crm_verify", "--xml-file", cibFile.toString()), Map.of());
        assertThat(verify.rc()).as(verify.output()).isZero();

        CibConfiguration old = CibConfiguration.parse(before);
        CibConfiguration now = CibConfiguration.parse(after);
        MigrationPlan plan = plan("stock-cluster.xml", WriteCache.KEEP);
        for (Mapped m : plan.mapped()) {
            CibPrimitive p = now.primitive(m.source().id()).orElseThrow();
            assertThat(p.agent()).as(p.id()).isEqualTo("ocf:tgtha:" + m.tgthaType());
            assertThat(p.params()).as(p.id()).isEqualTo(m.params());
            assertThat(p.group()).as(p.id()).isEqualTo(m.source().group());
            assertThat(p.ops()).as(p.id()).isEqualTo(m.source().ops());
            assertThat(p.meta()).as(p.id()).isEqualTo(m.source().meta());
        }
        assertThat(now.primitives()).extracting(CibPrimitive::id)
                .as("no primitive lost or reordered (group order is start order)")
                .containsSubsequence(old.primitives().stream().map(CibPrimitive::id).toList());
        CibPrimitive account = now.primitive("chap-chapuser").orElseThrow();
        assertThat(account.agent()).isEqualTo("ocf:tgtha:account");
        assertThat(account.cloneId()).isEqualTo("chap-chapuser-clone");
        assertThat(account.params()).containsEntry("username", "chapuser")
                .containsEntry("password_file", "/etc/tgtha/chap-chapuser.secret");
        for (String constraint : constraints(before)) {
            assertThat(after).as("stock constraint kept").contains(constraint);
        }
        assertThat(constraints(after)).anyMatch(c -> c.contains("first=\"chap-chapuser-clone\"") && c.contains("then=\"g-t1\""))
                .anyMatch(c -> c.contains("first=\"chap-chapuser-clone\"") && c.contains("then=\"g-t2\""))
                .anyMatch(c -> c.contains("first=\"tgtd-clone\"") && c.contains("then=\"chap-chapuser-clone\""));
        assertThat(after).doesNotContain("name=\"incoming_password\"");
        SECRETS.forEach(s -> assertThat(after).doesNotContain(s));
    }

    private static List<String> constraints(String cib) {
        Matcher m = CONSTRAINT.matcher(cib);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static void requireTools(String... tools) {
        for (String tool : tools) {
            assumeThat(exec(List.of("sh", "-c", "command -v " + tool), Map.of()).rc()).as(tool + " installed").isZero();
        }
    }

    private static void shell(Path cib, String script, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("CIB_file", cib.toString());
        Result r = exec(List.of("bash", "-euo", "pipefail", "-c", script), all);
        assertThat(r.rc()).as(script + "\n---\n" + r.output()).isZero();
    }

    record Result(int rc, String output) {
    }

    private static Result exec(List<String> argv, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + "\n(timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}

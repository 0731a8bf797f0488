// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.CliContext;
import io.tgtha.cli.TgtHa;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.tgtha.cli.migrate.MigrationFixtures.SECRETS;
import static io.tgtha.cli.migrate.MigrationFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tgtha migrate --apply} against a stand-in cluster ({@link ApplyCluster}) holding the fixture CIBs: what it
 * refuses (nothing changed), what the dry run prints (nothing changed), the order of the real run (maintenance mode,
 * one replace, refresh, the probes checked, stock rules removed, maintenance mode as before), and the rollback when a
 * probe does not find a resource where it ran or a step fails: the cluster never stays in maintenance mode.
 */
class MigrateApplyTest {
    private static final String STOCK_RULE = "-A INPUT -d 10.0.0.21/32 -p tcp -m multiport --dports 3260 -j DROP";

    @TempDir
    Path ocfRoot;
    @TempDir
    Path lockDir;
    ApplyCluster cluster;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        for (String agent : MigrationApply.AGENTS) {
            Path p = Files.createDirectories(ocfRoot.resolve("resource.d/tgtha")).resolve(agent);
            Files.writeString(p, "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        cluster = new ApplyCluster(read("stock-cluster.xml"));
        cluster.runningOn.putAll(stockClusterRunning());
        cluster.iptables += STOCK_RULE + "\n" + STOCK_RULE + "\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n";
    }

    /** Where stock-cluster.xml's primitives run: g-t1 and t3 on n1, g-t2 and nfs-block on n2. */
    private static Map<String, String> stockClusterRunning() {
        Map<String, String> on = new java.util.LinkedHashMap<>();
        for (String id : List.of("t3-target", "t3-lun1", "t1-block", "t1-ip", "t1-target", "t1-lun1", "t1-lun2",
                "t1-unblock")) {
            on.put(id, "n1");
        }
        for (String id : List.of("nfs-block", "t2-block", "t2-ip", "t2-target", "t2-lun-database-primary",
                "t2-unblock")) {
            on.put(id, "n2");
        }
        return on;
    }

    /** What the tgt-ha probes find when they adopt everything: the same, plus the account clone where targets run. */
    private Map<String, String> adopted() {
        Map<String, String> on = new java.util.LinkedHashMap<>(stockClusterRunning());
        on.put(accountPrimitive(), "n1");
        on.put(accountPrimitive() + "#2", "n2");
        return on;
    }

    private String accountPrimitive() {
        return MigrationFixtures.plan("stock-cluster.xml", StockMapper.WriteCache.KEEP).accounts().get(0).primitiveId();
    }

    private int tgtha(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        Map<String, String> env = new HashMap<>();
        env.put("OCF_ROOT", ocfRoot.toString());
        CliContext ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), false, env, cluster,
                lockDir);
        return TgtHa.execute(args, ctx);
    }

    @Test
    void refusesWhatItCannotMapAndChangesNothing() {
        cluster.cib = read("stock-refusals.xml");
        int rc = tgtha("migrate", "--apply");
        assertThat(rc).isEqualTo(12);
        assertThat(err.toString()).contains("--apply refused, nothing was changed").contains("open-target")
                .contains("allowed_initiators is unset");
        assertThat(cluster.calls).extracting(c -> c.argv().get(0)).containsOnly("cibadmin");
        assertThat(cluster.calls("cibadmin", "--replace")).isEmpty();
    }

    @Test
    void dryRunChecksAndPrintsEverythingAndChangesNothing() {
        int rc = tgtha("migrate", "--apply", "--dry-run");
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString()).contains("t1-target: ocf:heartbeat:iSCSITarget -> ocf:tgtha:target")
                .contains("t2-lun-database-primary on n2").contains("Dry run: nothing was changed")
                .contains("new clone " + accountPrimitive() + "-clone (ocf:tgtha:account, username=chapuser");
        assertThat(cluster.calls("crm_verify", "--xml-pipe")).singleElement()
                .satisfies(c -> assertThat(c.stdin()).contains("provider=\"tgtha\" type=\"target\""));
        assertThat(cluster.calls).noneMatch(c -> c.is("crm_attribute") || c.is("cibadmin", "--replace")
                || c.is("crm_resource") || c.is("iptables", "-w", "5", "-D"));
        SECRETS.forEach(s -> assertThat(out.toString() + err).doesNotContain(s));
    }

    @Test
    void applyChangesTheCibOnceUnderMaintenanceModeAndEndsItAsItWas() {
        cluster.afterRefresh = adopted();
        int rc = tgtha("migrate", "--apply");
        assertThat(rc).as(err.toString()).isZero();

        List<String> order = cluster.calls.stream().map(c -> String.join(" ", c.argv().subList(0, Math.min(2,
                c.argv().size())))).filter(s -> !s.startsWith("cibadmin --query") && !s.startsWith("crm_mon")
                && !s.startsWith("crm_verify")).toList();
        assertThat(order).containsExactly("crm_attribute --type", "crm_resource --wait", "cibadmin --replace",
                "crm_resource --refresh", "crm_resource --wait", "iptables -w", "iptables -w", "iptables -w",
                "crm_attribute --type", "crm_resource --wait");
        assertThat(cluster.calls("crm_attribute").get(0).argv()).endsWith("--update", "true");
        assertThat(cluster.calls("crm_attribute").get(1).argv()).as("unset before, unset after").endsWith("--delete");
        assertThat(cluster.maintenance()).isNull();

        String replaced = cluster.calls("cibadmin", "--replace").get(0).stdin();
        assertThat(replaced).as("the replace keeps maintenance mode on").contains("name=\"maintenance-mode\" value=\"true\"")
                .doesNotContain("type=\"iSCSITarget\"").doesNotContain("type=\"iSCSILogicalUnit\"")
                .doesNotContain("provider=\"heartbeat\" type=\"portblock\"");
        assertThat(cluster.calls("iptables", "-w", "5", "-D")).as("both copies of the stock rule, nothing else")
                .extracting(c -> String.join(" ", c.argv().subList(4, c.argv().size())))
                .containsExactly(STOCK_RULE.substring(3), STOCK_RULE.substring(3));
        assertThat(out.toString()).contains("nothing was restarted").contains("--clean-stock-rules");
        SECRETS.forEach(s -> assertThat(out.toString() + err).doesNotContain(s));
        cluster.calls.forEach(c -> SECRETS.forEach(s -> assertThat(c.argv()).noneMatch(a -> a.contains(s))));
    }

    @Test
    void aProbeThatDoesNotFindTheTargetPutsTheOldConfigurationBackAndEndsMaintenanceMode() {
        cluster.afterRefresh = adopted();
        cluster.afterRefresh.put("t1-target", null);
        cluster.failedProbes.add("t1-target");
        String before = CibRewrite.configurationOf(read("stock-cluster.xml"));
        int rc = tgtha("migrate", "--apply");
        assertThat(rc).isEqualTo(11);
        assertThat(err.toString()).contains("everything it changed is undone")
                .contains("did not find everything running where the stock agents ran it");
        assertThat(out.toString()).contains("t1-target: the stock agent ran it on n1, the tgt-ha agent's probe finds it"
                + " on no node").contains("failed action t1-target_monitor_0 on n1: error (target has tid 4)")
                .contains("Done before the failure:\n  maintenance-mode=true").contains("Undone:")
                .contains("previous configuration put back").contains("maintenance-mode unset again (as before)");
        List<ApplyCluster.Call> replaces = cluster.calls("cibadmin", "--replace");
        assertThat(replaces).hasSize(2);
        assertThat(replaces.get(1).stdin()).as("the stock configuration, still in maintenance mode")
                .contains("type=\"iSCSITarget\"").contains("name=\"maintenance-mode\" value=\"true\"");
        assertThat(cluster.cib).contains("type=\"iSCSITarget\"");
        assertThat(cluster.maintenance()).isNull();
        assertThat(cluster.calls("iptables", "-w", "5", "-D")).as("nothing cleaned when nothing was migrated").isEmpty();
        assertThat(before).contains("type=\"iSCSITarget\"");
    }

    @Test
    void aResourceFoundOnAnotherNodeIsNotAdoption() {
        cluster.afterRefresh = adopted();
        cluster.afterRefresh.put("t2-unblock", "n1");
        assertThat(tgtha("migrate", "--apply")).isEqualTo(11);
        assertThat(out.toString()).contains("t2-unblock: the stock agent ran it on n2, the tgt-ha agent's probe finds it on n1");
        assertThat(cluster.maintenance()).isNull();
    }

    @Test
    void theAccountCloneMustBeFoundWhereItsTargetsRun() {
        cluster.afterRefresh = adopted();
        cluster.afterRefresh.remove(accountPrimitive() + "#2");
        assertThat(tgtha("migrate", "--apply")).isEqualTo(11);
        assertThat(out.toString()).contains("CHAP user chapuser not found in tgtd on n2");
    }

    @Test
    void aFailedReplaceLeavesTheConfigurationAndEndsMaintenanceMode() {
        cluster.fails = c -> c.is("cibadmin", "--replace");
        assertThat(tgtha("migrate", "--apply")).isEqualTo(11);
        assertThat(cluster.calls("cibadmin", "--replace")).hasSize(1);
        assertThat(cluster.calls("crm_resource", "--refresh")).isEmpty();
        assertThat(cluster.maintenance()).isNull();
        assertThat(err.toString()).contains("cibadmin --replace");
        assertThat(out.toString()).contains("Undone:").contains("maintenance-mode unset again")
                .doesNotContain("previous configuration put back");
    }

    /** cibadmin may quote the XML it rejects: the configuration handed to it carries the CHAP secret. */
    @Test
    void aFailedReplaceThatQuotesItsInputShowsNoSecret() {
        cluster.fails = c -> c.is("cibadmin", "--replace");
        cluster.failure = c -> "Call cib_replace failed (-203): Update does not conform to the configured schema\n"
                + c.stdin();
        assertThat(tgtha("migrate", "--apply")).isEqualTo(11);
        assertThat(cluster.calls("cibadmin", "--replace").get(0).stdin()).as("the stand-in really quotes a secret")
                .contains(MigrationFixtures.SECRETS.get(0));
        assertThat(out.toString()).contains("cibadmin --replace: Call cib_replace failed (-203)")
                .contains(SecretRedaction.HIDDEN);
        for (String secret : MigrationFixtures.SECRETS) {
            assertThat(out.toString()).doesNotContain(secret);
            assertThat(err.toString()).doesNotContain(secret);
        }
    }

    @Test
    void theRedactionHidesEveryPasswordNvpairAndEverySecretOfTheCib() {
        SecretRedaction r = SecretRedaction.of(CibConfiguration.parse(read("stock-cluster.xml")));
        assertThat(r.apply("<nvpair id=\"a\" name=\"password\" value=\"not-in-the-cib\"/>"
                + " <nvpair value=\"also-not\" name=\"incoming_password\" id=\"b\"/> line 3: Secret-One-4711"))
                .isEqualTo("<nvpair id=\"a\" name=\"password\" value=\"(secret hidden)\"/>"
                        + " <nvpair value=\"(secret hidden)\" name=\"incoming_password\" id=\"b\"/> line 3: (secret hidden)");
    }

    @Test
    void aClusterAlreadyInMaintenanceModeIsLeftAlone() {
        cluster.maintenance("true");
        assertThat(tgtha("migrate", "--apply")).isEqualTo(8);
        assertThat(err.toString()).contains("already in maintenance mode");
        assertThat(cluster.calls).noneMatch(c -> c.is("crm_attribute") || c.is("cibadmin", "--replace"));
        assertThat(cluster.maintenance()).isEqualTo("true");
    }

    @Test
    void aMaintenanceModeSetToFalseIsSetToFalseAgain() {
        cluster.maintenance("false");
        cluster.afterRefresh = adopted();
        assertThat(tgtha("migrate", "--apply")).as(err.toString()).isZero();
        assertThat(cluster.maintenance()).isEqualTo("false");
    }

    @Test
    void refusesWithoutTheTgtHaAgentsInstalled() throws Exception {
        Files.delete(ocfRoot.resolve("resource.d/tgtha/account"));
        assertThat(tgtha("migrate", "--apply")).isEqualTo(10);
        assertThat(err.toString()).contains("resource.d/tgtha/account").contains("nothing was changed");
        assertThat(cluster.calls).noneMatch(c -> c.is("crm_attribute"));
    }

    @Test
    void aConfigurationCrmVerifyRejectsIsNeverApplied() {
        cluster.fails = c -> c.is("crm_verify");
        assertThat(tgtha("migrate", "--apply")).isEqualTo(11);
        assertThat(err.toString()).contains("crm_verify rejects the migrated configuration");
        assertThat(cluster.calls).noneMatch(c -> c.is("crm_attribute") || c.is("cibadmin", "--replace"));
    }

    @Test
    void cleanStockRulesRemovesOnlyStockShapedRulesForTheClustersPorts() {
        assertThat(tgtha("migrate", "--clean-stock-rules", "--dry-run")).isZero();
        assertThat(out.toString()).contains("would remove 2 stock portblock rule(s) for port(s) [2049, 3260, 3261]");
        assertThat(cluster.calls("iptables", "-w", "5", "-D")).isEmpty();
        assertThat(tgtha("migrate", "--clean-stock-rules")).isZero();
        assertThat(cluster.calls("iptables", "-w", "5", "-D")).hasSize(2);
    }

    /** Regression: the cleanup ran iptables -D outside the packet-filter mutex every other change on the node holds. */
    @Test
    void stockRulesAreRemovedUnderThePacketFilterMutex() {
        java.util.List<Boolean> heldAtEachDelete = new java.util.ArrayList<>();
        cluster.fails = c -> {
            if (c.is("iptables", "-w", "5", "-D")) {
                heldAtEachDelete.add(packetFilterMutexIsHeld());
            }
            return false;
        };
        assertThat(tgtha("migrate", "--clean-stock-rules")).isZero();
        assertThat(heldAtEachDelete).hasSize(2).containsOnly(true);
        assertThat(packetFilterMutexIsHeld()).as("released afterwards").isFalse();
    }

    /** From another thread: FileMutex excludes threads of one JVM as well as other processes. */
    private boolean packetFilterMutexIsHeld() {
        java.util.concurrent.CompletableFuture<Boolean> held = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (var h = new io.tgtha.ocf.lock.FileMutex(lockDir, io.tgtha.ocf.lock.FileMutex.PACKET_FILTER)
                    .acquire(java.time.Duration.ZERO, "probe")) {
                return false;
            } catch (io.tgtha.ocf.lock.MutexTimeoutException e) {
                return true;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return held.join();
    }

    @Test
    void applyTakesNoCibFileAndNoJson() {
        assertThat(tgtha("migrate", "--apply", "--cib", "/tmp/x.xml")).isEqualTo(2);
        assertThat(tgtha("migrate", "--dry-run")).isEqualTo(2);
        assertThat(tgtha("migrate", "--apply", "--clean-stock-rules")).isEqualTo(2);
        assertThat(cluster.calls).isEmpty();
    }

    @Test
    void withAllowRestartAGroupWhoseProbeFailedIsRestartedAloneAfterMaintenanceModeEnds() {
        cluster.afterRefresh = adopted();
        cluster.afterRefresh.put("t1-target", null);
        cluster.failedProbes.add("t1-target");
        cluster.onRelease = () -> {
            cluster.afterRefresh.put("t1-target", "n1");
            cluster.failedProbes.clear();
        };
        int rc = tgtha("migrate", "--apply", "--allow-restart");
        assertThat(rc).as(out + "" + err).isZero();
        assertThat(cluster.calls("cibadmin", "--replace")).as("the new configuration stays").hasSize(1);
        List<String> steps = cluster.calls.stream().filter(c -> c.is("crm_attribute") || c.argv().contains("--meta")
                || c.argv().contains("--cleanup")).map(c -> String.join(" ", c.argv())).toList();
        assertThat(steps).containsExactly(
                "crm_attribute --type crm_config --name maintenance-mode --update true",
                "crm_resource --resource g-t1 --meta --set-parameter maintenance --parameter-value true",
                "crm_attribute --type crm_config --name maintenance-mode --delete",
                "crm_resource --resource g-t1 --meta --delete-parameter maintenance",
                "crm_resource --cleanup --resource g-t1");
        assertThat(out.toString()).contains("a restart is unavoidable for g-t1").contains("restarted g-t1")
                .contains("restarted one at a time");
    }

    @Test
    void withAllowRestartAGroupThatStillFailsIsReportedAndNothingStaysUnmanaged() {
        cluster.afterRefresh = adopted();
        cluster.afterRefresh.put("t1-target", null);
        cluster.afterRefresh.put("t2-target", null);
        assertThat(tgtha("migrate", "--apply", "--allow-restart")).isEqualTo(11);
        assertThat(err.toString()).contains("after the restart of g-t1").contains("not restarted: g-t2");
        assertThat(cluster.calls).filteredOn(c -> c.argv().contains("--delete-parameter"))
                .extracting(c -> c.argv().get(2)).containsExactly("g-t1", "g-t2");
        assertThat(cluster.maintenance()).isNull();
    }

    @Test
    void noClusterIsExitCodeSevenAndChangesNothing() {
        cluster.fails = c -> c.is("cibadmin", "--query");
        assertThat(tgtha("migrate", "--apply", "--dry-run")).isEqualTo(7);
        assertThat(err.toString()).contains("cannot read the CIB");
        assertThat(cluster.calls).hasSize(1);
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.ExitCode;
import io.tgtha.cli.migrate.MigrationPlan.AccountClone;
import io.tgtha.cli.migrate.MigrationPlan.Mapped;
import io.tgtha.cli.migrate.MigrationPlan.Order;
import io.tgtha.cli.migrate.MigrationPlan.StockRule;
import io.tgtha.cli.migrate.StockMapper.WriteCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

/** {@code tgtha migrate} over stock-cluster.xml: three stock targets in groups, LUNs, portblock pairs, a udp portblock. */
class MigrateCommandTest {
    private static final Path STOCK_LUN = Path.of("/usr/lib/ocf/resource.d/heartbeat/iSCSILogicalUnit");

    private static Mapped mapped(MigrationPlan plan, String id) {
        return plan.mapped().stream().filter(m -> m.source().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not mapped: " + plan.notMapped()));
    }

    @Test
    void everyStockResourceIsMappedUnderItsOwnName() {
        MigrationPlan plan = plan("stock-cluster.xml", WriteCache.KEEP);
        assertThat(plan.notMapped()).isEmpty();
        assertThat(plan.mapped()).extracting(m -> m.source().id() + "=" + m.tgthaType()).containsExactlyInAnyOrder(
                "t1-target=target", "t2-target=target", "t3-target=target",
                "t1-lun1=lun", "t1-lun2=lun", "t2-lun-database-primary=lun", "t3-lun1=lun",
                "t1-block=portblock", "t1-unblock=portblock", "t2-block=portblock", "t2-unblock=portblock",
                "nfs-block=portblock");
    }

    @Test
    void targetsKeepWhatInitiatorsSeeAndLoseTheirPassword() {
        MigrationPlan plan = plan("stock-cluster.xml", WriteCache.KEEP);
        Mapped t1 = mapped(plan, "t1-target");
        assertThat(t1.params()).containsExactly(Map.entry("implementation", "tgt"),
                Map.entry("iqn", "iqn.2026-01.com.example:t1"), Map.entry("tid", "1"),
                Map.entry("portals", "10.0.0.21:3260"),
                Map.entry("allowed_initiators", "10.0.0.100 10.0.0.101"),
                Map.entry("incoming_username", "chapuser"),
                Map.entry("additional_parameters", "MaxRecvDataSegmentLength=262144 MaxXmitDataSegmentLength=262144"));
        assertThat(t1.removed()).containsExactly("incoming_password");
        assertThat(t1.source().ops()).extracting(CibOp::name).containsExactly("monitor", "start", "stop");

        Mapped t3 = mapped(plan, "t3-target");
        assertThat(t3.params()).containsEntry("implementation", "tgt").doesNotContainKey("tid");
        assertThat(t3.notes()).anyMatch(n -> n.startsWith("implementation was unset"))
                .anyMatch(n -> n.startsWith("tid was unset"));
    }

    @Test
    void oneAccountCloneServesEveryTargetOfTheUserAndStartsAfterTgtdAndBeforeTheirGroups() {
        MigrationPlan plan = plan("stock-cluster.xml", WriteCache.KEEP);
        assertThat(plan.accounts()).containsExactly(new AccountClone("chap-chapuser", "chap-chapuser-clone", "chapuser",
                Path.of("/etc/tgtha/chap-chapuser.secret"), "t1-target", List.of("t1-target", "t2-target"), false));
        assertThat(plan.orders()).containsExactly(
                new Order("o-tgtd-clone-before-chap-chapuser-clone", "tgtd-clone", "chap-chapuser-clone"),
                new Order("o-chap-chapuser-clone-before-g-t1", "chap-chapuser-clone", "g-t1"),
                new Order("o-chap-chapuser-clone-before-g-t2", "chap-chapuser-clone", "g-t2"));
    }

    @Test
    void lunsKeepTheIdentityTheStockAgentGaveThemAndTheirWriteCache() {
        MigrationPlan plan = plan("stock-cluster.xml", WriteCache.KEEP);
        Mapped lun1 = mapped(plan, "t1-lun1");
        assertThat(lun1.params()).containsEntry("scsi_id", "t1-lun1")
                .containsEntry("scsi_sn", StockLunIdentity.defaultScsiSn("t1-lun1"))
                .containsEntry("write_cache", "true");
        assertThat(mapped(plan, "t2-lun-database-primary").params()).containsEntry("scsi_id", "t2-lun-database-")
                .doesNotContainKey("write_cache"); // its additional_parameters set the caching mode page itself

        Mapped lun2 = mapped(plan, "t1-lun2");
        assertThat(lun2.params()).containsEntry("scsi_id", "vol-000002").containsEntry("scsi_sn", "0a1b2c3d")
                .containsEntry("vendor_id", "ACME").containsEntry("product_id", "STORE")
                .containsEntry("tgt_bstype", "aio").containsEntry("tgt_bsoflags", "direct")
                .containsEntry("additional_parameters", "thin_provisioning=1").containsEntry("write_cache", "true");
        assertThat(lun2.removed()).containsExactly("liot_bstype");
        assertThat(lun2.source().ops().get(0).attributes()).containsEntry("OCF_CHECK_LEVEL", "10");

        assertThat(mapped(plan("stock-cluster.xml", WriteCache.OFF), "t1-lun1").params())
                .containsEntry("write_cache", "false");
    }

    private static String withAccount(String secretParameter) {
        return MigrationFixtures.read("stock-cluster.xml").replace("    </resources>", """
                      <clone id="acct-clone">
                        <primitive id="acct" class="ocf" provider="tgtha" type="account">
                          <instance_attributes id="acct-instance_attributes">
                            <nvpair name="username" value="chapuser" id="acct-instance_attributes-username"/>
                            %s
                          </instance_attributes>
                        </primitive>
                      </clone>
                    </resources>""".formatted(secretParameter));
    }

    @Test
    void anAccountCloneAlreadyInTheCibIsUsedNotDuplicated(@TempDir Path dir) throws Exception {
        Path cib = Files.writeString(dir.resolve("cib.xml"), withAccount(
                "<nvpair name=\"password_file\" value=\"/etc/tgtha/lab.secret\" id=\"acct-instance_attributes-password_file\"/>"));
        var run = tgtha(null, "migrate", "--format", "crm", "--cib", cib.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.crmsh()).doesNotContain("ocf:tgtha:account")
                .contains("order o-acct-clone-before-g-t1 Mandatory: acct-clone g-t1");
        assertThat(run.step("2. Every node")).startsWith("[ \"$(crm_resource --resource t1-target --get-parameter"
                + " incoming_password)\" = \"$(cat /etc/tgtha/lab.secret)\" ] || echo \"/etc/tgtha/lab.secret: not the"
                + " secret of t1-target (CHAP user chapuser): make them equal before step 4\"\n# (no new secret file)");
    }

    @Test
    void anAccountCloneWithAnotherPasswordInTheCibIsRefused(@TempDir Path dir) throws Exception {
        Path cib = Files.writeString(dir.resolve("cib.xml"), withAccount(
                "<nvpair name=\"password\" value=\"Other-Secret-9\" id=\"acct-instance_attributes-password\"/>"));
        var run = tgtha(null, "migrate", "--cib", cib.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_MAPPED.code());
        assertThat(run.step("Not mapped")).contains("# t1-target: CHAP user chapuser already has a tgt-ha account, acct,"
                + " whose password differs").contains("# t2-target: CHAP user chapuser already");
        assertThat(run.out() + run.err()).doesNotContain("Other-Secret-9").doesNotContain("Secret-One-4711");
    }

    /** p_lun1 and vol1 have the hex digits "1" only: tgtd gives both the WWID 0x6000...0001. */
    @Test
    void lunsWhoseStockNamesShareAWwidKeepItAndAreTold() {
        String xml = MigrationFixtures.read("stock-cluster.xml").replace("t1-lun1", "p_lun1").replace("t3-lun1", "vol1");
        MigrationPlan plan = StockMapper.map(CibConfiguration.parse(xml),
                new StockMapper.Options(Path.of("/etc/tgtha"), WriteCache.KEEP));
        assertThat(mapped(plan, "p_lun1").params()).containsEntry("scsi_id", "p_lun1");
        assertThat(mapped(plan, "vol1").params()).containsEntry("scsi_id", "vol1");
        assertThat(mapped(plan, "p_lun1").notes()).contains("shares WWID 0x60000000000000000000000000000001 with [vol1]"
                + " (tgtd reads only scsi_id's hex digits): kept so initiators see no change, but multipath may merge"
                + " these LUNs; give each a scsi_id with 12 or more hex digits in a planned window"
                + " (docs/migration.md)");
        assertThat(mapped(plan, "vol1").notes()).anyMatch(n -> n.startsWith("shares WWID 0x6000") && n.contains("[p_lun1]"));
        assertThat(mapped(plan("stock-cluster.xml", WriteCache.KEEP), "t1-lun1").notes())
                .noneMatch(n -> n.startsWith("shares WWID"));
    }

    /** The stock agent's meta-data prints its defaults with OCF_RESOURCE_INSTANCE expanded: ask it, not a copy. */
    @Test
    void explicitIdentityEqualsWhatTheInstalledStockAgentDerives() throws Exception {
        assumeThat(Files.isExecutable(STOCK_LUN)).as("resource-agents installed").isTrue();
        MigrationPlan plan = plan("stock-cluster.xml", WriteCache.KEEP);
        for (String id : List.of("t1-lun1", "t2-lun-database-primary", "t3-lun1")) {
            ProcessBuilder pb = new ProcessBuilder(STOCK_LUN.toString(), "meta-data").redirectErrorStream(true);
            pb.environment().put("OCF_ROOT", "/usr/lib/ocf");
            pb.environment().put("OCF_RESOURCE_INSTANCE", id);
            Process meta = pb.start();
            String xml = new String(meta.getInputStream().readAllBytes());
            assertThat(meta.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(mapped(plan, id).params()).containsEntry("scsi_id", stockDefault(xml, "scsi_id"))
                    .containsEntry("scsi_sn", stockDefault(xml, "scsi_sn"));
        }
    }

    private static String stockDefault(String metaData, String parameter) {
        Matcher m = Pattern.compile("<parameter name=\"" + parameter + "\".*?<content type=\"string\" default=\"([^\"]*)\"",
                Pattern.DOTALL).matcher(metaData);
        assertThat(m.find()).as(parameter + " in the stock meta-data").isTrue();
        return m.group(1);
    }

    @Test
    void tcpPortblocksResetOnOutputUdpKeepsItsDrop() {
        MigrationPlan plan = plan("stock-cluster.xml", WriteCache.KEEP);
        assertThat(mapped(plan, "t1-unblock").params()).containsExactly(Map.entry("protocol", "tcp"),
                Map.entry("portno", "3260"), Map.entry("ip", "10.0.0.21"), Map.entry("action", "unblock"),
                Map.entry("reset_local_on_unblock_stop", "true"), Map.entry("tickle_dir", "/srv/tickle"),
                Map.entry("direction", "out"), Map.entry("method", "reject"));
        assertThat(mapped(plan, "t2-block").params()).containsEntry("direction", "out").containsEntry("method", "reject");
        assertThat(mapped(plan, "nfs-block").params()).containsEntry("direction", "in").containsEntry("method", "drop");
        assertThat(mapped(plan, "t1-unblock").source().meta()).containsEntry("target-role", "Started");
    }

    @Test
    void everyRuleTheStockPortblockCanLeaveIsNamedOnce() {
        assertThat(plan("stock-cluster.xml", WriteCache.KEEP).leftoverRules()).containsExactlyInAnyOrder(
                new StockRule("t1-block", "INPUT", "-p tcp -d 10.0.0.21 -m multiport --dports 3260 -j DROP"),
                new StockRule("t1-unblock", "OUTPUT",
                        "-p tcp -s 10.0.0.21 -m multiport --sports 3260 -j REJECT --reject-with tcp-reset"),
                new StockRule("t2-block", "INPUT", "-p tcp -d 10.0.0.22 -m multiport --dports 3260,3261 -j DROP"),
                new StockRule("t2-block", "OUTPUT", "-p tcp -s 10.0.0.22 -m multiport --sports 3260,3261 -j DROP"),
                new StockRule("nfs-block", "INPUT", "-p udp -d 0.0.0.0/0 -m multiport --dports 2049 -j DROP"));
    }

    @Test
    void thePrintedProcedureNeverContainsAPasswordAndExitsZero() {
        var run = tgtha(null, "migrate", "--cib", fixture("stock-cluster.xml").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String secret : SECRETS) {
            assertThat(run.out()).doesNotContain(secret);
            assertThat(run.err()).doesNotContain(secret);
        }
        assertThat(run.step("2. Every node")).contains(
                "(umask 077; crm_resource --resource t1-target --get-parameter incoming_password > /etc/tgtha/chap-chapuser.secret)");
        assertThat(run.step("3. Every node")).contains("for r in nfs-block t1-block t1-unblock t2-block t2-unblock; do");
        assertThat(run.step("5. Every node")).contains("while iptables -w -C INPUT -p tcp -d 10.0.0.21 -m multiport"
                + " --dports 3260 -j DROP 2>/dev/null; do iptables -w -D INPUT -p tcp -d 10.0.0.21 -m multiport --dports"
                + " 3260 -j DROP; done");
        assertThat(run.crmsh()).contains("primitive t1-lun1 ocf:tgtha:lun").contains("# t1-lun1: write_cache=true is what");
        assertThat(run.out()).contains("## 4 (or, instead of the crmsh step). One node, pcs");
        assertThat(run.commands()).isEmpty();
    }

    @Test
    void readsTheLiveCibWithCibadminWithoutAFile() {
        var run = tgtha("stock-cluster.xml", "migrate", "--format", "crm");
        assertThat(run.exitCode()).isZero();
        assertThat(run.commands()).containsExactly(List.of("cibadmin", "--query"));
        assertThat(run.out()).contains("# CIB read from: cibadmin --query").contains("crm configure load update -")
                .doesNotContain("pcs -f");
    }

    @Test
    void noClusterAndBadOptionsAreClearErrors(@TempDir Path dir) throws Exception {
        var none = tgtha(null, "migrate");
        assertThat(none.exitCode()).isEqualTo(ExitCode.NO_CLUSTER.code());
        assertThat(none.err()).startsWith("tgtha: cannot read the CIB:").doesNotContain("at io.tgtha");
        var missing = tgtha(null, "migrate", "--cib", "/nonexistent/cib.xml");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(missing.err()).startsWith("tgtha: --cib: cannot read /nonexistent/cib.xml");
        var format = tgtha(null, "migrate", "--format", "xml", "--cib", fixture("stock-cluster.xml").toString());
        assertThat(format.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(format.err()).contains("'xml' is not one of crm, pcs, both").doesNotContain("at io.tgtha");
        var json = tgtha(null, "migrate", "--json", "--cib", fixture("stock-cluster.xml").toString());
        assertThat(json.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(json.out()).contains("\"exitCode\": 2").contains("it has no --json");
        Path notXml = Files.writeString(dir.resolve("cib.txt"), "Connection to the CIB manager failed\n");
        var garbage = tgtha(null, "migrate", "--cib", notXml.toString());
        assertThat(garbage.exitCode()).isEqualTo(ExitCode.COMMAND_FAILED.code());
        assertThat(garbage.err()).startsWith("tgtha: cannot parse the CIB:");
    }

    @Test
    void aClusterWithoutStockResourcesHasNothingToDo() {
        var run = tgtha(null, "migrate", "--cib", Path.of("src/test/resources/io/tgtha/cli/captured/cib-tgtha-lab.xml")
                .toAbsolutePath().toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("# Mapped: 0 resource(s). Not mapped: 0.").contains("# Nothing to migrate.")
                .doesNotContain("maintenance-mode");
    }
}

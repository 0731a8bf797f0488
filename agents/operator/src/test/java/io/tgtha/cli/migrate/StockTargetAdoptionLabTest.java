// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.agent.account.AccountAgent;
import io.tgtha.agent.iscsitarget.TargetAgent;
import io.tgtha.agent.lun.LunAgent;
import io.tgtha.testkit.Exec;
import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import io.tgtha.testkit.TgtadmTargets;
import io.tgtha.testkit.VethLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@code tgtha migrate --apply} relies on: a target and LUNs that the real stock agents (resource-agents 4.12
 * iSCSITarget and iSCSILogicalUnit, implementation=tgt) built, with CHAP and an address ACL, are found running
 * (probe rc 0) by the tgt-ha target, LUN and account agents configured with the parameters {@link StockMapper} maps
 * them to, and an initiator sees the same WWID (VPD 0x83) and serial (VPD 0x80) when the tgt-ha agents build them
 * again (as on the next failover, to the other node).
 *
 * <p>The stock agents only speak to the default tgtd (control port 0, {@code /run/tgtd/socket.0}), so this tgtd runs
 * in a private mount namespace with a tmpfs on /run/tgtd, and every agent runs inside it with nsenter.
 */
class StockTargetAdoptionLabTest {
    private static final Path STOCK = Path.of("/usr/lib/ocf/resource.d/heartbeat");
    private static final Duration T = Duration.ofSeconds(30);
    private static final String IQN = "iqn.2026-01.io.tgtha.mg:adopt";
    private static final String USER = "adopt-chap";
    private static final String SECRET = "Adopt-Secret-4242";

    @TempDir
    Path dir;
    Netns node;
    Netns ini;
    Process tgtd;
    String ip;
    String iniIp;

    @BeforeEach
    void lab() throws Exception {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq", "nsenter", "unshare");
        assumeTrue(Files.isExecutable(STOCK.resolve("iSCSITarget")), "stock agents (resource-agents) not installed");
        Lab.cleanupLeftovers("mga");
        node = Netns.create("mga", "tgt");
        ini = Netns.create("mga", "ini");
        Files.createDirectories(dir.resolve("rsctmp"));
        ip = "10.231.47.1";
        iniIp = "10.231.47.2";
        VethLink.connect(node, ip, ini, iniIp, 30);
        File log = dir.resolve("tgtd.log").toFile();
        tgtd = node.start(log, "unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o mode=0755 mga-tgtd /run/tgtd && exec tgtd -f --iscsi portal=" + ip + ":3260");
        long deadline = System.nanoTime() + T.toNanos();
        while (!(isTgtd() && inside(Map.of(), "tgtadm", "--op", "show", "--mode", "system").ok())) {
            assertThat(tgtd.isAlive()).as("tgtd: %s", Files.readString(log.toPath())).isTrue();
            assertThat(System.nanoTime()).as("tgtd did not come up").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private boolean isTgtd() throws Exception {
        return Files.readString(Path.of("/proc/" + tgtd.pid() + "/comm")).strip().equals("tgtd");
    }

    @AfterEach
    void tearDown() {
        try {
            if (tgtd != null) {
                Exec.killTree(tgtd.toHandle());
            }
        } finally {
            try {
                if (ini != null) {
                    ini.close();
                }
            } finally {
                if (node != null) {
                    node.close();
                }
            }
        }
    }

    /** A command in tgtd's network and mount namespaces. */
    private ExecResult inside(Map<String, String> env, String... command) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", Long.toString(tgtd.pid()), "-m", "-n", "--"));
        cmd.addAll(List.of(command));
        return Exec.run(T, cmd, env);
    }

    private ExecResult stock(String agent, String action, CibPrimitive p) {
        Map<String, String> env = new HashMap<>();
        env.put("OCF_ROOT", "/usr/lib/ocf");
        env.put("OCF_RESOURCE_INSTANCE", p.id());
        env.put("HA_RSCTMP", dir.resolve("rsctmp").toString());
        p.params().forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        return inside(env, STOCK.resolve(agent).toString(), action);
    }

    /** A tgt-ha agent in a JVM of its own inside tgtd's namespaces; a probe unless the action is not monitor. */
    private ExecResult tgtha(Class<?> agent, String action, String instance, Map<String, String> params) {
        Map<String, String> env = new HashMap<>();
        env.put("OCF_RESOURCE_INSTANCE", instance);
        env.put("OCF_RESKEY_CRM_meta_interval", "0");
        env.put("OCF_RESKEY_CRM_meta_timeout", "20000");
        env.put("TGTHA_RUN_DIR", dir.resolve("run").toString());
        env.put("HA_LOGFILE", dir.resolve("agents.log").toString());
        params.forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        String java = ProcessHandle.current().info().command().orElse("java");
        return inside(env, java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), agent.getName(), action);
    }

    /** Page 0x83 or 0x80 of the LUN as the initiator reads it (iscsi-inq takes the page code in decimal only). */
    private String vpd(int lun, String page) {
        ExecResult r = ini.exec(T, Map.of("LIBISCSI_CHAP_USERNAME", USER, "LIBISCSI_CHAP_PASSWORD", SECRET),
                "timeout", "-k", "1", "20", "iscsi-inq", "-i", "iqn.2026-01.io.tgtha.mg:reader", "-e", "1", "-c",
                Integer.toString(Integer.decode(page)),
                "iscsi://" + ip + ":3260/" + IQN + "/" + lun);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r.stdout();
    }

    private Path backing(String name) {
        return TgtadmTargets.sparseFile(dir.resolve(name), 16 << 20);
    }

    /** The stock resources as a CIB holds them: a target with CHAP, a LUN with the stock identity, one with its own. */
    private CibConfiguration stockCib() throws Exception {
        String xml = "<cib><configuration><crm_config/><nodes/><resources><group id=\"g-adopt\">"
                + primitive("adopt-target", "iSCSITarget", Map.of("implementation", "tgt", "iqn", IQN, "tid", "3",
                        "allowed_initiators", iniIp, "incoming_username", USER, "incoming_password", SECRET))
                + primitive("adopt-lun1", "iSCSILogicalUnit", Map.of("implementation", "tgt", "target_iqn", IQN,
                        "lun", "1", "path", backing("l1.img").toString()))
                + primitive("adopt-lun2", "iSCSILogicalUnit", Map.of("implementation", "tgt", "target_iqn", IQN,
                        "lun", "2", "path", backing("l2.img").toString(), "scsi_id", "600140512abcdef0",
                        "scsi_sn", "beef0002", "vendor_id", "ACME", "product_id", "Adopted"))
                + "</group></resources><constraints/></configuration><status/></cib>";
        return CibConfiguration.parse(xml);
    }

    private static String primitive(String id, String type, Map<String, String> params) {
        StringBuilder b = new StringBuilder("<primitive id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\""
                + type + "\"><instance_attributes id=\"" + id + "-ia\">");
        params.forEach((k, v) -> b.append("<nvpair id=\"").append(id).append('-').append(k).append("\" name=\"")
                .append(k).append("\" value=\"").append(v).append("\"/>"));
        return b.append("</instance_attributes></primitive>").toString();
    }

    @Test
    void theTgtHaAgentsFindWhatTheStockAgentsBuiltRunningAndRebuildItWithTheSameIdentity() throws Exception {
        CibConfiguration cib = stockCib();
        MigrationPlan plan = StockMapper.map(cib, new StockMapper.Options(Path.of("/etc/tgtha"), StockMapper.WriteCache.KEEP));
        assertThat(plan.notMapped()).isEmpty();
        for (String id : List.of("adopt-target", "adopt-lun1", "adopt-lun2")) {
            CibPrimitive p = cib.primitive(id).orElseThrow();
            ExecResult start = stock(p.type(), "start", p);
            assertThat(start.exitCode()).as(start.describe()).isZero();
        }
        Map<Integer, String> wwid = Map.of(1, vpd(1, "0x83"), 2, vpd(2, "0x83"));
        Map<Integer, String> serial = Map.of(1, vpd(1, "0x80"), 2, vpd(2, "0x80"));
        assertThat(serial.get(1)).contains(StockLunIdentity.defaultScsiSn("adopt-lun1"));
        assertThat(serial.get(2)).contains("beef0002");
        // iscsi-inq prints a binary NAA designator only up to its first zero byte; the T10 vendor-ID designator
        // carries scsi_id itself, from which tgtd derives the NAA: both pages are compared whole below
        assertThat(wwid.get(1)).contains("Designator Type:(3) NAA").contains("Designator:[adopt-lun1]");
        assertThat(wwid.get(2)).contains("Designator:[600140512abcdef0]");
        assertThat(wwid.get(1)).as("two LUNs, two identities").isNotEqualTo(wwid.get(2));

        // the probes after the CIB change: every resource running, the account found in tgtd, nothing changed
        String before = inside(Map.of(), "tgtadm", "--lld", "iscsi", "--op", "show", "--mode", "target").stdout();
        Map<String, Map<String, String>> mapped = new HashMap<>();
        plan.mapped().forEach(m -> mapped.put(m.source().id(), m.params()));
        ExecResult target = tgtha(TargetAgent.class, "monitor", "adopt-target", mapped.get("adopt-target"));
        assertThat(target.exitCode()).as("target probe: " + target.describe()).isZero();
        for (String lun : List.of("adopt-lun1", "adopt-lun2")) {
            ExecResult r = tgtha(LunAgent.class, "monitor", lun, mapped.get(lun));
            assertThat(r.exitCode()).as(lun + " probe: " + r.describe()).isZero();
        }
        MigrationPlan.AccountClone account = plan.accounts().get(0);
        Map<String, String> accountParams = Map.of("username", account.username(), "password", SECRET,
                "direction", "incoming");
        ExecResult probe = tgtha(AccountAgent.class, "monitor", account.primitiveId(), accountParams);
        assertThat(probe.exitCode()).as("account probe: " + probe.describe()).isZero();
        assertThat(inside(Map.of(), "tgtadm", "--lld", "iscsi", "--op", "show", "--mode", "target").stdout())
                .as("the probes changed nothing").isEqualTo(before);

        // the next failover: the stock agents gone (here: stopped), the tgt-ha agents build the same target again
        for (String id : List.of("adopt-lun2", "adopt-lun1", "adopt-target")) {
            CibPrimitive p = cib.primitive(id).orElseThrow();
            ExecResult stop = stock(p.type(), "stop", p);
            assertThat(stop.exitCode()).as(stop.describe()).isZero();
        }
        assertThat(tgtha(AccountAgent.class, "start", account.primitiveId(), accountParams).exitCode()).isZero();
        assertThat(tgtha(TargetAgent.class, "start", "adopt-target", mapped.get("adopt-target")).exitCode()).isZero();
        for (String lun : List.of("adopt-lun1", "adopt-lun2")) {
            ExecResult r = tgtha(LunAgent.class, "start", lun, mapped.get(lun));
            assertThat(r.exitCode()).as(lun + " start: " + r.describe()).isZero();
        }
        assertThat(Map.of(1, vpd(1, "0x83"), 2, vpd(2, "0x83"))).as("WWIDs under tgt-ha").isEqualTo(wwid);
        assertThat(Map.of(1, vpd(1, "0x80"), 2, vpd(2, "0x80"))).as("serials under tgt-ha").isEqualTo(serial);
    }

    /**
     * Why {@link StockMapper} refuses a stock target whose allowed_initiators names an initiator: the stock agent binds
     * every entry with --initiator-address, so tgtd never matches a name there and that initiator cannot log in;
     * tgt-ha would bind it as an initiator name and let it in.
     */
    @Test
    void aStockAclEntryThatIsAnInitiatorNameLetsThatInitiatorNotIn() throws Exception {
        String reader = "iqn.2026-01.io.tgtha.mg:reader";
        String xml = "<cib><configuration><crm_config/><nodes/><resources>"
                + primitive("named-target", "iSCSITarget", Map.of("implementation", "tgt", "iqn", IQN, "tid", "5",
                        "allowed_initiators", reader))
                + primitive("named-lun", "iSCSILogicalUnit", Map.of("implementation", "tgt", "target_iqn", IQN,
                        "lun", "1", "path", backing("n1.img").toString()))
                + "</resources><constraints/></configuration><status/></cib>";
        CibConfiguration cib = CibConfiguration.parse(xml);
        for (String id : List.of("named-target", "named-lun")) {
            CibPrimitive p = cib.primitive(id).orElseThrow();
            assertThat(stock(p.type(), "start", p).exitCode()).isZero();
        }
        ExecResult login = ini.exec(T, "timeout", "-k", "1", "15", "iscsi-inq", "-i", reader,
                "iscsi://" + ip + ":3260/" + IQN + "/1");
        assertThat(login.exitCode()).as("the named initiator under the stock agent: " + login.describe()).isNotZero();
        inside(Map.of(), "tgtadm", "--lld", "iscsi", "--op", "bind", "--mode", "target", "--tid", "5",
                "--initiator-address", iniIp).orThrow();
        ExecResult byAddress = ini.exec(T, "timeout", "-k", "1", "15", "iscsi-inq", "-i", reader,
                "iscsi://" + ip + ":3260/" + IQN + "/1");
        assertThat(byAddress.exitCode()).as("the same login once its address is bound: " + byAddress.describe()).isZero();
        assertThat(StockMapper.map(cib, new StockMapper.Options(Path.of("/etc/tgtha"), StockMapper.WriteCache.KEEP))
                .notMapped()).extracting(MigrationPlan.NotMapped::id).containsExactly("named-target");
    }
}

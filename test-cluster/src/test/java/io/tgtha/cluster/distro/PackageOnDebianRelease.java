// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.distro;

import io.tgtha.testkit.Lab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 12's distribution matrix, one Debian release: the .deb that {@code mvn package} built, on a fresh node of that
 * release in a container (Testcontainers; image from debootstrap, see {@code test-cluster/distro/build-image}), with
 * no network: apt installs tgt-ha and its dependencies from the image's own packages; tgtd starts; {@code tgtha
 * --version}; every agent's meta-data and validate-all; account, target and LUN started and monitored against that
 * tgtd and a CHAP login to it from libiscsi; portblock blocking and unblocking that login; a reinstall under the
 * running target; ocf-tester and {@code crm_resource --validate} of every agent; remove and purge leaving nothing.
 * The steps run in order on one container; each later step needs the install. The versions seen (Java, tgt, iptables,
 * Pacemaker...) are printed and written to {@code target/lab-logs/distro-RELEASE.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@ExtendWith(DockerForTheRun.class)
abstract class PackageOnDebianRelease {
    private static final String IQN = "iqn.2026-12.io.tgtha.matrix:t1";
    private static final String SECRET_FILE = "/root/chap.secret";
    private static final List<String> AGENTS = List.of("target", "lun", "account", "portblock");
    private static final Duration OP = Duration.ofSeconds(120);

    private final String release;
    private final String version = System.getProperty("tgtha.projectVersion", "");
    private final Map<String, String> versions = new LinkedHashMap<>();
    private DistroScripts scripts;
    private MatrixNode node;
    private boolean installed;
    private long stepStarted;

    PackageOnDebianRelease(String release) {
        this.release = release;
    }

    @BeforeAll
    void freshNodeOfTheRelease() throws Exception {
        Lab.requireRoot("unshare", "chroot", "tar", "sha256sum");
        if ("off".equals(System.getProperty("tgtha.distroMatrix", "on"))) {
            Lab.abortTest("distribution matrix skipped: -Dtgtha.distroMatrix=off");
        }
        Path deb = Path.of(System.getProperty("tgtha.deb", "tgtha.deb-not-set"));
        assertThat(deb).as("the package under test (mvn package builds it in ocf-wrappers)").isRegularFile();
        assertThat(version).as("-Dtgtha.projectVersion").isNotBlank();
        scripts = DistroScripts.locate();
        long started = System.nanoTime();
        String image = scripts.image(release);
        report("image " + image + " ready after " + secondsSince(started) + " s");
        node = MatrixNode.start(image, release, deb);
    }

    @AfterAll
    void removeTheNode() throws Exception {
        if (node != null) {
            node.close();
        }
        if (!versions.isEmpty()) {
            List<String> lines = new ArrayList<>();
            versions.forEach((k, v) -> lines.add(k + "\t" + v));
            Files.write(scripts.logDir().resolve("distro-" + release + ".txt"), lines);
        }
    }

    @BeforeEach
    void clockStarts() {
        stepStarted = System.nanoTime();
    }

    @AfterEach
    void stepTook(TestInfo step) {
        report(step.getDisplayName() + " took " + secondsSince(stepStarted) + " s");
    }

    @Test
    @Order(1)
    void aptInstallsThePackageAndItsDependenciesFromTheImagesOwnPackages() throws Exception {
        // bash: proof that the query works; the others must wait for apt to resolve tgt-ha's Depends
        MatrixNode.Result before = sh("for p in bash tgt iptables default-jre-headless iproute2 tgt-ha; do "
                + "dpkg-query -W -f '${Status}' $p 2>/dev/null | grep -q 'install ok installed' && echo $p; done; true");
        assertThat(before.out().lines()).as("installed on the fresh node: %s", before.describe()).containsExactly("bash");

        // no network in the container: apt must take every dependency from the image's archive cache
        // (apt's --no-download would say so too, but refuses a .deb given by path: "Pathname to install is not absolute")
        MatrixNode.Result install = node.sh(Duration.ofMinutes(15), "apt-get install -y " + MatrixNode.DEB + " 2>&1");
        assertThat(install.rc()).as("apt-get install (no network) %s", install.describe()).isZero();
        assertThat(install.out()).as("nothing fetched from a mirror").doesNotContainPattern("(?m)^(Get|Err|Ign):\\d+ https?:");
        assertThat(install.out()).as("postinst made a verified class archive")
                .containsPattern("make-archives: (AppCDS archive /usr/lib/tgtha/tgtha.jsa created and verified|AOT cache)");

        MatrixNode.Result after = sh("for p in tgt-ha tgt iptables default-jre-headless iproute2; do "
                + "dpkg-query -W -f '${Package} ${Status}\\n' $p; done");
        assertThat(after.out().lines()).as(after.describe())
                .allMatch(l -> l.endsWith(" install ok installed")).hasSize(5);
        MatrixNode.Result files = sh("stat -c '%n %a %U' /usr/lib/ocf/resource.d/tgtha/{target,lun,account,portblock} "
                + "/usr/sbin/tgtha /usr/lib/tgtha/tgtha-agent /run/tgtha; "
                + "dpkg-query -W -f '${Conffiles}\\n' tgt-ha");
        assertThat(files.out()).as(files.describe())
                .contains("/usr/lib/ocf/resource.d/tgtha/target 755 root", "/usr/lib/ocf/resource.d/tgtha/portblock 755 root",
                        "/usr/sbin/tgtha 755 root", "/usr/lib/tgtha/tgtha-agent 755 root", "/run/tgtha 700 root",
                        " /etc/default/tgtha ");
        installed = true;
        recordVersions();
    }

    @Test
    @Order(2)
    void tgtdStartsAsDebiansUnitStartsIt() throws Exception {
        needsInstall();
        // Debian's tgt.service: `tgtd -f`, all addresses
        MatrixNode.Result r = sh("setsid tgtd -f </dev/null >/var/log/tgtd.log 2>&1 &\n"
                + "for i in $(seq 100); do tgtadm --op show --mode sys >/dev/null 2>&1 && break; sleep 0.2; done\n"
                + "tgtadm --op show --mode sys || { cat /var/log/tgtd.log; exit 1; }");
        assertThat(r.rc()).as(r.describe()).isZero();
        assertThat(r.out()).as(r.describe()).contains("State: ready");
    }

    @Test
    @Order(3)
    void tgthaVersionIsThePackagesVersion() throws Exception {
        needsInstall();
        MatrixNode.Result r = sh("tgtha --version; dpkg-query -W -f '${Version}\\n' tgt-ha");
        assertThat(r.rc()).as(r.describe()).isZero();
        assertThat(r.out().lines()).as(r.describe()).containsExactly("tgtha " + version, version);
    }

    @Test
    @Order(4)
    void everyAgentPrintsWellFormedMetaDataWithThePackagesVersion() throws Exception {
        needsInstall();
        for (String agent : AGENTS) {
            MatrixNode.Result r = sh("/usr/lib/ocf/resource.d/tgtha/" + agent + " meta-data > /tmp/md.xml "
                    + "&& xmllint --noout /tmp/md.xml && cat /tmp/md.xml");
            assertThat(r.rc()).as("%s meta-data: %s", agent, r.describe()).isZero();
            assertThat(r.out()).as("%s meta-data", agent)
                    .contains("<resource-agent name=\"" + agent + "\" version=\"" + version + "\">");
        }
    }

    @Test
    @Order(5)
    void validateAllAcceptsGoodParametersAndRejectsBadOnesWithRc6() throws Exception {
        needsInstall();
        sh("printf 'secret-of-the-matrix\\n' > " + SECRET_FILE + " && chmod 600 " + SECRET_FILE);
        Map<String, List<String>> good = Map.of(
                "target", List.of("iqn=" + IQN, "tid=1"),
                "lun", List.of("target_iqn=" + IQN, "lun=1", "path=" + SECRET_FILE),
                "account", List.of("username=u1", "password_file=" + SECRET_FILE),
                "portblock", List.of("protocol=tcp", "portno=3260", "ip=10.0.0.1", "action=block"));
        Map<String, List<String>> bad = Map.of(
                "target", List.of("iqn=" + IQN, "tid=zero"),
                "lun", List.of("target_iqn=" + IQN, "lun=first", "path=" + SECRET_FILE),
                "account", List.of("username=u1", "password_file=" + SECRET_FILE, "direction=sideways"),
                "portblock", List.of("protocol=tcp", "portno=99999", "ip=10.0.0.1", "action=block"));
        for (String agent : AGENTS) {
            MatrixNode.Result ok = op(agent, "validate-all", good.get(agent));
            assertThat(ok.rc()).as("%s validate-all %s: %s", agent, good.get(agent), ok.describe()).isZero();
            MatrixNode.Result wrong = op(agent, "validate-all", bad.get(agent));
            assertThat(wrong.rc()).as("%s validate-all %s: %s", agent, bad.get(agent), wrong.describe()).isEqualTo(6);
        }
    }

    @Test
    @Order(6)
    void accountTargetAndLunStartAndMonitorAndTheTargetServesAChapLogin() throws Exception {
        needsInstall();
        sh("truncate -s 64M /root/lun1.img");
        for (String[] step : new String[][] {
                {"account", "monitor", "7"}, {"account", "start", "0"}, {"account", "monitor", "0"},
                {"target", "monitor", "7"}, {"target", "start", "0"}, {"target", "monitor", "0"},
                {"lun", "monitor", "7"}, {"lun", "start", "0"}, {"lun", "monitor", "0"}}) {
            expect(step[0], step[1], Integer.parseInt(step[2]));
        }
        assertChapLoginListsLun1();
        MatrixNode.Result wrong = sh("LIBISCSI_CHAP_PASSWORD=not-the-secret iscsi-inq "
                + "iscsi://u1@127.0.0.1:3260/" + IQN + "/1");
        assertThat(wrong.rc()).as("a login with the wrong CHAP secret: %s", wrong.describe()).isNotZero();
    }

    @Test
    @Order(7)
    void portblockOnOutputStopsLoginsUntilItUnblocks() throws Exception {
        needsInstall();
        List<String> block = List.of("protocol=tcp", "portno=3260", "ip=127.0.0.1", "action=block", "direction=out");
        expect("portblock", "start", 0, block);
        expect("portblock", "monitor", 0, block);
        MatrixNode.Result blocked = sh("LIBISCSI_CHAP_PASSWORD=secret-of-the-matrix timeout 20 iscsi-ls -s "
                + "iscsi://u1@127.0.0.1:3260/");
        assertThat(blocked.rc()).as("login while the portal is blocked: %s", blocked.describe()).isNotZero();
        expect("portblock", "stop", 0, block);
        expect("portblock", "monitor", 7, block);
        MatrixNode.Result rules = sh("iptables-save | grep -c -- '--sport 3260' || true");
        assertThat(rules.out().strip()).as("rules on port 3260 left after unblock").isEqualTo("0");
        assertChapLoginListsLun1();
    }

    @Test
    @Order(8)
    void reinstallingUnderTheRunningTargetChangesNothingThere() throws Exception {
        needsInstall();
        String tgtdBefore = sh("pgrep -x tgtd").out().strip();
        MatrixNode.Result again = node.sh(Duration.ofMinutes(10),
                "apt-get install -y --reinstall " + MatrixNode.DEB + " 2>&1");
        assertThat(again.rc()).as("apt-get install --reinstall: %s", again.describe()).isZero();
        assertThat(sh("pgrep -x tgtd").out().strip()).as("tgtd's pid").isEqualTo(tgtdBefore).isNotEmpty();
        expect("target", "monitor", 0);
        expect("lun", "monitor", 0);
        assertChapLoginListsLun1();
        for (String[] step : new String[][] {
                {"lun", "stop", "0"}, {"lun", "monitor", "7"}, {"target", "stop", "0"}, {"target", "monitor", "7"},
                {"account", "stop", "0"}, {"account", "monitor", "7"}}) {
            expect(step[0], step[1], Integer.parseInt(step[2]));
        }
    }

    @Test
    @Order(9)
    void ocfTesterPassesForEveryAgent() throws Exception {
        needsInstall();
        tester("account", "username=u2", "password_file=" + SECRET_FILE);
        tester("target", "iqn=" + IQN, "tid=1", "allowed_initiators=ALL");
        List<String> plainTarget = List.of("iqn=" + IQN, "tid=1", "allowed_initiators=ALL");
        expect("target", "start", 0, plainTarget);
        tester("lun", "target_iqn=" + IQN, "lun=1", "path=/root/lun1.img");
        expect("target", "stop", 0, plainTarget);
        tester("portblock", "protocol=tcp", "portno=3260", "ip=127.0.0.1", "action=block", "direction=out");
    }

    @Test
    @Order(10)
    void crmResourceValidatesEveryAgent() throws Exception {
        needsInstall();
        Map<String, List<String>> params = Map.of(
                "target", List.of("iqn=" + IQN, "tid=1"),
                "lun", List.of("target_iqn=" + IQN, "lun=1", "path=/root/lun1.img"),
                "account", List.of("username=u1", "password_file=" + SECRET_FILE),
                "portblock", List.of("protocol=tcp", "portno=3260", "ip=10.0.0.1", "action=block"));
        for (String agent : AGENTS) {
            StringBuilder cmd = new StringBuilder("crm_resource --validate --class ocf --provider tgtha --agent " + agent);
            params.get(agent).forEach(p -> cmd.append(" --option '").append(p).append('\''));
            MatrixNode.Result r = sh(cmd.toString());
            assertThat(r.rc()).as("crm_resource --validate ocf:tgtha:%s: %s", agent, r.describe()).isZero();
        }
    }

    @Test
    @Order(11)
    void removeStopsTheAgentHostDeletesEveryFileAndKeepsTheConffile() throws Exception {
        needsInstall();
        // (the brackets keep pgrep from finding the shell that runs it, whose command line holds the pattern)
        MatrixNode.Result host = sh("pgrep -f 'io[.]tgtha[.]host[.]AgentHost' >/dev/null && echo running");
        assertThat(host.out()).as("the agent host the operations started").contains("running");
        sh("dpkg-query -L tgt-ha > /tmp/tgt-ha.files");
        MatrixNode.Result remove = node.sh(Duration.ofMinutes(5), "apt-get remove -y tgt-ha 2>&1");
        assertThat(remove.rc()).as("apt-get remove: %s", remove.describe()).isZero();
        MatrixNode.Result left = sh("while read -r f; do [ -d \"$f\" ] || [ ! -e \"$f\" ] || echo \"$f\"; "
                + "done < /tmp/tgt-ha.files | grep -vx /etc/default/tgtha; "
                + "ls -d /usr/lib/tgtha /usr/lib/ocf/resource.d/tgtha 2>/dev/null; pgrep -af 'io[.]tgtha'; true");
        assertThat(left.out()).as("files, directories or processes left after remove").isBlank();
        assertThat(sh("test -f /etc/default/tgtha").rc()).as("/etc/default/tgtha kept by remove").isZero();
    }

    @Test
    @Order(12)
    void purgeLeavesNothing() throws Exception {
        needsInstall();
        MatrixNode.Result purge = node.sh(Duration.ofMinutes(5), "apt-get purge -y tgt-ha 2>&1");
        assertThat(purge.rc()).as("apt-get purge: %s", purge.describe()).isZero();
        MatrixNode.Result status = sh("dpkg-query -W -f '${Status}' tgt-ha 2>/dev/null || true");
        assertThat(status.out()).as("dpkg's record of tgt-ha").doesNotContain("installed", "config-files");
        // the package's name in any path on the node, outside /tmp (where the .deb was copied in)
        MatrixNode.Result left = sh("find / -xdev \\( -path /proc -o -path /sys -o -path /tmp \\) -prune -o "
                + "\\( -iname '*tgtha*' -o -iname '*tgt-ha*' \\) -print; iptables-save | grep -i tgtha; true");
        assertThat(left.out()).as("left after purge").isBlank();
    }

    private void needsInstall() {
        assumeTrue(installed, "the package did not install on " + release);
    }

    private MatrixNode.Result sh(String script) throws Exception {
        return node.sh(OP, script);
    }

    /** One agent action with OCF_RESKEY_ variables; name=value pairs, values without quotes. */
    private MatrixNode.Result op(String agent, String action, List<String> params) throws Exception {
        StringBuilder env = new StringBuilder("env");
        params.forEach(p -> env.append(" 'OCF_RESKEY_").append(p).append('\''));
        return sh(env + " /usr/lib/ocf/resource.d/tgtha/" + agent + " " + action + " 2>&1");
    }

    private void expect(String agent, String action, int rc) throws Exception {
        expect(agent, action, rc, switch (agent) {
            case "account" -> List.of("username=u1", "password_file=" + SECRET_FILE);
            case "target" -> List.of("iqn=" + IQN, "tid=1", "portals=0.0.0.0:3260", "allowed_initiators=ALL",
                    "incoming_username=u1");
            case "lun" -> List.of("target_iqn=" + IQN, "lun=1", "path=/root/lun1.img");
            default -> throw new IllegalArgumentException(agent);
        });
    }

    private void expect(String agent, String action, int rc, List<String> params) throws Exception {
        MatrixNode.Result r = op(agent, action, params);
        assertThat(r.rc()).as("%s %s %s: %s", agent, action, params, r.describe()).isEqualTo(rc);
    }

    private void assertChapLoginListsLun1() throws Exception {
        MatrixNode.Result ls = sh("LIBISCSI_CHAP_PASSWORD=secret-of-the-matrix iscsi-ls -s iscsi://u1@127.0.0.1:3260/");
        assertThat(ls.rc()).as("iscsi-ls with CHAP: %s", ls.describe()).isZero();
        assertThat(ls.out()).as(ls.describe()).contains(IQN).contains("Lun:1 ");
    }

    private void tester(String agent, String... params) throws Exception {
        StringBuilder cmd = new StringBuilder("ocf-tester -n t-" + agent);
        for (String p : params) {
            cmd.append(" -o '").append(p).append('\'');
        }
        MatrixNode.Result r = node.sh(Duration.ofMinutes(5), cmd + " /usr/lib/ocf/resource.d/tgtha/" + agent + " 2>&1");
        assertThat(r.rc()).as("ocf-tester %s: %s", agent, r.describe()).isZero();
    }

    private void recordVersions() throws Exception {
        MatrixNode.Result r = sh("echo \"debian $(cat /etc/debian_version)\"\n"
                + "for p in tgt-ha default-jre-headless tgt iptables nftables pacemaker corosync resource-agents "
                + "libiscsi-bin; do echo \"$p $(dpkg-query -W -f '${Version}' $p 2>/dev/null || echo none)\"; done\n"
                + "echo \"java $(java -version 2>&1 | head -n 1)\"\n"
                + "echo \"iptables-binary $(iptables --version)\"");
        r.out().lines().map(l -> l.split(" ", 2)).filter(kv -> kv.length == 2).forEach(kv -> versions.put(kv[0], kv[1]));
        report("versions " + versions);
    }

    private void report(String line) {
        System.out.println("matrix " + release + ": " + line);
    }

    private static long secondsSince(long nanos) {
        return Math.round((System.nanoTime() - nanos) / 1e9);
    }
}

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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 12's two-node cluster in containers, one Debian release: two nodes of the release's matrix image with the
 * package installed by apt, linked by a {@link ContainerSwitch} (no Docker network), Corosync (knet, two_node, a
 * shared authkey) and Pacemaker run as the containers' own processes (no systemd), tgtd run beside them outside
 * Pacemaker (as Debian's tgt.service would); a third container is the initiator. The configuration is the reference
 * one for one target: an incoming and an outgoing (mutual) CHAP account clone, and a group of portblock (block),
 * IPaddr2, target, LUN, portblock (unblock). Under iscsi-perf load with mutual CHAP, the group is moved to the other
 * node: no failed operation, no connection left on the old node, the initiator's I/O resumes on the new node.
 * LAB ONLY: STONITH off and no-quorum-policy=ignore.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@ExtendWith(DockerForTheRun.class)
abstract class TwoNodeClusterOnDebianRelease {
    private static final String N1 = "cc-n1";
    private static final String N2 = "cc-n2";
    /** A subnet of its own (the namespace cluster uses 10.231.50.0/24); it exists only on the test's switch. */
    private static final String NET = "10.231.77.";
    private static final String VIP = ClusterXml.VIP;
    private static final String CLIENT_IP = NET + "100";
    private static final String IQN = ClusterXml.IQN;
    private static final String CLIENT_IQN = "iqn.2026-12.io.tgtha.cc:client";
    private static final String IN_USER = "tgthalab";
    private static final String OUT_USER = "tgthatarget";
    private static final String IN_SECRET = "/etc/tgtha/chap-incoming.secret";
    private static final String OUT_SECRET = "/etc/tgtha/chap-outgoing.secret";
    private static final List<String> MEMBERS = List.of("t1-block", "t1-ip", "t1-target", "t1-lun", "t1-unblock");
    private static final Duration OP = Duration.ofSeconds(120);
    private static final Pattern BYTES_RECEIVED = Pattern.compile("bytes_received:(\\d+)");

    private final String release;
    private final List<String> timings = new ArrayList<>();
    private DistroScripts scripts;
    private Path shared;
    private ContainerSwitch network;
    private MatrixNode n1;
    private MatrixNode n2;
    private MatrixNode client;
    private boolean clusterUp;
    private long stepStarted;

    TwoNodeClusterOnDebianRelease(String release) {
        this.release = release;
    }

    @BeforeAll
    void threeContainersOnOneSwitch() throws Exception {
        Lab.requireRoot("ip", "nsenter", "docker");
        if ("off".equals(System.getProperty("tgtha.distroMatrix", "on"))) {
            Lab.abortTest("distribution matrix skipped: -Dtgtha.distroMatrix=off");
        }
        // off by default until a whole run has passed on both releases (see docs/test-cluster.md)
        if (!"on".equals(System.getProperty("tgtha.containerCluster", "off"))) {
            Lab.abortTest("cluster in containers skipped: tgtha.containerCluster is not on (test-cluster/pom.xml sets it on)");
        }
        Path deb = Path.of(System.getProperty("tgtha.deb", "tgtha.deb-not-set"));
        assertThat(deb).as("the package under test (mvn package builds it in ocf-wrappers)").isRegularFile();
        scripts = DistroScripts.locate();
        ContainerSwitch.removeLeftovers().forEach(l -> report("removed a leftover of a killed run: " + l));
        long started = System.nanoTime();
        String image = scripts.image(release);
        shared = Files.createTempDirectory(scripts.logDir(), "cluster-" + release + "-shared");
        // the containers' root (uid 0) owns what it makes here; the test's JVM is root too and removes it
        n1 = MatrixNode.startLinked(image, release, N1, deb, shared);
        n2 = MatrixNode.startLinked(image, release, N2, deb, shared);
        client = MatrixNode.startLinked(image, release, "cc-client", null, null);
        network = ContainerSwitch.create(release);
        network.plug(n1, NET + "11/24");
        network.plug(n2, NET + "12/24");
        network.plug(client, CLIENT_IP + "/24");
        took("image and three linked containers", started);
    }

    @AfterAll
    void removeContainersAndSwitch() throws Exception {
        List<String> log = new ArrayList<>(timings);
        if (clusterUp) {
            log.add("--- crm_mon at the end");
            log.add(safe(() -> n2.sh(Duration.ofSeconds(60), "crm_mon -1 --failcounts 2>&1").out()));
        }
        for (MatrixNode node : new MatrixNode[] {n1, n2}) {
            if (node != null) {
                log.add("--- a node's log tails");
                log.add(safe(() -> node.sh(Duration.ofSeconds(60), "hostname; tail -n 40 /var/log/corosync/corosync.log; "
                        + "grep -E 'error|warning|Result of' /var/log/pacemaker/pacemaker.log | tail -n 60; true").out()));
            }
        }
        if (scripts != null) {
            Files.write(scripts.logDir().resolve("cluster-" + release + ".txt"), log);
        }
        // every step, even when an earlier one fails: nothing may outlive the test
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable c : new AutoCloseable[] {client, n2, n1, network}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (shared != null) {
            try (var files = Files.walk(shared)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    @BeforeEach
    void clockStarts() {
        stepStarted = System.nanoTime();
    }

    @AfterEach
    void stepTook(TestInfo step) {
        took(step.getDisplayName(), stepStarted);
    }

    @Test
    @Order(1)
    void bothNodesInstallThePackageAndRunTgtd() throws Exception {
        CompletableFuture<MatrixNode.Result> i1 = CompletableFuture.supplyAsync(() -> install(n1));
        CompletableFuture<MatrixNode.Result> i2 = CompletableFuture.supplyAsync(() -> install(n2));
        for (MatrixNode.Result r : List.of(i1.get(), i2.get())) {
            assertThat(r.rc()).as("apt-get install of the .deb: %s", r.describe()).isZero();
        }
        // the initiator's ss (its connections and their bytes): iproute2 is in the image's package cache, not
        // installed; without it every connection check saw none while iscsi-perf ran
        MatrixNode.Result ss = client.sh(Duration.ofMinutes(10), "apt-get install -y iproute2 2>&1 && ss -V");
        assertThat(ss.rc()).as("apt-get install iproute2 in the initiator: %s", ss.describe()).isZero();
        byte[] in = secret();
        byte[] out = secret();
        for (MatrixNode node : List.of(n1, n2, client)) {
            node.write(IN_SECRET, in, 0600);
            node.write(OUT_SECRET, out, 0600);
        }
        for (MatrixNode node : List.of(n1, n2)) {
            // tgtd outside Pacemaker, as Debian's tgt.service runs it (the reference configuration's systemd:tgt
            // clone needs systemd); portals bind all addresses, so the floating IP is served wherever it is
            MatrixNode.Result r = node.sh(OP, """
                    setsid tgtd -f </dev/null >/var/log/tgtd.log 2>&1 &
                    for i in $(seq 150); do tgtadm --op show --mode sys >/dev/null 2>&1 && break; sleep 0.2; done
                    tgtadm --op show --mode sys | grep 'State: ready' || { cat /var/log/tgtd.log; exit 1; }""");
            assertThat(r.rc()).as("tgtd: %s", r.describe()).isZero();
        }
        MatrixNode.Result lun = n1.sh(OP, "mkdir -p /srv/iscsi/tickle && truncate -s 256M /srv/iscsi/t1.img");
        assertThat(lun.rc()).as(lun.describe()).isZero();
    }

    @Test
    @Order(2)
    void corosyncAndPacemakerFormATwoNodeCluster() throws Exception {
        byte[] authkey = new byte[256];
        new SecureRandom().nextBytes(authkey);
        String conf = corosyncConf();
        for (MatrixNode node : List.of(n1, n2)) {
            node.write("/etc/corosync/authkey", authkey, 0400);
            node.write("/etc/corosync/corosync.conf", conf.getBytes(StandardCharsets.UTF_8), 0644);
            MatrixNode.Result r = node.sh(OP, """
                    mkdir -p /var/log/corosync /var/lib/corosync
                    setsid corosync -f </dev/null >/var/log/corosync/stdout.log 2>&1 &
                    for i in $(seq 300); do corosync-cfgtool -s >/dev/null 2>&1 && break; sleep 0.2; done
                    corosync-cfgtool -s || { cat /var/log/corosync/stdout.log; tail /var/log/corosync/corosync.log; exit 1; }
                    setsid pacemakerd </dev/null >/var/log/pacemaker/pacemakerd.out 2>&1 &""");
            assertThat(r.rc()).as("corosync on %s: %s", node, r.describe()).isZero();
        }
        long started = System.nanoTime();
        MatrixNode.Result online = n1.sh(Duration.ofMinutes(8), """
                for i in $(seq 480); do
                    x=$(crm_mon --output-as=xml 2>/dev/null)
                    [ "$(grep -cE '<node name="cc-n[12]"[^>]*online="true"' <<<"$x")" = 2 ] \
                        && grep -q '<current_dc present="true"' <<<"$x" && exit 0
                    sleep 1
                done
                crm_mon -1 2>&1; exit 1""");
        assertThat(online.rc()).as("both nodes online with a DC: %s", online.describe()).isZero();
        took("both nodes online (after corosync answered)", started);
        clusterUp = true;
        // LAB ONLY (no fence device; a two-node lab keeps running on one node). /proc/loadavg is the whole
        // machine's, so without the load settings Pacemaker throttles its actions on a shared CPU.
        StringBuilder props = new StringBuilder();
        for (String p : List.of("stonith-enabled=false", "no-quorum-policy=ignore", "load-threshold=10000%",
                "node-action-limit=32")) {
            props.append("crm_attribute --type crm_config --name ").append(p, 0, p.indexOf('='))
                    .append(" --update '").append(p.substring(p.indexOf('=') + 1)).append("'\n");
        }
        // stickiness above the location preference; generous operation timeouts for a capped, shared CPU
        props.append("crm_attribute --type rsc_defaults --name resource-stickiness --update 200\n");
        props.append("crm_attribute --type op_defaults --name timeout --update 120s\n");
        MatrixNode.Result r = n1.sh(OP, props.toString());
        assertThat(r.rc()).as("cluster properties: %s", r.describe()).isZero();
    }

    @Test
    @Order(3)
    void theTargetStartsOnItsPreferredNodeAndServesAMutualChapLogin() throws Exception {
        needsCluster();
        MatrixNode.Result load = n1.sh(OP, "cat > /tmp/resources.xml <<'EOF'\n" + ClusterXml.resources() + "\nEOF\n"
                + "cat > /tmp/constraints.xml <<'EOF'\n" + ClusterXml.constraints() + "\nEOF\n"
                + "cibadmin --replace --scope resources --xml-file /tmp/resources.xml && "
                + "cibadmin --replace --scope constraints --xml-file /tmp/constraints.xml");
        assertThat(load.rc()).as("loading the configuration: %s", load.describe()).isZero();
        assertGroupRunsOn(N1, Duration.ofMinutes(6));
        MatrixNode.Result ls = client.sh(OP, chapEnvironment() + "iscsi-ls -s -i " + CLIENT_IQN + " iscsi://" + VIP + ":3260/");
        assertThat(ls.rc()).as("iscsi-ls with mutual CHAP through the floating IP: %s", ls.describe()).isZero();
        assertThat(ls.out()).as(ls.describe()).contains(IQN).contains("Lun:1 ");
        MatrixNode.Result wrongTarget = client.sh(OP, chapEnvironment()
                + "LIBISCSI_CHAP_TARGET_PASSWORD=not-the-targets-secret iscsi-inq -i " + CLIENT_IQN
                + " iscsi://" + VIP + ":3260/" + IQN + "/1");
        assertThat(wrongTarget.rc()).as("a target that does not know the outgoing secret is refused: %s",
                wrongTarget.describe()).isNotZero();
    }

    @Test
    @Order(4)
    void movingTheTargetUnderIscsiPerfLoadFailsNoOperationAndLeavesNoConnection() throws Exception {
        needsCluster();
        startLoad();
        long ioWait = System.nanoTime();
        long before = waitForBytes(List.of(), Duration.ofMinutes(3));
        took("iscsi-perf I/O flowing to " + N1 + " (" + before / 1024 / 1024 + " MiB)", ioWait);
        List<String> oldPorts = clientConnections().stream().map(TwoNodeClusterOnDebianRelease::localEnd).toList();

        long move = System.nanoTime();
        MatrixNode.Result r = n1.sh(OP, "crm_resource --move --resource g-t1 --node " + N2);
        assertThat(r.rc()).as("crm_resource --move: %s", r.describe()).isZero();
        assertGroupRunsOn(N2, Duration.ofMinutes(6));
        took("move: every member Started on " + N2, move);

        // right after the move, with the load still running: a connection left on the old node is stuck
        MatrixNode.Result left = n1.sh(OP, "ss -tnH state all '( sport = :3260 )' | grep -vE '^(LISTEN|TIME-WAIT)' || true");
        assertThat(left.out()).as("connections left on %s (the old node) after the move", N1).isBlank();

        long resume = System.nanoTime();
        long after = waitForBytes(oldPorts, Duration.ofMinutes(3));
        took("I/O resumed on " + N2 + " (new connection, " + after / 1024 / 1024 + " MiB)", resume);
        MatrixNode.Result served = n2.sh(OP, "ss -tnH state established '( sport = :3260 )'");
        assertThat(served.out()).as("%s serves the initiator", N2).contains(CLIENT_IP + ":");

        MatrixNode.Result settle = n2.sh(Duration.ofMinutes(4), "crm_resource --clear --resource g-t1 && "
                + "crm_resource --wait --timeout=200");
        assertThat(settle.rc()).as("clear the move constraint and let the cluster settle: %s", settle.describe()).isZero();
        assertGroupRunsOn(N2, Duration.ofSeconds(30));
        MatrixNode.Result failures = n2.sh(OP, "crm_mon -1 --failcounts 2>&1; echo '--- xml'; "
                + "crm_mon --output-as=xml | grep -E '<failure |fail-count' || true");
        assertThat(failures.out()).as("failed operations: %s", failures.describe())
                .doesNotContain("fail-count", "Failed Resource Actions", "<failure ");
        MatrixNode.Result exits = client.sh(OP, "touch /root/stop; cat /root/load.events 2>/dev/null; "
                + "echo \"error lines: $(grep -ci error /root/load.err 2>/dev/null)\"");
        report("initiator: iscsi-perf exits during the run: " + exits.out().lines().filter(l -> l.contains("exit")).count()
                + "; " + exits.out().lines().filter(l -> l.startsWith("error lines")).findFirst().orElse(""));
    }

    private void needsCluster() {
        assumeTrue(clusterUp, "the cluster did not form on " + release);
    }

    private MatrixNode.Result install(MatrixNode node) {
        try {
            return node.sh(Duration.ofMinutes(30), "apt-get install -y " + MatrixNode.DEB + " 2>&1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] secret() {
        byte[] raw = new byte[12];
        new SecureRandom().nextBytes(raw);
        return (HexFormat.of().formatHex(raw) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Mutual CHAP for libiscsi, from the secret files: no secret on a command line. */
    private static String chapEnvironment() {
        return "export LIBISCSI_CHAP_USERNAME=" + IN_USER + " LIBISCSI_CHAP_TARGET_USERNAME=" + OUT_USER + "\n"
                + "LIBISCSI_CHAP_PASSWORD=$(cat " + IN_SECRET + "); export LIBISCSI_CHAP_PASSWORD\n"
                + "LIBISCSI_CHAP_TARGET_PASSWORD=$(cat " + OUT_SECRET + "); export LIBISCSI_CHAP_TARGET_PASSWORD\n";
    }

    private static String corosyncConf() {
        // token 10 s (Corosync's default is 3 s here): the containers share one capped CPU with other work
        return """
                totem {
                    version: 2
                    cluster_name: tgtha-containers
                    transport: knet
                    crypto_cipher: aes256
                    crypto_hash: sha256
                    token: 10000
                }
                nodelist {
                    node {
                        name: cc-n1
                        nodeid: 1
                        ring0_addr: %1$s11
                    }
                    node {
                        name: cc-n2
                        nodeid: 2
                        ring0_addr: %1$s12
                    }
                }
                quorum {
                    provider: corosync_votequorum
                    two_node: 1
                }
                logging {
                    to_stderr: no
                    to_syslog: no
                    to_logfile: yes
                    logfile: /var/log/corosync/corosync.log
                    timestamp: on
                }
                """.formatted(NET);
    }

    /** Every member of g-t1 Started on {@code node} (crm_resource --locate on the other node). */
    private void assertGroupRunsOn(String node, Duration limit) throws Exception {
        StringBuilder check = new StringBuilder("ok=1\n");
        for (String m : MEMBERS) {
            check.append("crm_resource --locate --resource ").append(m)
                    .append(" 2>/dev/null | grep -qx 'resource ").append(m).append(" is running on: ").append(node)
                    .append("' || ok=0\n");
        }
        MatrixNode.Result r = n2.sh(limit.plusSeconds(30), "for i in $(seq " + limit.toSeconds() + "); do\n" + check
                + "[ $ok = 1 ] && exit 0; sleep 1; done\ncrm_mon -1 --failcounts 2>&1; exit 1");
        assertThat(r.rc()).as("g-t1 started on %s: %s", node, r.describe()).isZero();
    }

    /** A supervisor in the initiator that restarts iscsi-perf (mutual CHAP) whenever it exits, until /root/stop. */
    private void startLoad() throws Exception {
        MatrixNode.Result r = client.sh(OP, "cat > /root/load <<'EOF'\n" + chapEnvironment() + """
                end=$((SECONDS + 900))
                while ((SECONDS < end)) && [ ! -e /root/stop ]; do
                    timeout -k 2 $((end - SECONDS + 1)) iscsi-perf -i %s -m 32 -b 256 -t $((end - SECONDS)) \
                        -x 1000000 iscsi://%s:3260/%s/1 >/dev/null 2>>/root/load.err &
                    wait $! && rc=0 || rc=$?
                    [ -e /root/stop ] || echo "$(date +%%s.%%N) exit $rc" >> /root/load.events
                    sleep 0.5
                done
                EOF
                setsid bash /root/load </dev/null >/dev/null 2>&1 &""".formatted(CLIENT_IQN, VIP, IQN));
        assertThat(r.rc()).as("starting the load: %s", r.describe()).isZero();
    }

    /** The initiator's established connections to the floating IP's portal (ss -ti lines, one per connection). */
    private List<String> clientConnections() throws Exception {
        MatrixNode.Result r = client.sh(OP, "ss -tniH state established '( dport = :3260 )' | paste - - ");
        return r.out().lines().filter(l -> l.contains(VIP + ":3260")).toList();
    }

    /** Waits until a connection to the floating IP not from {@code oldPorts} has received 1 MiB; its byte count. */
    private long waitForBytes(List<String> oldPorts, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        List<String> seen = List.of();
        while (System.nanoTime() < end) {
            seen = clientConnections();
            for (String c : seen) {
                Matcher m = BYTES_RECEIVED.matcher(c);
                if (!oldPorts.contains(localEnd(c)) && m.find() && Long.parseLong(m.group(1)) >= 1 << 20) {
                    return Long.parseLong(m.group(1));
                }
            }
            Thread.sleep(500);
        }
        MatrixNode.Result err = client.sh(OP, "tail -n 20 /root/load.err /root/load.events 2>&1; "
                + "ps -eo pid,etime,stat,args | grep -v ' ps '; ss -tanH '( dport = :3260 )'; true");
        throw new AssertionError("no new connection to " + VIP + " received 1 MiB within " + limit + "; connections "
                + seen + "\n" + err.out());
    }

    /** The initiator's address:port of one {@code ss} connection line. */
    private static String localEnd(String connection) {
        Matcher m = Pattern.compile("(\\S+)\\s+" + Pattern.quote(VIP + ":3260")).matcher(connection);
        return m.find() ? m.group(1) : connection;
    }

    private void took(String what, long started) {
        String line = what + " took " + Math.round((System.nanoTime() - started) / 1e9) + " s";
        timings.add(line);
        report(line);
    }

    private void report(String line) {
        System.out.println("cluster " + release + ": " + line);
    }

    private interface Step {
        String run() throws Exception;
    }

    private static String safe(Step step) {
        try {
            return step.run();
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }
}

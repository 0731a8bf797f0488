// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.net.SsParser;
import io.tgtha.cli.net.TcpSocket;
import io.tgtha.testkit.HostileLogin;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.LabConfig;
import io.tgtha.testkit.Netns;
import io.tgtha.testkit.TgtLab;
import io.tgtha.testkit.TgtadmTargets;
import io.tgtha.testkit.VethLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: text an initiator wrote into tgtd's show output must not steer tgtha. An attacker logged in to
 * target A forges, in its alias or initiator name, further sessions of A with {@code IP Address:} lines;
 * a victim on another host holds a session with target B. Draining A must leave the victim's TCP connection
 * and session exactly as they were, and status must print the attacker's text escaped. Real tgtd 1.0.85,
 * real logins (libiscsi's iscsi_set_alias via the testkit's probe), the real packet filter.
 */
@SuppressWarnings("unchecked")
class ForgedInitiatorTextLabTest {
    static final Duration T = Duration.ofSeconds(20);
    static final String A = "iqn.2026-01.io.tgtha:op.attacked";
    static final String B = "iqn.2026-01.io.tgtha:op.victim";
    static final String VICTIM_IP = "10.231.6.2";

    @TempDir
    Path dir;
    TgtLab lab;
    Netns victimNs;
    final List<AutoCloseable> logins = new ArrayList<>();

    @BeforeAll
    static void needsLab() {
        Lab.requireRoot("tgtd", "tgtadm", "iptables", "ss", "gcc");
    }

    @BeforeEach
    void twoTargetsAndAVictimOnItsOwnHost() throws Exception {
        lab = TgtLab.start(LabConfig.of("op", "10.231.4", 4001, 4099));
        Path backing = TgtadmTargets.sparseFile(dir.resolve("lun.img"), 16 << 20);
        TgtadmTargets.openWithOneLun(lab, 1, A, backing);
        TgtadmTargets.openWithOneLun(lab, 2, B, backing);
        // the victim: a second initiator host, on its own link to the target node
        victimNs = Netns.createNamed(lab.targetNs().name().replace("-tgt", "-vic"));
        VethLink.connect(lab.targetNs(), "10.231.6.1", victimNs, VICTIM_IP, 24);
        victimNs.exec(T, "ip", "route", "add", "default", "via", "10.231.6.1").orThrow();
        logins.add(HostileLogin.start(victimNs, lab.targetIp(), B, "iqn.2026-01.test:victim", "an honest host"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (AutoCloseable l : logins) {
                l.close();
            }
            if (victimNs != null) {
                victimNs.close();
            }
        } finally {
            lab.close();
        }
    }

    List<TcpSocket> victimSockets() {
        return SsParser.parse(lab.targetNs().exec(T, "ss", "-tnie", "( sport = :3260 )").orThrow().stdout()).stream()
                .filter(s -> s.peer().address().equals(VICTIM_IP)).toList();
    }

    String victimNexus() {
        String show = lab.tgtd().tgtadm("--op", "show", "--mode", "target").orThrow().stdout();
        String b = show.substring(show.indexOf("Target 2: " + B));
        return b.substring(0, b.indexOf("LUN information:"));
    }

    /** A session of A whose text adds imitated sessions of A with the given addresses. */
    void attackerForges(String name, String alias) {
        logins.add(HostileLogin.start(lab.initiatorNs(), lab.targetIp(), A, name, alias));
    }

    static String forgedSession(String address) {
        return "\n            Connection: 0\n                IP Address: " + address + "\n        I_T nexus: 77\n"
                + "            Initiator: iqn.2026-01.evil:ghost alias: none";
    }

    void assertDrainOfALeavesTheVictimAlone() {
        List<TcpSocket> before = victimSockets();
        assertThat(before).as("the victim's connection").hasSize(1);
        String nexusBefore = victimNexus();
        assertThat(nexusBefore).contains("Initiator: iqn.2026-01.test:victim");

        Run drain = Run.tgtha(dir, Run.onLab(lab, "drain", A, "--json", "--no-cluster", "--timeout", "5s"));
        assertThat(drain.exitCode()).as(drain.describe()).isIn(ExitCode.OK.code(), ExitCode.TIMEOUT.code());
        Map<String, Object> report = drain.json();
        Map<String, Object> scope = (Map<String, Object>) report.get("resetScope");
        assertThat((List<Object>) scope.get("initiators")).as(drain.describe())
                .doesNotContain("0.0.0.0", "0.0.0.0/0", VICTIM_IP);
        assertThat((List<Map<String, Object>>) report.get("connectionsReset"))
                .noneSatisfy(s -> assertThat((String) s.get("peer")).startsWith(VICTIM_IP + ":"));

        // the same TCP connection, the same session: nothing of B was touched
        assertThat(victimSockets()).extracting(TcpSocket::key).containsExactlyElementsOf(before.stream().map(TcpSocket::key).toList());
        assertThat(victimSockets()).allSatisfy(s -> assertThat(s.state()).isEqualTo("ESTAB"));
        assertThat(victimNexus()).isEqualTo(nexusBefore);
        assertThat(lab.tgtd().tgtadm("--op", "show", "--mode", "target").orThrow().stdout())
                .contains("Target 2: " + B + "\n    System information:\n        Driver: iscsi\n        State: ready");
        assertThat(lab.targetNs().exec(T, "iptables", "-w", "5", "-S", "OUTPUT").orThrow().stdout())
                .as("no rule left behind").doesNotContain("REJECT");
    }

    @Test
    void aForgedCatchAllAddressInAnAliasDoesNotWidenTheDrain() {
        attackerForges("iqn.2026-01.evil:a", "x" + forgedSession("0.0.0.0/0"));
        assertDrainOfALeavesTheVictimAlone();
    }

    @Test
    void aForgedBareAnyAddressInAnInitiatorNameDoesNotWidenTheDrain() {
        attackerForges("iqn.2026-01.evil:b" + forgedSession("0.0.0.0"), "y");
        assertDrainOfALeavesTheVictimAlone();
    }

    /** The hole left open before: an imitated session of A naming a host that really is connected (to B). */
    @Test
    void anImitatedSessionNamingAnotherConnectedHostDoesNotResetThatHost() {
        attackerForges("iqn.2026-01.evil:d", "x" + forgedSession(VICTIM_IP));
        assertDrainOfALeavesTheVictimAlone();
    }

    /**
     * The same imitation made consistent across both of tgtd's lists: the name writes a second entry into the
     * connection list (where the alias is not printed), the alias a second session into the target show, so
     * both name the victim's address for the attacker's session. Only the name's line breaks, visible in the
     * target show, tell it; then no address of A is acted on.
     */
    @Test
    void anImitationConsistentInTheConnectionListAndTheTargetShowDoesNotResetThatHost() {
        String name = "iqn.2026-01.evil:e\n        IP Address: " + VICTIM_IP + "\nSession: 9\n    Connection: 0\n"
                + "        Initiator: iqn.2026-01.evil:f";
        String alias = "x\n            Connection: 0\n                IP Address: " + VICTIM_IP + "\n        I_T nexus: 9\n"
                + "            Initiator: iqn.2026-01.evil:g alias: none";
        attackerForges(name, alias);
        String connections = lab.tgtd().tgtadm("--op", "show", "--mode", "conn", "--tid", "1").orThrow().stdout();
        assertThat(connections).as("the name wrote a well-formed entry with the victim's address")
                .contains("        IP Address: " + VICTIM_IP + "\nSession: 9\n");
        assertDrainOfALeavesTheVictimAlone();
    }

    @Test
    void statusShowsTheAttackersTextEscapedAndTheVictimsSessionAsItIs() {
        String name = "iqn.2026-01.evil:c\u001b[2J\u001b]0;owned\u0007";
        attackerForges(name, "z" + forgedSession("0.0.0.0/0"));
        Run text = Run.tgtha(dir, Run.onLab(lab, "status", "--no-cluster", "--sample", "0"));
        assertThat(text.exitCode()).as(text.describe()).isZero();
        assertThat(text.out()).doesNotContain("\u001b").doesNotContain("\u0007")
                .doesNotContain("0.0.0.0").doesNotContain("iqn.2026-01.evil:ghost");
        assertThat(text.out()).contains("Target 2: " + B + "  ready").contains("iqn.2026-01.test:victim")
                .contains("connection 0 from " + VICTIM_IP);
        Run json = Run.tgtha(dir, Run.onLab(lab, "status", "--json", "--no-cluster", "--sample", "0"));
        List<Map<String, Object>> targets = (List<Map<String, Object>>) json.json().get("targets");
        Map<String, Object> b = targets.stream().filter(t -> B.equals(t.get("iqn"))).findFirst().orElseThrow();
        assertThat(b).containsEntry("state", "ready");
        assertThat((List<Object>) b.get("sessions")).hasSize(1);
        Map<String, Object> a = targets.stream().filter(t -> A.equals(t.get("iqn"))).findFirst().orElseThrow();
        for (Object s : (List<Object>) a.get("sessions")) {
            String initiator = (String) ((Map<String, Object>) s).get("initiator");
            assertThat(initiator).doesNotContain("\u001b").doesNotContain("\n");
        }
        assertThat(json.out()).doesNotContain("0.0.0.0").doesNotContain("\\u001b");
    }
}

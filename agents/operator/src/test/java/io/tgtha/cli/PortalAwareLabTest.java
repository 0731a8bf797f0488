// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.net.SsParser;
import io.tgtha.cli.net.TcpSocket;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.LabConfig;
import io.tgtha.testkit.TgtLab;
import io.tgtha.testkit.TgtadmTargets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster layout: one initiator host, two targets, each on its own portal IP (as every target group
 * has its own floating IP). tgtd names only the initiator's address, so without the portals the two
 * sessions' sockets cannot be told apart; with the portals from the cluster configuration status shows
 * each session its own socket, and drain resets only the drained target's connection. Real tgtd, real
 * iscsi-perf sessions and sockets, real iptables; Pacemaker's answers (crm_mon, cibadmin) are given as
 * XML, since the subject here is the socket matching, not Pacemaker (see PacemakerSchedulerFailoverTest).
 */
@SuppressWarnings("unchecked")
class PortalAwareLabTest {
    static final String IQN1 = "iqn.2026-01.io.tgtha:op.portal1";
    static final String IQN2 = "iqn.2026-01.io.tgtha:op.portal2";

    @TempDir
    Path dir;

    static String resourcesXml(String ip1, String ip2) {
        return "<resources>" + group(1, IQN1, ip1) + group(2, IQN2, ip2) + "</resources>";
    }

    static String group(int k, String iqn, String ip) {
        return "<group id=\"g" + k + "\">"
                + "<primitive id=\"ip" + k + "\" class=\"ocf\" provider=\"heartbeat\" type=\"IPaddr2\"><instance_attributes id=\"ia" + k + "\">"
                + "<nvpair id=\"n" + k + "\" name=\"ip\" value=\"" + ip + "\"/></instance_attributes></primitive>"
                + "<primitive id=\"t" + k + "\" class=\"ocf\" provider=\"tgtha\" type=\"target\"><instance_attributes id=\"ib" + k + "\">"
                + "<nvpair id=\"m" + k + "\" name=\"iqn\" value=\"" + iqn + "\"/></instance_attributes></primitive></group>";
    }

    static String crmMonXml() {
        StringBuilder r = new StringBuilder("<pacemaker-result><summary><current_dc present=\"true\" name=\"lab\"/></summary>"
                + "<nodes><node name=\"lab\" online=\"true\" standby=\"false\" unclean=\"false\"/></nodes><resources>");
        for (int k = 1; k <= 2; k++) {
            r.append("<group id=\"g").append(k).append("\">");
            for (String id : List.of("ip" + k, "t" + k)) {
                r.append("<resource id=\"").append(id).append("\" resource_agent=\"ocf:x:y\" role=\"Started\" active=\"true\""
                        + " failed=\"false\" managed=\"true\"><node name=\"lab\"/></resource>");
            }
            r.append("</group>");
        }
        return r.append("</resources></pacemaker-result>").toString();
    }

    /** Real commands, except Pacemaker's two read-only tools, which answer with the lab's configuration. */
    static CommandRunner runner(String resources) {
        CommandRunner real = new ProcessCommandRunner(null, new OcfLog(new OcfEnvironment(Map.of()), "t", System.err));
        return command -> switch (command.program()) {
            case "crm_mon" -> new CommandResult(command, 0, crmMonXml(), "", Duration.ZERO);
            case "cibadmin" -> new CommandResult(command, 0, resources, "", Duration.ZERO);
            default -> real.run(command);
        };
    }

    @Test
    void sessionsOfOneInitiatorOnTwoPortalsAreToldApartAndDrainedSeparately() throws Exception {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-perf", "iptables", "ss", "timeout");
        try (TgtLab lab = TgtLab.start(LabConfig.of("op", "10.231.4", 4001, 4099))) {
            String ip1 = lab.targetIp();
            String ip2 = lab.config().subnet() + ".3";
            lab.targetNs().exec(Duration.ofSeconds(10), "ip", "addr", "add", ip2 + "/24", "dev", lab.link().interfaceA()).orThrow();
            lab.tgtd().tgtadm("--lld", "iscsi", "--op", "new", "--mode", "portal", "--param", "portal=" + ip2 + ":3260").orThrow();
            for (int k = 1; k <= 2; k++) {
                TgtadmTargets.openWithOneLun(lab, k, k == 1 ? IQN1 : IQN2,
                        TgtadmTargets.sparseFile(dir.resolve("lun" + k + ".img"), 32 << 20));
            }
            try (Initiator.PerfLoad p1 = lab.initiator().startPerf(IscsiUrl.lun(ip1, IQN1, 1), Duration.ofSeconds(60), 100);
                 Initiator.PerfLoad p2 = lab.initiator().startPerf(IscsiUrl.lun(ip2, IQN2, 1), Duration.ofSeconds(60), 100)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (sockets(lab).stream().map(s -> s.local().address()).distinct().count() < 2
                        || lab.tgtd().tgtadm("--op", "show", "--mode", "target").stdout().split("I_T nexus: ").length < 3) {
                    assertThat(System.nanoTime()).as("two sessions").isLessThan(deadline);
                    Thread.sleep(100);
                }
                String[] common = {"-C", Integer.toString(lab.tgtd().controlPort()), "--netns", lab.targetNs().name()};
                CommandRunner withCluster = runner(resourcesXml(ip1, ip2));

                Run status = Run.tgtha(withCluster, dir, concat(new String[]{"status", "--json", "--sample", "0"}, common));
                assertThat(status.exitCode()).as(status.describe()).isZero();
                for (Object o : (List<Object>) status.json().get("targets")) {
                    Map<String, Object> t = (Map<String, Object>) o;
                    String portal = t.get("iqn").equals(IQN1) ? ip1 : ip2;
                    assertThat(t).containsEntry("portals", List.of(portal));
                    Map<String, Object> conn = (Map<String, Object>) ((List<Object>) ((Map<String, Object>)
                            ((List<Object>) t.get("sessions")).get(0)).get("connections")).get(0);
                    assertThat(conn).containsEntry("socketsShared", false);
                    assertThat((List<Object>) conn.get("sockets")).singleElement()
                            .satisfies(s -> assertThat(((Map<String, Object>) s).get("local")).isEqualTo(portal + ":3260"));
                }
                // without the cluster's portals the same sockets are ambiguous, and status says so
                Run blind = Run.tgtha(dir, concat(new String[]{"status", "--json", "--sample", "0", "--no-cluster"}, common));
                Map<String, Object> t0 = (Map<String, Object>) ((List<Object>) blind.json().get("targets")).get(0);
                Map<String, Object> c0 = (Map<String, Object>) ((List<Object>) ((Map<String, Object>)
                        ((List<Object>) t0.get("sessions")).get(0)).get("connections")).get(0);
                assertThat(c0).containsEntry("socketsShared", true);
                assertThat((List<Object>) c0.get("sockets")).hasSize(2);

                TcpSocket other = sockets(lab).stream().filter(s -> s.local().address().equals(ip2)).findFirst().orElseThrow();
                Run drain = Run.tgtha(withCluster, dir, concat(new String[]{"drain", IQN1, "--json", "--timeout", "2s"}, common));
                assertThat(drain.exitCode()).as(drain.describe()).isZero();
                assertThat((Map<String, Object>) drain.json().get("resetScope")).containsEntry("portals", List.of(ip1));
                // (often tgtd has already dropped the offline target's connection itself: then nothing needed a reset)
                assertThat((List<Object>) drain.json().get("connectionsReset"))
                        .allSatisfy(s -> assertThat(((Map<String, Object>) s).get("local")).isEqualTo(ip1 + ":3260"));
                String show = lab.tgtd().tgtadm("--op", "show", "--mode", "target").stdout();
                assertThat(show.split("I_T nexus: ").length).as("target 2 keeps its session: " + show).isEqualTo(2);
                assertThat(sockets(lab)).as("target 2's connection was not reset").anyMatch(s -> s.key().equals(other.key()));
            }
        }
    }

    static List<TcpSocket> sockets(TgtLab lab) {
        return SsParser.parse(lab.targetNs().exec(Duration.ofSeconds(10), "ss", "-tnie", "state", "established",
                "( sport = :3260 )").orThrow().stdout());
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

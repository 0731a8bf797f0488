// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.lun.LunAgents;
import io.tgtha.agent.tgt.TgtConnector;
import io.tgtha.testkit.TgtdRequestCounter;
import io.tgtha.testkit.TgtdRequestCounter.Exchange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue 15: a node serves tens of targets with several LUNs each, and every one of their monitors runs every few
 * seconds. What a monitor asks of tgtd must not grow with the node: the target and the LUN monitor each make the
 * same three requests (LLD list, {@code show --mode target}, LLD list) with one target on the node and with
 * thirteen, counted by a relay in front of the real tgtd. (tgtd's answer to the show does grow: it has no show of
 * one target; the client reads only the monitored target's part of it, see ReadingOneTargetGivesWhatReadingAllGivesTest.)
 */
class MonitorRequestsDoNotGrowWithTheTargetsOfTheNodeLabTest {
    private static final String IQN = "iqn.2026-12.io.tgtha:grow.t";
    private static final List<String> ONE_CONSISTENT_SHOW = List.of("show lld", "show target", "show lld");

    @Test
    void targetAndLunMonitorsMakeTheSameThreeRequestsWithOneTargetAndWithThirteen() throws IOException {
        AgentLab.require();
        Path dir = Files.createTempDirectory("grow-");
        try (AgentLab lab = AgentLab.start("t");
             TgtdRequestCounter relay = TgtdRequestCounter.relay(dir.resolve("relay.sock"),
                     TgtdRequestCounter.tgtdSocket(lab.port()))) {
            TgtConnector relayed = AgentLab.connectorVia(relay.socket());
            start(lab, 1);
            List<Exchange> targetAlone = monitor(relay, target(lab, relayed, 1));
            List<Exchange> lunAlone = monitor(relay, lun(lab, relayed, 1, 2));
            for (int i = 2; i <= 13; i++) {
                start(lab, i);
            }
            List<Exchange> targetAmongMany = monitor(relay, target(lab, relayed, 1));
            List<Exchange> lunAmongMany = monitor(relay, lun(lab, relayed, 7, 2));

            assertThat(kinds(targetAlone)).isEqualTo(ONE_CONSISTENT_SHOW);
            assertThat(kinds(lunAlone)).isEqualTo(ONE_CONSISTENT_SHOW);
            assertThat(kinds(targetAmongMany)).as("target monitor with 13 targets").isEqualTo(ONE_CONSISTENT_SHOW);
            assertThat(kinds(lunAmongMany)).as("LUN monitor with 13 targets").isEqualTo(ONE_CONSISTENT_SHOW);
            assertThat(showBytes(lunAmongMany)).as("the relay saw the node grow").isGreaterThan(10 * showBytes(lunAlone));
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    private static void start(AgentLab lab, int i) {
        assertThat(lab.target(IQN + i).run("start").rc()).isZero();
        for (int l = 1; l <= 2; l++) {
            AgentCall.Result r = lab.lun("p_lun_t" + i + "_" + l, IQN + i, l, lab.backingFile("t" + i + "l" + l, 8))
                    .run("start");
            assertThat(r.rc()).as(r.toString()).isZero();
        }
    }

    private static AgentCall target(AgentLab lab, TgtConnector relayed, int i) {
        return new AgentCall(new TargetAgent(relayed, TgtConfigFiles.system(), io.tgtha.ocf.lock.FileMutex.defaultLockDir()))
                .param("iqn", IQN + i).param("tgt_control_port", Integer.toString(lab.port())).recurring();
    }

    private static AgentCall lun(AgentLab lab, TgtConnector relayed, int i, int l) {
        return new AgentCall(LunAgents.with(relayed)).env("OCF_RESOURCE_INSTANCE", "p_lun_t" + i + "_" + l)
                .param("target_iqn", IQN + i).param("lun", Integer.toString(l))
                .param("path", lab.backingFilePath("t" + i + "l" + l).toString())
                .param("tgt_control_port", Integer.toString(lab.port())).recurring();
    }

    private static List<Exchange> monitor(TgtdRequestCounter relay, AgentCall monitor) {
        relay.drain();
        AgentCall.Result r = monitor.run("monitor");
        assertThat(r.rc()).as(r.toString()).isZero();
        return relay.drain();
    }

    private static List<String> kinds(List<Exchange> exchanges) {
        return exchanges.stream().map(Exchange::what).toList();
    }

    private static long showBytes(List<Exchange> exchanges) {
        return exchanges.stream().filter(e -> e.what().equals("show target")).mapToLong(Exchange::responseBytes).sum();
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.tgt.TgtConnector;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two promises of TargetStart that no test ran (issue 18.5), against a real tgtd: when another tool (tgt-admin, an
 * operator's tgtadm; outside tgt-ha's lock) takes the chosen tid between the agent's look and its create, tgtd answers
 * TARGET_EXISTS and the start takes the next free tid; and a target found under another tid than its {@code tid}
 * parameter is deleted and created again under the configured one.
 */
class TargetStartTidRaceAndMismatchLabTest {
    static AgentLab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        AgentLab.require();
        lab = AgentLab.start("r");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    static Optional<Target> live(String iqn) {
        return lab.client().showTargets().stream().filter(t -> t.iqn().equals(iqn)).findFirst();
    }

    /**
     * The lab's real client, except that the first createTarget is preceded by another tool's tgtadm creating a
     * target under the same tid: the race, made certain rather than hoped for.
     */
    static TgtClient withInterloper(TgtClient real, String interloperIqn, List<Integer> taken) {
        return (TgtClient) Proxy.newProxyInstance(TgtClient.class.getClassLoader(), new Class<?>[]{TgtClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createTarget") && taken.isEmpty()) {
                        int tid = (Integer) args[0];
                        taken.add(tid);
                        lab.tgtd().tgtadm("--lld", "iscsi", "--op", "new", "--mode", "target", "--tid",
                                Integer.toString(tid), "-T", interloperIqn).orThrow();
                    }
                    try {
                        Object result = method.invoke(real, args);
                        return result instanceof TgtClient c ? withInterloper(c, interloperIqn, taken) : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aTidTakenByAnotherToolBetweenLookAndCreateMakesTheStartTakeTheNextFreeOne() {
        String iqn = "iqn.2026-01.io.tgtha:lab.race";
        String interloper = "iqn.2026-01.io.tgtha:lab.interloper";
        List<Integer> taken = new ArrayList<>();
        TgtConnector connector = new TgtConnector() {
            @Override
            public void checkInstalled() {
            }

            @Override
            public TgtClient connect(int controlPort) {
                return withInterloper(lab.client(), interloper, taken);
            }
        };
        AgentCall start = new AgentCall(new TargetAgent(connector, new TgtConfigFiles(dir), dir)).param("iqn", iqn)
                .param("tgt_control_port", Integer.toString(lab.port())).timeoutMs(20_000);
        try {
            var r = start.run("start");
            assertThat(r.rc()).as(r.toString()).isZero();
            assertThat(taken).as("the race was reached").hasSize(1);
            int raced = taken.get(0);
            assertThat(live(interloper)).map(Target::tid).contains(raced);
            assertThat(live(iqn)).map(Target::tid).get().as("a tid other than the one taken").isNotEqualTo(raced);
            assertThat(lab.target(iqn).recurring().run("monitor").rc()).isZero();
        } finally {
            lab.target(iqn).run("stop");
            live(interloper).ifPresent(t -> lab.client().forceDeleteTarget(t.tid()));
        }
        assertThat(live(iqn)).isEmpty();
    }

    @Test
    void aTargetUnderAnotherTidThanConfiguredIsDeletedAndCreatedUnderItsOwn() {
        String iqn = "iqn.2026-01.io.tgtha:lab.tidmove";
        try {
            var first = lab.target(iqn).param("tid", "15").run("start");
            assertThat(first.rc()).as(first.toString()).isZero();
            assertThat(live(iqn)).map(Target::tid).contains(15);

            var wanted = lab.target(iqn).param("tid", "17");
            var differs = wanted.recurring().run("monitor");
            assertThat(differs.rc()).as(differs.toString()).isEqualTo(1);
            var rebuilt = wanted.run("start");
            assertThat(rebuilt.rc()).as(rebuilt.toString()).isZero();
            assertThat(rebuilt.stderr()).contains("(tid 15) exists but cannot be repaired in place",
                    "deleting and creating it again");
            assertThat(live(iqn)).map(Target::tid).contains(17);
            assertThat(lab.client().showTargets()).noneMatch(t -> t.tid() == 15);
            assertThat(wanted.recurring().run("monitor").rc()).isZero();
        } finally {
            lab.target(iqn).run("stop");
        }
        assertThat(live(iqn)).isEmpty();
    }
}

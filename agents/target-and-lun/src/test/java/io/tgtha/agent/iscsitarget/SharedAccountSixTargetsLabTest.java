// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.IscsiUrl;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Two "nodes" (two tgtds, shared backing files), six targets bound to one shared CHAP account that both
 * nodes have (as the ocf:tgtha:account clone creates it), three targets per node. Every target is then
 * moved to the other node, one at a time. Throughout: the right password logs in everywhere, a wrong one
 * and none nowhere, monitors stay green and neither tgtd crashes.
 */
class SharedAccountSixTargetsLabTest {
    static final String USER = "sixshared";
    static final String PASSWORD = "sixpass123456";

    @Test
    void sixTargetsOneAccountMovedOneByOne() {
        AgentLab.require();
        try (AgentLab node1 = AgentLab.start("t"); AgentLab node2 = AgentLab.start("t")) {
            List<AgentLab> nodes = List.of(node1, node2);
            for (AgentLab n : nodes) {
                n.client().createAccount(USER, PASSWORD);
            }
            List<String> iqns = new ArrayList<>();
            List<Path> disks = new ArrayList<>();
            int[] placement = new int[6];
            for (int i = 0; i < 6; i++) {
                iqns.add("iqn.2026-01.io.tgtha:lab.six" + (i + 1));
                disks.add(node1.backingFile("six" + (i + 1) + ".img", 8)); // one file, seen by both nodes
                placement[i] = i < 3 ? 0 : 1;
                start(nodes.get(placement[i]), iqns.get(i), disks.get(i));
            }
            checkAll(nodes, iqns, disks, placement, "initially");
            for (int i = 0; i < 6; i++) {
                AgentLab from = nodes.get(placement[i]);
                AgentLab to = nodes.get(1 - placement[i]);
                assertThat(lun(from, iqns.get(i), disks.get(i)).run("stop").rc()).isZero();
                assertThat(target(from, iqns.get(i)).run("stop").rc()).isZero();
                start(to, iqns.get(i), disks.get(i));
                placement[i] = 1 - placement[i];
                checkAll(nodes, iqns, disks, placement, "after moving target " + (i + 1));
            }
            for (AgentLab n : nodes) {
                assertThat(n.client().accounts()).as("the shared account survives every stop").contains(USER);
            }
        }
    }

    private static AgentCall target(AgentLab node, String iqn) {
        return node.target(iqn).param("incoming_username", USER);
    }

    private static AgentCall lun(AgentLab node, String iqn, Path disk) {
        return node.lun("p_lun_" + iqn.substring(iqn.lastIndexOf('.') + 1), iqn, 1, disk);
    }

    private static void start(AgentLab node, String iqn, Path disk) {
        var t = target(node, iqn).run("start");
        assertThat(t.rc()).as(t.toString()).isZero();
        var l = lun(node, iqn, disk).run("start");
        assertThat(l.rc()).as(l.toString()).isZero();
    }

    private static void checkAll(List<AgentLab> nodes, List<String> iqns, List<Path> disks, int[] placement,
                                 String when) {
        for (int i = 0; i < iqns.size(); i++) {
            AgentLab node = nodes.get(placement[i]);
            AgentLab other = nodes.get(1 - placement[i]);
            String what = when + ", target " + (i + 1);
            assertThat(target(node, iqns.get(i)).recurring().run("monitor").rc()).as(what).isZero();
            assertThat(lun(node, iqns.get(i), disks.get(i)).recurring().run("monitor").rc()).as(what).isZero();
            assertThat(target(other, iqns.get(i)).run("monitor").rc()).as(what + " elsewhere").isEqualTo(7);
            IscsiUrl url = IscsiUrl.lun(node.targetIp(), iqns.get(i), 1);
            assertThat(node.initiator().canLogin(url.withChap(USER, PASSWORD), AgentLab.T)).as(what).isTrue();
            assertThat(node.initiator().canLogin(url.withChap(USER, "wrongpass1234"), AgentLab.T)).as(what).isFalse();
            assertThat(node.initiator().canLogin(url, AgentLab.T)).as(what + " without CHAP").isFalse();
        }
        for (AgentLab n : nodes) {
            assertThat(n.tgtd().isAlive()).as(when + ": tgtd alive").isTrue();
        }
    }
}

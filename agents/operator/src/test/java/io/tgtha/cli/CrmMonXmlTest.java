// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.cluster.CibResourcesXml;
import io.tgtha.cli.cluster.ClusterStatus;
import io.tgtha.cli.cluster.CrmMonXml;
import io.tgtha.cli.cluster.ResourceResolver;
import io.tgtha.cli.cluster.TargetResource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrmMonXmlTest {
    static final String HEALTHY = Captured.read("crm_mon.xml");

    /** The captured output with one node reported offline (attribute flipped as crm_mon prints it). */
    static String withNodeOffline() {
        return HEALTHY.replace("<node name=\"cl-n2\" id=\"2\" online=\"true\"", "<node name=\"cl-n2\" id=\"2\" online=\"false\"");
    }

    /** The captured output plus a failed monitor, in crm_mon 2.1's failures element. */
    static String withFailure() {
        return HEALTHY.replace("  <node_history>", "  <failures>\n    <failure op_key=\"t1-ip_monitor_10000\" node=\"cl-n1\""
                + " exitstatus=\"not running\" exitreason=\"\" exitcode=\"7\" call=\"31\" status=\"complete\""
                + " last-rc-change=\"2026-11-21 23:50:00Z\" queued=\"0\" exec=\"0\" interval=\"10000\" task=\"monitor\"/>\n"
                + "  </failures>\n  <node_history>");
    }

    @Test
    void readsNodesDcAndGroupMembersOfTheCapturedCluster() {
        ClusterStatus s = CrmMonXml.parse(HEALTHY);
        assertThat(s.dc()).isEqualTo("cl-n1");
        assertThat(s.nodes()).extracting(ClusterStatus.NodeStatus::name).containsExactly("cl-n1", "cl-n2");
        assertThat(s.resources()).hasSize(5).allSatisfy(r -> assertThat(r.group()).isEqualTo("g-t1"));
        assertThat(s.runningOn("g-t1")).containsExactly("cl-n1");
        assertThat(s.runningOn("t1-target")).containsExactly("cl-n1");
        assertThat(s.healthProblems()).isEmpty();
        assertThat(s.knows("g-t1")).isTrue();
        assertThat(s.knows("nope")).isFalse();
    }

    @Test
    void anOfflineNodeAndAFailedActionAreHealthProblems() {
        assertThat(CrmMonXml.parse(withNodeOffline()).healthProblems()).containsExactly("node cl-n2 is offline");
        assertThat(CrmMonXml.parse(withFailure()).healthProblems())
                .containsExactly("failed action t1-ip_monitor_10000 on cl-n1: not running");
    }

    @Test
    void aStoppedMemberMeansTheGroupRunsNowhere() {
        String stopped = HEALTHY.replace("<resource id=\"t1-lun\" resource_agent=\"ocf:heartbeat:iSCSILogicalUnit\" role=\"Started\" active=\"true\"",
                "<resource id=\"t1-lun\" resource_agent=\"ocf:heartbeat:iSCSILogicalUnit\" role=\"Stopped\" active=\"false\"");
        assertThat(stopped).isNotEqualTo(HEALTHY);
        assertThat(CrmMonXml.parse(stopped).runningOn("g-t1")).isEmpty();
    }

    @Test
    void findsTargetPrimitivesByTheirIqnParameterAndResolvesToTheGroup() {
        List<TargetResource> targets = CibResourcesXml.targets(Captured.read("resources.xml"));
        // stock iSCSITarget without portals: the group's floating IP is the portal
        assertThat(targets).containsExactly(new TargetResource("t1-target", "g-t1", "iqn.2026-01.io.tgtha.lab:t1",
                "ocf:heartbeat:iSCSITarget", List.of("10.231.50.21")));
        ClusterStatus s = CrmMonXml.parse(HEALTHY);
        assertThat(ResourceResolver.resolve("iqn.2026-01.io.tgtha.lab:t1", targets, s).resource()).isEqualTo("g-t1");
        assertThat(ResourceResolver.resolve("t1-target", targets, s).resource()).isEqualTo("t1-target");
        assertThat(ResourceResolver.resolve("t1-ip", targets, s).resource()).isEqualTo("t1-ip");
        assertThatThrownBy(() -> ResourceResolver.resolve("iqn.other", targets, s))
                .isInstanceOf(CliException.class).hasMessageContaining("iqn.other");
        assertThat(ResourceResolver.all(targets)).extracting(ResourceResolver.Resolved::resource).containsExactly("g-t1");
    }

    @Test
    void theTgthaTargetsPortalsParameterNamesItsPortal() {
        List<TargetResource> targets = CibResourcesXml.targets(Captured.read("cib-tgtha-lab.xml"));
        assertThat(targets).singleElement().satisfies(t -> {
            assertThat(t.agent()).isEqualTo("ocf:tgtha:target");
            assertThat(t.portalAddresses()).containsExactly("10.231.50.21");
        });
        String wildcard = Captured.read("cib-tgtha-lab.xml").replace("value=\"10.231.50.21:3260\"", "value=\"0.0.0.0:3260\"");
        assertThat(CibResourcesXml.targets(wildcard).get(0).portalAddresses())
                .as("a wildcard portal says nothing; the group's IP does").containsExactly("10.231.50.21");
    }

    @Test
    void refusesDoctypesInToolOutput() {
        assertThatThrownBy(() -> CrmMonXml.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><crm_mon>&e;</crm_mon>"))
                .isInstanceOf(CliException.class);
    }
}

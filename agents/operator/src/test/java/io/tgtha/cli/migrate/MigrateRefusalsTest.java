// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.ExitCode;
import io.tgtha.cli.migrate.MigrationPlan.NotMapped;
import io.tgtha.cli.migrate.StockMapper.WriteCache;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static io.tgtha.cli.migrate.MigrationFixtures.SECRETS;
import static io.tgtha.cli.migrate.MigrationFixtures.fixture;
import static io.tgtha.cli.migrate.MigrationFixtures.plan;
import static io.tgtha.cli.migrate.MigrationFixtures.tgtha;
import static org.assertj.core.api.Assertions.assertThat;

/** stock-refusals.xml: one resource per reason tgtha migrate refuses, beside one that maps. */
class MigrateRefusalsTest {
    private static Map<String, String> reasons() {
        return plan("stock-refusals.xml", WriteCache.KEEP).notMapped().stream()
                .collect(Collectors.toMap(NotMapped::id, NotMapped::reason));
    }

    @Test
    void everyRefusalIsNamedWithItsReason() {
        Map<String, String> reasons = reasons();
        assertThat(reasons).containsOnlyKeys("lio-target", "lio-lun", "open-target", "nopw-target", "a-target",
                "b-target", "c-target", "cloned-lun", "zero-lun", "empty-id-lun", "spaced-sn-lun", "long-id-lun",
                "ruled-lun");
        assertThat(reasons.get("lio-target")).startsWith("implementation=lio-t: tgt-ha manages tgt targets only");
        assertThat(reasons.get("lio-lun")).startsWith("its target iqn.2026-01.com.example:lio stays on the stock agent");
        assertThat(reasons.get("open-target")).startsWith("allowed_initiators is unset: the stock agent bound no ACL");
        assertThat(reasons.get("nopw-target")).startsWith("incoming_username without incoming_password");
        assertThat(reasons.get("a-target")).startsWith("CHAP user shared has different incoming_password values on"
                + " [a-target, b-target] (not shown)");
        assertThat(reasons.get("b-target")).isEqualTo(reasons.get("a-target"));
        assertThat(reasons.get("c-target")).startsWith("CHAP user solo needs an account clone, which needs tgtd on every"
                + " node, but tgtd (tgtd) is not a clone");
        assertThat(reasons.get("cloned-lun")).startsWith("it runs in clone cloned-lun-clone");
        assertThat(reasons.get("zero-lun")).startsWith("lun=0 is tgtd's controller LUN");
        assertThat(reasons.get("empty-id-lun")).startsWith("scsi_id is set but empty");
        assertThat(reasons.get("spaced-sn-lun")).startsWith("scsi_sn contains a space or comma");
        assertThat(reasons.get("long-id-lun")).startsWith("scsi_id is longer than 36 characters");
        assertThat(reasons.get("ruled-lun")).startsWith("its parameters come in several sets or under rules");
    }

    @Test
    void nothingRefusedIsConfigured() {
        MigrationPlan plan = plan("stock-refusals.xml", WriteCache.KEEP);
        assertThat(plan.mapped()).isEmpty();
        assertThat(plan.accounts()).isEmpty();
        assertThat(plan.orders()).isEmpty();
        assertThat(tgtha(null, "migrate", "--cib", fixture("stock-refusals.xml").toString()).out())
                .contains("# Nothing to migrate.").doesNotContain("crm_resource").doesNotContain("maintenance-mode");
    }

    @Test
    void refusalsGiveTheirOwnExitCodeAndNoSecret() {
        var run = tgtha(null, "migrate", "--cib", fixture("stock-refusals.xml").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_MAPPED.code());
        assertThat(run.err()).startsWith("tgtha: 13 resource(s) not mapped: lio-target, ");
        assertThat(run.step("Not mapped")).contains("# ruled-lun: its parameters come in several sets");
        for (String secret : SECRETS) {
            assertThat(run.out()).doesNotContain(secret);
            assertThat(run.err()).doesNotContain(secret);
        }
    }

    /** allowed_initiators is read by the target agent's own parser, InitiatorAcl: what it refuses is not mapped. */
    @Test
    void allowedInitiatorsTheTargetAgentWouldNotTakeOrTakeDifferentlyAreRefused() {
        String cib = "<cib><configuration><resources>"
                + target("named", "10.0.0.1 iqn.2026-01.com.example:reader")
                + target("commas", "10.0.0.1,10.0.0.2")
                + target("octet", "10.0.0.300")
                + target("fine", "10.0.0.1 10.0.0.2")
                + "</resources><constraints/></configuration></cib>";
        Map<String, String> reasons = StockMapper.map(CibConfiguration.parse(cib),
                        new StockMapper.Options(Path.of("/etc/tgtha"), WriteCache.KEEP)).notMapped().stream()
                .collect(Collectors.toMap(NotMapped::id, NotMapped::reason));
        assertThat(reasons).containsOnlyKeys("named", "commas", "octet");
        assertThat(reasons.get("named")).startsWith("allowed_initiators names initiator(s)"
                + " [iqn.2026-01.com.example:reader]: the stock agent bound every entry as an initiator ADDRESS");
        assertThat(reasons.get("commas")).startsWith("allowed_initiators contains a comma");
        assertThat(reasons.get("octet")).startsWith("allowed_initiators: initiator address '10.0.0.300' has an octet"
                + " above 255; tgt-ha refuses it (rc 6)");
    }

    private static String target(String id, String acl) {
        return "<primitive id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\"iSCSITarget\">"
                + "<instance_attributes id=\"" + id + "-ia\">"
                + "<nvpair id=\"" + id + "-impl\" name=\"implementation\" value=\"tgt\"/>"
                + "<nvpair id=\"" + id + "-iqn\" name=\"iqn\" value=\"iqn.2026-01.com.example:" + id + "\"/>"
                + "<nvpair id=\"" + id + "-acl\" name=\"allowed_initiators\" value=\"" + acl + "\"/>"
                + "</instance_attributes></primitive>";
    }
}

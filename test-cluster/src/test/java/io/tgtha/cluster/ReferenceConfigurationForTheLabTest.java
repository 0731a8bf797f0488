// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab copy of the reference configuration differs from docs/ only where the lab has to (no cluster needed). */
class ReferenceConfigurationForTheLabTest {
    static final Path SHARED = Path.of("/var/tmp/tgtha-cl/shared");

    @Test
    void onlyTheTgtdResourceAndTheStoragePathsChange() throws Exception {
        String docs = Files.readString(ReferenceConfigurationsLoadLabTest.DOCS.resolve("reference-configuration.crm"));
        String lab = ReferenceConfigurationForTheLab.adapt(docs, SHARED);

        List<String> before = docs.lines().toList();
        List<String> after = lab.lines().toList();
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            String b = before.get(i);
            if (b.startsWith("#") || !(b.contains("systemd:tgt") || b.contains("/srv/iscsi/") || b.contains("/etc/tgtha/"))) {
                assertThat(after.get(i)).as("line %d is not the lab's business", i + 1).isEqualTo(b);
            }
        }
        assertThat(lab).contains("primitive tgtd ocf:pacemaker:Dummy op monitor interval=30s timeout=20s")
                .contains("password_file=/var/tmp/tgtha-cl/shared/chap-incoming.secret")
                .contains("path=/var/tmp/tgtha-cl/shared/t6.img")
                .contains("tickle_dir=/var/tmp/tgtha-cl/shared/tickle");
        assertThat(ReferenceConfigurationForTheLab.configurationLines(lab))
                .noneMatch(l -> l.contains("systemd") || l.contains("/srv/") || l.contains("/etc/"));
        assertThat(ReferenceConfigurationForTheLab.configurationLines(lab).filter(l -> l.startsWith("primitive ")))
                .as("every resource of the reference configuration is still there").hasSize(32);
    }

    @Test
    void thePcsScriptChangesOnlyInTheSamePlaces() throws Exception {
        String docs = Files.readString(ReferenceConfigurationsLoadLabTest.DOCS.resolve("reference-configuration.pcs.sh"));
        String lab = ReferenceConfigurationForTheLab.adaptPcs(docs, SHARED);

        List<String> before = docs.lines().toList();
        List<String> after = lab.lines().toList();
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            String b = before.get(i);
            if (b.startsWith("#") || !(b.contains("systemd:tgt") || b.contains("/srv/iscsi") || b.contains("/etc/tgtha/"))) {
                assertThat(after.get(i)).as("line %d is not the lab's business", i + 1).isEqualTo(b);
            }
        }
        assertThat(lab).contains("p resource create tgtd ocf:pacemaker:Dummy op monitor interval=30s timeout=20s")
                .contains("password_file=/var/tmp/tgtha-cl/shared/chap-incoming.secret")
                .contains("LUN_DIR=/var/tmp/tgtha-cl/shared ").contains("TICKLE_DIR=/var/tmp/tgtha-cl/shared/tickle")
                .contains("pcs cluster cib \"$CIB\"").contains("pcs cluster cib-push \"$CIB\" --config");
    }

    @Test
    void aReferenceConfigurationTheLabCannotRunIsRefusedByName() {
        String docs = "primitive tgtd systemd:tgt op monitor interval=30s\nprimitive x systemd:iscsid\n"
                + "primitive l ocf:tgtha:lun params path=/srv/iscsi/a.img password_file=/etc/tgtha/s\n";
        assertThatThrownBy(() -> ReferenceConfigurationForTheLab.adapt(docs, SHARED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("systemd:");
        assertThatThrownBy(() -> ReferenceConfigurationForTheLab.adapt("primitive l ocf:tgtha:lun\n", SHARED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("systemd:tgt");
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static io.tgtha.tgt.TargetShowReaderTest.head;
import static io.tgtha.tgt.TargetShowReaderTest.lun;
import static io.tgtha.tgt.TargetShowReaderTest.session;
import static io.tgtha.tgt.TargetShowReaderTest.tail;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A monitor reads only its own target's block (TargetShowReader.readOne, issue 15: at 64 targets every monitor
 * built all 64), and must see exactly what reading the whole output gives for that target: the same facts, the
 * same doubt, the same absence, with initiators' forgeries anywhere in the output.
 */
class ReadingOneTargetGivesWhatReadingAllGivesTest {
    private static final TargetName A = new TargetName(1, "iqn.2026-01.test:a");
    private static final TargetName B = new TargetName(3, "iqn.2026-01.test:b");
    private static final TargetName C = new TargetName(5, "iqn.2026-01.test:c");
    private static final TargetName GONE = new TargetName(9, "iqn.2026-01.test:gone");

    @Test
    void everyListedTargetAndOneNobodyListsAreReadAlikeOneByOneAndAll() throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("benign", head(A, "ready") + session(1, "iqn.2026-01.init:x", "none", "10.0.0.5")
                + tail(A, true, "ALL") + head(B, "offline") + tail(B, false, "10.0.0.0/24", "iqn.2026-01.init:y")
                + head(C, "ready") + tail(C, true, "ALL"));
        texts.put("forged next block", head(A, "ready")
                + session(1, "iqn.2026-01.evil:n\nTarget 99999999999: x", "x\nTarget 3: iqn.2026-01.test:b\n"
                        + "    System information:\n        Driver: iscsi\n        State: offline", "10.0.0.9")
                + tail(A, false, "ALL") + head(B, "ready") + tail(B, true, "ALL") + head(C, "ready")
                + tail(C, true, "ALL"));
        texts.put("forged copy of an earlier target", head(A, "ready") + tail(A, true, "ALL") + head(C, "ready")
                + session(1, "iqn.2026-01.evil:n", "x\n            Connection: 0\n                IP Address: 10.0.0.9\n"
                        + "    LUN information:\n    Account information:\n    ACL information:\n        ALL\n"
                        + "Target 1: iqn.2026-01.test:a\n    System information:\n        Driver: iscsi\n"
                        + "        State: offline\n    I_T nexus information:\n        I_T nexus: 9\n"
                        + "            Initiator: q alias: q", "10.0.0.9") + tail(C, true, "ALL"));
        texts.put("two copies of a heading in sessions", head(A, "ready")
                + session(1, "n", "x\nTarget 3: iqn.2026-01.test:b", "10.0.0.9")
                + session(2, "n", "x\nTarget 3: iqn.2026-01.test:b", "10.0.0.8") + tail(A, true, "ALL")
                + head(B, "ready") + session(3, "n", "x\nTarget 3: iqn.2026-01.test:b", "10.0.0.7")
                + tail(B, true, "ALL") + head(C, "ready") + tail(C, true, "ALL"));
        texts.put("forged LUN", head(A, "ready") + session(1, "iqn.2026-01.evil:n", "x\n            Connection: 0\n"
                + "                IP Address: 10.0.0.9\n    LUN information:\n"
                + lun(7, "disk", "/etc/shadow").stripTrailing(), "10.0.0.9") + tail(A, true, "ALL")
                + head(B, "ready") + tail(B, true, "ALL"));
        texts.put("alias cut at tgtd's buffer", head(A, "ready") + session(1, "n", "A".repeat(1100), "10.0.0.9")
                + tail(A, true, "ALL") + head(B, "ready") + tail(B, true, "ALL"));
        texts.put("out of tid order", head(B, "ready") + tail(B, true, "ALL") + head(A, "ready") + tail(A, true, "ALL"));
        texts.put("captured with sessions", ShowParserTest.captured("show-target-sessions.txt"));
        texts.put("captured after", ShowParserTest.captured("show-target-after.txt"));

        int compared = 0;
        int doubtful = 0;
        for (Map.Entry<String, String> e : texts.entrySet()) {
            List<TargetName> listed = listed(e.getValue());
            listed.add(GONE); // listed, not in the show: deleted in between
            List<Target> all = TargetShowReader.read(e.getValue(), listed);
            for (TargetName n : listed) {
                Optional<Target> fromAll = all.stream().filter(t -> t.iqn().equals(n.iqn())).findFirst();
                assertThat(TargetShowReader.readOne(e.getValue(), listed, n.iqn())).as(e.getKey() + ", " + n)
                        .isEqualTo(fromAll);
                compared++;
                doubtful += fromAll.isPresent() && !fromAll.get().certain() ? 1 : 0;
            }
            assertThat(TargetShowReader.readOne(e.getValue(), listed, "iqn.2026-01.test:unlisted")).isEmpty();
        }
        assertThat(compared).isGreaterThan(20);
        assertThat(doubtful).as("doubtful targets are among those compared").isGreaterThanOrEqualTo(3);
    }

    /** What tgtd's LLD list would have said: the real targets of the text (its first copy of each heading). */
    private static List<TargetName> listed(String text) {
        List<TargetName> names = new ArrayList<>();
        for (TargetName n : List.of(A, B, C)) {
            if (text.contains("Target " + n.tid() + ": " + n.iqn() + "\n    System information:")) {
                names.add(n);
            }
        }
        if (names.isEmpty()) {
            for (String line : text.split("\n")) {
                if (line.startsWith("Target ")) {
                    int colon = line.indexOf(": ");
                    names.add(new TargetName(Integer.parseInt(line.substring(7, colon)), line.substring(colon + 2)));
                }
            }
        }
        return names;
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import io.tgtha.agent.iscsitarget.AgentCall;
import io.tgtha.agent.iscsitarget.FakeTgt;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Fixture: the LUN agent on an in-memory tgtd, LUN 1 of {@link #IQN} on an empty file, a fresh one per test. */
abstract class LunAgentOnFakeTgt {
    static final String IQN = "iqn.2026-01.io.tgtha:unit.lun";

    @TempDir
    Path dir;

    FakeTgt tgt = new FakeTgt();
    Path backing;

    @BeforeEach
    void newBackingFile() throws Exception {
        backing = Files.createFile(dir.resolve("lun1.img"));
    }

    /** One action of p_lun1 (LUN 1 of IQN on the backing file), 10 s timeout; add or replace parameters. */
    AgentCall call() {
        return new AgentCall(new LunAgent(tgt, dir.resolve("offline"))).env("OCF_RESOURCE_INSTANCE", "p_lun1")
                .param("target_iqn", IQN).param("lun", "1").param("path", backing.toString()).timeoutMs(10_000);
    }
}

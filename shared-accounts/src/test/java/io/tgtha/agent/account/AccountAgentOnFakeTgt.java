// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Fixture: a fresh account agent per test on an in-memory tgtd, its password records and locks in a temp directory. */
abstract class AccountAgentOnFakeTgt {
    @TempDir
    Path dir;
    FakeTgtClient tgt;
    PasswordRecords records;
    AccountAgent agent;

    @BeforeEach
    void newAgentOnFakeTgt() {
        tgt = new FakeTgtClient();
        records = new PasswordRecords(dir.resolve("records"));
        agent = new AccountAgent(tgt, records, dir.resolve("locks"));
    }
}

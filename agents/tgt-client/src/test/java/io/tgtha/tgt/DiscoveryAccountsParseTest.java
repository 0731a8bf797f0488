// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code show --mode system} of tgtd 1.0.85 with discovery accounts, as captured from a real tgtd. */
class DiscoveryAccountsParseTest {
    static final String SYSTEM_WITH_DISCOVERY_ACCOUNTS = String.join("\n",
            "System:", "    State: ready", "    debug: off",
            "LLDs:", "    iscsi: ready", "    iser: error",
            "Backing stores:", "    rdwr (bsoflags sync:direct)", "    aio",
            "Device types:", "    disk", "    cd/dvd", "    passthrough",
            "    Account information:", "", "    alice", "    bob", "    bob (outgoing)",
            "iSNS:", "    iSNS=Off", "    iSNSServerIP=", "    iSNSServerPort=3205", "    iSNSAccessControl=Off", "");

    @Test
    void readsDiscoveryAccountsInSlotOrder() {
        DiscoveryAccounts d = ShowParser.parseDiscoveryAccounts(SYSTEM_WITH_DISCOVERY_ACCOUNTS);
        assertThat(d.incoming()).containsExactly("alice", "bob");
        assertThat(d.outgoing()).isEqualTo("bob");
        assertThat(d.binds("bob", AccountDirection.OUTGOING)).isTrue();
        assertThat(d.binds("alice", AccountDirection.OUTGOING)).isFalse();
    }

    @Test
    void accountLinesAreNotDeviceTypes() {
        SystemInfo s = ShowParser.parseSystem(SYSTEM_WITH_DISCOVERY_ACCOUNTS, new TgtVersion(1, 0, 85));
        assertThat(s.deviceTypes()).containsExactly("disk", "cd/dvd", "passthrough");
    }

    @Test
    void noDiscoveryAccountsWithoutTheHeading() {
        String plain = SYSTEM_WITH_DISCOVERY_ACCOUNTS.replaceAll("(?s)    Account information:.*?iSNS:", "iSNS:");
        DiscoveryAccounts d = ShowParser.parseDiscoveryAccounts(plain);
        assertThat(d.incoming()).isEmpty();
        assertThat(d.outgoing()).isNull();
    }
}

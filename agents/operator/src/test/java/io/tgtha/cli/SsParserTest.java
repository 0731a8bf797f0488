// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.net.Endpoint;
import io.tgtha.cli.net.SsParser;
import io.tgtha.cli.net.TcpSocket;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SsParserTest {
    @Test
    void readsAStateFilteredOutputWithoutStateColumnUnderLoad() {
        List<TcpSocket> s = SsParser.parse(Captured.read("ss-load-tnie.txt"));
        assertThat(s).hasSize(1);
        TcpSocket t = s.get(0);
        assertThat(t.state()).isEqualTo("ESTAB");
        assertThat(t.recvQ()).isEqualTo(96);
        assertThat(t.sendQ()).isZero();
        assertThat(t.local()).isEqualTo(new Endpoint("10.231.4.201", 3260));
        assertThat(t.peer()).isEqualTo(new Endpoint("10.231.4.202", 36244));
        assertThat(t.inode()).isEqualTo(47190L);
        assertThat(t.bytesAcked()).isEqualTo(2915322624L);
        assertThat(t.lastAckMs()).as("ss omits lastack when it is 0").isZero();
        assertThat(t.backoff()).isZero();
    }

    @Test
    void readsTheStuckConnectionsFrozenSendQAndBackoff() {
        TcpSocket t = SsParser.parse(Captured.read("ss-stuck-tnie-1.txt")).get(0);
        assertThat(t.sendQ()).isEqualTo(2878848);
        assertThat(t.lastAckMs()).isEqualTo(3004);
        assertThat(t.backoff()).isEqualTo(3);
        assertThat(t.bytesAcked()).isEqualTo(2924113456L);
        assertThat(t.info()).containsEntry("notsent", "2338744").containsEntry("unacked", "373");
    }

    @Test
    void readsOutputWithAStateColumn() {
        TcpSocket t = SsParser.parse(Captured.read("ss-stuck-all.txt")).get(0);
        assertThat(t.state()).isEqualTo("ESTAB");
        assertThat(t.sendQ()).isEqualTo(2878848);
        assertThat(t.lastAckMs()).isEqualTo(5020);
    }

    @Test
    void readsOutputWithoutExtendedFields() {
        TcpSocket t = SsParser.parse(Captured.read("ss-load-tni.txt")).get(0);
        assertThat(t.inode()).isNull();
        assertThat(t.peer().port()).isEqualTo(36244);
        assertThat(t.bytesAcked()).isNotNull();
    }

    @Test
    void readsBracketedIpv6AddressesAndIgnoresFlagWords() {
        TcpSocket t = SsParser.parse(Captured.read("ss-ipv6.txt")).get(0);
        assertThat(t.local()).isEqualTo(new Endpoint("::1", 3260));
        assertThat(t.peer().render()).isEqualTo("[::1]:33922");
        assertThat(t.lastAckMs()).isEqualTo(920);
        assertThat(t.info()).doesNotContainKey("bbr").doesNotContainKey("send");
    }

    @Test
    void normalisesMappedAndScopedAddressesAndSkipsJunk() {
        String text = "State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
                + "FIN-WAIT-1 0 1234 [::ffff:10.0.0.1]:3260 [::ffff:10.0.0.2]:5000\n"
                + "ESTAB 0 0 [fe80::1%eth0]:3260 [fe80::2%eth0]:5001\n"
                + "Failed to find cgroup2 mount\n";
        List<TcpSocket> s = SsParser.parse(text);
        assertThat(s).hasSize(2);
        assertThat(s.get(0).state()).isEqualTo("FIN-WAIT-1");
        assertThat(s.get(0).peer().address()).isEqualTo("10.0.0.2");
        assertThat(s.get(1).local().address()).isEqualTo("fe80::1");
        assertThat(SsParser.parse("")).isEmpty();
        assertThat(SsParser.parse("Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n")).isEmpty();
    }
}

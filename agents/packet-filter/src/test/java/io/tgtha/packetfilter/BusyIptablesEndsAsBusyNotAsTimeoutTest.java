// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandTimedOutException;
import io.tgtha.ocf.exec.CommandRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * RealPacketFilterLabTest.persistentExitCode4EndsAsRc1BeforeTheTimeoutNeverRc4 could fail now and then
 * with "timed out: iptables ..." instead of "still busy": the retry backoff could start the last
 * attempt with a few ms of the deadline left, and that attempt's timeout became the answer.
 */
class BusyIptablesEndsAsBusyNotAsTimeoutTest {
    private static final String BUSY = "iptables: Resource temporarily unavailable.\n";

    private static CommandFailedException busy(Command c) {
        return new CommandFailedException(new CommandResult(c, 4, "", BUSY, Duration.ofMillis(1)));
    }

    @Test
    void aLastAttemptThatTimesOutAfterContentionReportsTheContention() {
        int[] calls = {0};
        CommandRunner runner = c -> {
            if (++calls[0] < 4) {
                throw busy(c);
            }
            throw new CommandTimedOutException(c, Duration.ofMillis(3));
        };
        IptablesFilter filter = new IptablesFilter("iptables", "ip6tables", runner,
                Deadline.after(Duration.ofSeconds(10)), s -> { });
        PacketFilterException e = catchThrowableOfType(PacketFilterException.class,
                () -> filter.insert(BlockRule.of(Protocol.TCP, IpPrefix.parseList("10.231.2.1"),
                        PortList.parse("3260"), Direction.OUT, Method.REJECT).get(0)));
        assertThat(e.kind()).isEqualTo(PacketFilterException.Kind.BUSY);
        assertThat(e.getMessage()).contains("still busy when time ran out").contains("Resource temporarily unavailable");
        assertThat(e.toOcf().exitCode().code()).isEqualTo(1);
    }

    @Test
    void aTimeoutWithoutContentionIsStillATimeout() {
        CommandRunner runner = c -> {
            throw new CommandTimedOutException(c, Duration.ofSeconds(8));
        };
        IptablesFilter filter = new IptablesFilter("iptables", "ip6tables", runner,
                Deadline.after(Duration.ofSeconds(10)), s -> { });
        PacketFilterException e = catchThrowableOfType(PacketFilterException.class,
                () -> filter.listOwn());
        assertThat(e.kind()).isEqualTo(PacketFilterException.Kind.TIMED_OUT);
    }
}

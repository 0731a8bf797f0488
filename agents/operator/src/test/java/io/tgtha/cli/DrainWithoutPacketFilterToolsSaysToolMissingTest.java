// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.net.ConnectionReset;
import io.tgtha.cli.net.PeerConnectionReset;
import io.tgtha.cli.net.PortblockConnectionReset;
import io.tgtha.cli.net.ResetScope;
import io.tgtha.cli.net.SsParser;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.CommandNotFoundException;
import io.tgtha.ocf.exec.CommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The exit code of a drain whose packet-filter tools are missing: 10 (tool missing, docs/operator-guide.md,
 * "Exit codes") for the drain by initiator and for {@code drain --portal}, on the reset and on its second pass.
 */
class DrainWithoutPacketFilterToolsSaysToolMissingTest {
    private static final CommandRunner NOTHING_INSTALLED = c -> {
        throw new CommandNotFoundException(c, null);
    };

    @TempDir
    Path locks;

    @Test
    void theInitiatorDrainSaysToolMissing() {
        var reset = new PeerConnectionReset(NOTHING_INSTALLED, locks, List::of);
        assertThat(exitCodeOf(reset, new ResetScope(3260, List.of("10.0.0.2"), List.of()))).isEqualTo(ExitCode.TOOL_MISSING);
    }

    @Test
    void thePortalDrainSaysToolMissing() {
        var sockets = SsParser.parse(Captured.read("ss-stuck-tnie-1.txt"));
        var reset = new PortblockConnectionReset(NOTHING_INSTALLED, locks, () -> sockets);
        String portal = sockets.stream().filter(s -> s.local().port() == 3260 && !s.state().equals("LISTEN"))
                .findFirst().orElseThrow().local().address();
        ResetScope scope = new ResetScope(3260, List.of(), List.of(portal));
        assertThat(exitCodeOf(reset, scope)).isEqualTo(ExitCode.TOOL_MISSING);
        CliException second = catchThrowableOfType(
                () -> reset.destroyRemaining(scope, Deadline.after(Duration.ofSeconds(10))), CliException.class);
        assertThat(second.exitCode()).isEqualTo(ExitCode.TOOL_MISSING);
    }

    private static ExitCode exitCodeOf(ConnectionReset reset, ResetScope scope) {
        CliException e = catchThrowableOfType(() -> reset.reset(scope, Deadline.after(Duration.ofSeconds(10))),
                CliException.class);
        assertThat(e).as("the reset fails").isNotNull();
        return e.exitCode();
    }
}

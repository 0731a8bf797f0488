// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.ConnectionReset;
import io.tgtha.packetfilter.FirewallChoice;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.log.OcfLog;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Test helper process: what `tgtha drain` does with {@link ConnectionReset}, without any OCF context.
 * Args: ips ports keepBlocked(true|false) firewall runDir. Prints "destroyed remaining sendQLeft".
 */
public final class DrainMain {
    private DrainMain() {
    }

    public static void main(String[] args) throws Exception {
        Deadline deadline = Deadline.after(Duration.ofSeconds(15));
        OcfLog log = new OcfLog(OcfEnvironment.ofSystem(), "tgtha-drain", System.err);
        ConnectionReset reset = new ConnectionReset(new ProcessCommandRunner(deadline, log), deadline, log::info);
        ConnectionReset.Outcome o = reset.drain(args[0], args[1], Boolean.parseBoolean(args[2]),
                FirewallChoice.parse(args[3]).orElseThrow(),
                new FileMutex(Path.of(args[4], "locks"), FileMutex.PACKET_FILTER));
        System.out.println(o.destroyed() + " " + o.remaining() + " " + o.sendQLeft());
    }
}

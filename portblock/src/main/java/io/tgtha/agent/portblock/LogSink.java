// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.log.LogLevel;
import io.tgtha.ocf.log.OcfLog;

import java.util.function.Consumer;

/** Log lines of one level as a Consumer (what ctx.log()::info would be); NOWHERE drops them. */
final class LogSink implements Consumer<String> {
    static final LogSink NOWHERE = new LogSink(null, LogLevel.DEBUG);

    private final OcfLog log;
    private final LogLevel level;

    LogSink(OcfLog log, LogLevel level) {
        this.log = log;
        this.level = level;
    }

    @Override
    public void accept(String message) {
        if (log != null) {
            log.log(level, message);
        }
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import io.tgtha.testkit.TgtLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The lab tgtd's socket transport with a probe after every request that changes tgtd (not a show or list), before
 * the client sends its next one: every intermediate state a client operation passes through is tried from outside,
 * not a sample of them. The probe is asked twice each time, without CHAP ({@code null}) and with
 * {@link #WRONG_SECRET}; each time it got in is recorded in {@link #opened()}.
 */
final class ProbingTransport implements TgtTransport {
    static final String WRONG_SECRET = "wrong-secret-pw";

    private final TgtLab lab;
    private final TgtTransport real;
    private final Predicate<String> getsInWithPassword;
    private final List<String> opened = new ArrayList<>();

    ProbingTransport(TgtLab lab, Predicate<String> getsInWithPassword) {
        this.lab = lab;
        this.real = new SocketTransport(TgtClientBuilder.defaultSocketPath(lab.tgtd().controlPort()),
                new VersionProbe(null, null));
        this.getsInWithPassword = getsInWithPassword;
    }

    /** A client that sends through this transport, with its account-slot lock in DIR. */
    TgtClient client(Path dir) {
        return new DefaultTgtClient(lab.tgtd().controlPort(), this, Duration.ofSeconds(10),
                new AccountSlotLock(dir.resolve("slots.lock")));
    }

    /** "without CHAP after: OPERATION" or "with a wrong secret after: OPERATION", once for each time the probe got in. */
    List<String> opened() {
        return opened;
    }

    @Override
    public String exchange(TgtadmRequest request, Duration timeout, String operation) {
        String out = real.exchange(request, timeout, operation);
        if (!operation.startsWith("show") && !operation.startsWith("list")) {
            if (getsInWithPassword.test(null)) {
                opened.add("without CHAP after: " + operation);
            }
            if (getsInWithPassword.test(WRONG_SECRET)) {
                opened.add("with a wrong secret after: " + operation);
            }
        }
        return out;
    }

    @Override
    public TgtVersion version(String operation) {
        return real.version(operation);
    }

    @Override
    public String describe() {
        return real.describe();
    }
}

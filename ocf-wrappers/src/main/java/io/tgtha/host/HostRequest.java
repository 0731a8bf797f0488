// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation as the OCF wrapper sends it: NUL-terminated fields, written by bash builtins alone.
 * <pre>
 *   tgtha-host-1 \0 TOKEN \0 BUILD \0 WRAPPER-PID \0 AGENT \0 ARGC \0 ARG... \0 NAME=VALUE... \0 \0
 * </pre>
 * The environment is the wrapper's OCF_*, HA_*, PCMK_*, CRM_* and TGTHA_* variables: everything Pacemaker
 * passes, so the host never reads its own environment for an operation. Bounded in total size and in
 * fields; anything else is a {@link Malformed} request, answered with an error and never a crash.
 */
record HostRequest(String token, String build, long callerPid, String agent, List<String> args,
                   Map<String, String> env) {
    static final String MAGIC = "tgtha-host-1";
    static final int MAX_BYTES = 256 * 1024;
    static final int MAX_FIELDS = 4096;

    /** A request that does not have the shape above. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static HostRequest read(InputStream in) throws IOException, Malformed {
        Fields f = new Fields(in);
        if (!MAGIC.equals(f.next())) {
            throw new Malformed("not a tgt-ha agent host request");
        }
        String token = f.next();
        String build = f.next();
        long pid = number(f.next(), "wrapper pid");
        String agent = f.next();
        int argc = (int) number(f.next(), "argument count");
        if (argc > 16) {
            throw new Malformed("too many arguments: " + argc);
        }
        List<String> args = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            args.add(f.next());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry = f.next(); !entry.isEmpty(); entry = f.next()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new Malformed("environment entry without a name");
            }
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return new HostRequest(token, build, pid, agent, List.copyOf(args), env);
    }

    /** Never the token or the environment (it holds the resource's parameters, passwords among them). */
    @Override
    public String toString() {
        return "request of " + agent + " " + args + " from pid " + callerPid;
    }

    private static long number(String s, String what) throws Malformed {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            throw new Malformed(what + " is not a number");
        }
        return Long.parseLong(s);
    }

    /** NUL-terminated UTF-8 fields, counted against the bounds. */
    private static final class Fields {
        private final InputStream in;
        private int bytes;
        private int fields;

        Fields(InputStream in) {
            this.in = in;
        }

        String next() throws IOException, Malformed {
            if (++fields > MAX_FIELDS) {
                throw new Malformed("more than " + MAX_FIELDS + " fields");
            }
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new Malformed("request ends early");
                }
                if (++bytes > MAX_BYTES) {
                    throw new Malformed("request larger than " + MAX_BYTES + " bytes");
                }
                if (c == 0) {
                    return b.toString(StandardCharsets.UTF_8);
                }
                b.write(c);
            }
        }
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import io.tgtha.tgt.TgtadmRequest.Mode;
import io.tgtha.tgt.TgtadmRequest.Op;
import io.tgtha.process.ProcessNotStartedException;
import io.tgtha.process.ProcessRequest;
import io.tgtha.process.ProcessResult;
import io.tgtha.process.ProcessRunner;
import io.tgtha.process.ProcessTimedOutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fallback transport through the {@code tgtadm} binary (e.g. where the socket layout is not known).
 * A process's argv is public ({@code /proc/PID/cmdline}), so any request carrying a password is refused
 * before a process is started. Translates each request into the tgtadm options that produce it.
 *
 * <p>tgtadm reports: exit 0 (also when tgtd closed the socket mid-request: stderr says so), 22 with
 * the message on stderr for every tgtd-side error, 107 when tgtd is not running.
 */
final class TgtadmCliTransport implements TgtTransport {
    private static final ProcessRunner RUNNER = new ProcessRunner();
    /** A show of a full node is a few hundred KiB; more than this is not tgtadm answering. */
    private static final int MAX_OUTPUT = 4 << 20;

    private final Path tgtadm;
    private final int controlPort;
    private final Map<String, String> environment;
    private final Path socket;
    private final VersionProbe versionProbe;

    TgtadmCliTransport(Path tgtadm, int controlPort, Map<String, String> environment, Path socket) {
        this.tgtadm = tgtadm;
        this.controlPort = controlPort;
        this.environment = Map.copyOf(environment);
        this.socket = socket;
        this.versionProbe = new VersionProbe(null, tgtadm, VersionProbe.defaultCache());
    }

    @Override
    public String exchange(TgtadmRequest request, Duration timeout, String operation) {
        ProcessResult result;
        try {
            result = RUNNER.runToExit(ProcessRequest.of(timeout, arguments(request, operation)).withEnv(environment)
                    .withOutputLimit(MAX_OUTPUT));
        } catch (ProcessNotStartedException e) {
            throw new TgtProtocolException(operation, "cannot run " + tgtadm + ": " + e.getMessage(), e);
        } catch (ProcessTimedOutException e) {
            throw new TgtTimeoutException(operation, timeout);
        }
        String stderr = result.stderr().text(StandardCharsets.ISO_8859_1);
        switch (result.exitCode()) {
            case 0 -> {
                if (stderr.contains("tgtd closed the socket") || stderr.contains("a partial response")) {
                    throw new TgtConnectionLostException(operation, MgmtSocket.isListening(socket), null);
                }
                if (result.stdout().truncated()) {
                    throw new TgtProtocolException(operation, "tgtadm printed more than " + MAX_OUTPUT + " bytes", null);
                }
                return result.stdout().text(StandardCharsets.ISO_8859_1); // bytes as chars, as the socket gives them
            }
            case 107 -> throw new TgtNotRunningException(operation, socket.toString(), null);
            case 22 -> {
                TgtError error = fromMessage(stderr);
                if (error == null) {
                    throw new TgtProtocolException(operation, "tgtadm refused: " + stderr.strip(), null);
                }
                throw new TgtRequestException(operation, error, error.code());
            }
            default -> throw new TgtProtocolException(operation,
                    "tgtadm exited " + result.exitCode() + ": " + stderr.strip(), null);
        }
    }

    /** tgtadm prints "tgtadm: MESSAGE" from its error table, the same texts as {@link TgtError#message()}. */
    static TgtError fromMessage(String stderr) {
        for (String line : stderr.split("\n")) {
            String m = line.startsWith("tgtadm: ") ? line.substring(8).strip() : line.strip();
            for (TgtError e : TgtError.values()) {
                if (e.code() >= 0 && e.message().equals(m)) {
                    return e;
                }
            }
        }
        return null;
    }

    /** The tgtadm command line that makes tgtadm send {@code r}. Never contains a password. */
    List<String> arguments(TgtadmRequest r, String operation) {
        if (r.mode == Mode.ACCOUNT && r.op == Op.NEW) {
            throw new UnsupportedOperationException(operation + ": refused, the password would be on tgtadm's "
                    + "command line; use the socket client");
        }
        if (r.payload != null && r.payload.contains("password=")) {
            throw new UnsupportedOperationException(operation + ": refused, request carries a password");
        }
        List<String> a = new ArrayList<>(List.of(tgtadm.toString(), "-C", Integer.toString(controlPort),
                "--lld", r.lld, "--mode", modeName(r.mode), "--op", opName(r.op)));
        if (r.tid != -1) {
            a.add("--tid");
            a.add(Integer.toString(r.tid));
        }
        if (r.lun != -1L) {
            a.add("--lun");
            a.add(Long.toUnsignedString(r.lun));
        }
        if (r.mode == Mode.CONNECTION && r.op == Op.DELETE) {
            a.addAll(List.of("--sid", Long.toString(r.sid), "--cid", Integer.toString(r.cid)));
        }
        if (r.force) {
            a.add("--force");
        }
        if (r.acDir == 1) {
            a.add("--outgoing");
        }
        if (r.deviceType != 0) {
            a.add("--device-type");
            a.add(deviceTypeName(r.deviceType, operation));
        }
        if (r.payload != null) {
            payloadOptions(r, a, operation);
        }
        return a;
    }

    private static void payloadOptions(TgtadmRequest r, List<String> a, String operation) {
        if (r.mode == Mode.DEVICE && r.op == Op.UPDATE) {
            a.add("--params");
            a.add(r.payload);
            return;
        }
        if (r.mode == Mode.TARGET && r.op == Op.UPDATE) {
            int eq = r.payload.indexOf('=');
            a.addAll(List.of("--name", r.payload.substring(0, eq), "--value", r.payload.substring(eq + 1)));
            return;
        }
        for (String kv : r.payload.split(",")) {
            int eq = kv.indexOf('=');
            String key = kv.substring(0, eq);
            String value = kv.substring(eq + 1);
            String option = switch (key) {
                case "targetname" -> "--targetname";
                case "path" -> "--backing-store";
                case "bstype" -> "--bstype";
                case "bsopts" -> "--bsopts";
                case "bsoflags" -> "--bsoflags";
                case "blocksize" -> "--blocksize";
                case "initiator-address" -> "--initiator-address";
                case "initiator-name" -> "--initiator-name";
                case "user" -> "--user";
                default -> throw new TgtProtocolException(operation, "no tgtadm option for '" + key + "'", null);
            };
            a.add(option);
            a.add(value);
        }
    }

    private static String modeName(Mode m) {
        return switch (m) {
            case SYSTEM -> "system";
            case TARGET -> "target";
            case DEVICE -> "logicalunit";
            case PORTAL -> "portal";
            case LLD -> "lld";
            case SESSION -> "session";
            case CONNECTION -> "conn";
            case ACCOUNT -> "account";
        };
    }

    private static String opName(Op o) {
        return switch (o) {
            case NEW -> "new";
            case DELETE -> "delete";
            case SHOW -> "show";
            case BIND -> "bind";
            case UNBIND -> "unbind";
            case UPDATE -> "update";
            case STATS -> "stat";
            case START -> "start";
            case STOP -> "stop";
        };
    }

    private static String deviceTypeName(int scsiType, String operation) {
        for (DeviceType t : DeviceType.values()) {
            if (t.scsiType() == scsiType) {
                return t.tgtadmName();
            }
        }
        throw new TgtProtocolException(operation, "no tgtadm device type for SCSI type " + scsiType, null);
    }

    @Override
    public TgtVersion version(String operation) {
        // tgtadm builds its own requests, so any version it reports is usable: no layout check here
        return versionProbe.detected(operation);
    }

    @Override
    public String describe() {
        return tgtadm + " -C " + controlPort;
    }
}

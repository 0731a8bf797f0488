package io.tgtha.agent.account;

import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.Secret;
import io.tgtha.ocf.param.ParameterValue;
import io.tgtha.ocf.param.Parameters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where the CHAP secret comes from: the {@code password} parameter or a {@code password_file}, never
 * both. A file keeps the secret out of the CIB (and so out of {@code crm configure show}, cibadmin
 * dumps and crm_report archives), which is why its permissions are checked: a secret file readable
 * by group or world defeats the point.
 *
 * <p>Every failure message names the parameter or path, never the secret.
 */
final class PasswordSource {
    /** tgtd copies secrets into 256-byte buffers (ISCSI_NAME_LEN) including the terminating NUL. */
    static final int MAX_BYTES = 255;
    /** RFC 3720 recommends at least 12 bytes; Windows' initiator refuses shorter secrets. */
    static final int RECOMMENDED_MIN_BYTES = 12;

    private static final Set<PosixFilePermission> FORBIDDEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private PasswordSource() {
    }

    /**
     * Reads the secret. ERR_CONFIGURED when both sources are given, when neither is, or when the
     * value is unusable, ERR_INSTALLED when the file is missing on this node (Pacemaker then tries the
     * other node), ERR_CONFIGURED when the file is readable or writable by group or others.
     */
    static Secret read(Parameters params) {
        ParameterValue inline = params.lookup(AccountParameters.PASSWORD);
        ParameterValue file = params.lookup(AccountParameters.PASSWORD_FILE);
        if (inline.hasValue() && file.hasValue()) {
            throw OcfException.configured("set either 'password' or 'password_file', not both");
        }
        if (inline.hasValue()) {
            return checked(inline.text().getBytes(StandardCharsets.UTF_8), "parameter 'password'");
        }
        if (file.hasValue()) {
            return fromFile(Path.of(file.text()));
        }
        throw OcfException.configured("one of 'password' or 'password_file' is required");
    }

    static Secret fromFile(Path path) {
        String where = "password_file " + path;
        if (!path.isAbsolute()) {
            throw OcfException.configured(where + " must be an absolute path");
        }
        if (!Files.exists(path)) {
            throw OcfException.installed(where + " does not exist on this node");
        }
        if (!Files.isRegularFile(path)) {
            throw OcfException.configured(where + " is not a regular file");
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(path);
        } catch (IOException | UnsupportedOperationException e) {
            throw OcfException.configured(where + ": cannot read its permissions: " + e.getClass().getSimpleName());
        }
        Set<PosixFilePermission> bad = EnumSet.noneOf(PosixFilePermission.class);
        bad.addAll(perms);
        bad.retainAll(FORBIDDEN);
        if (!bad.isEmpty()) {
            throw OcfException.configured(where + " is accessible by group or others (mode "
                    + octal(perms) + "); it holds a CHAP secret: chmod 600 it (or 400)");
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw OcfException.installed(where + " does not exist on this node");
        } catch (IOException e) {
            throw new OcfException(OcfExitCode.ERR_PERM, where + " cannot be read: " + e.getClass().getSimpleName());
        }
        try {
            return checked(stripOneNewline(raw), where);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** One trailing "\n" (or "\r\n") is what editors and {@code echo} add; it is not part of the secret. */
    static byte[] stripOneNewline(byte[] raw) {
        int end = raw.length;
        if (end > 0 && raw[end - 1] == '\n') {
            end--;
            if (end > 0 && raw[end - 1] == '\r') {
                end--;
            }
        }
        return Arrays.copyOf(raw, end);
    }

    private static Secret checked(byte[] bytes, String where) {
        try {
            if (bytes.length == 0) {
                throw OcfException.configured(where + ": the password is empty");
            }
            if (bytes.length > MAX_BYTES) {
                throw OcfException.configured(where + ": the password is longer than " + MAX_BYTES
                        + " bytes (tgtd's limit)");
            }
            for (byte b : bytes) {
                if ((b & 0xff) < 0x20 || b == 0x7f) {
                    throw OcfException.configured(where + ": the password contains a control character"
                            + " or more than one line");
                }
            }
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                throw OcfException.configured(where + ": the password is not valid UTF-8");
            }
            return Secret.ofBytes(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The permission bits as chmod writes them, e.g. {@code 644}, {@code 040}: three octal digits. */
    static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        // not String.format("%03o"): Formatter parses its pattern with a regular expression
        String digits = Integer.toOctalString(mode);
        return "000".substring(Math.min(3, digits.length())) + digits;
    }
}

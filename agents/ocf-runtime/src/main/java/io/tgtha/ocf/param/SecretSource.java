// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.param;

import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.Secret;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where a CHAP secret comes from: an inline parameter ({@code X}) or a file ({@code X_file}), never both.
 * A file keeps the secret out of the CIB (and so out of {@code crm configure show}, cibadmin dumps and
 * crm_report archives), which is why it is checked before it is read: a regular file, not a symbolic link,
 * owned by root, neither readable nor writable by group or others, at most {@link #MAX_FILE_BYTES} bytes.
 * Each is refused (not warned about): a secret others can read or replace is no secret, and a warning in a
 * log nobody reads would leave it so.
 *
 * <p>The file is read only when {@link #read()} is called (by the actions that send the secret, and by
 * validate-all), so a file missing on a node never fails a stop or a monitor. Every failure message names
 * the parameter (and path), never the secret.
 */
public final class SecretSource {
    /** tgtd copies secrets into 256-byte buffers (ISCSI_NAME_LEN) including the terminating NUL. */
    public static final int MAX_BYTES = 255;
    /** RFC 3720 recommends at least 12 bytes; Windows' initiator refuses shorter secrets. */
    public static final int RECOMMENDED_MIN_BYTES = 12;
    /** More than any secret plus a line end: a bigger file is not a secret file (e.g. /proc/kcore). */
    public static final int MAX_FILE_BYTES = 4096;

    private static final Set<PosixFilePermission> FORBIDDEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final String parameter;
    private final Secret inline;
    private final Path file;

    private SecretSource(String parameter, Secret inline, Path file) {
        this.parameter = parameter;
        this.inline = inline;
        this.file = file;
    }

    /**
     * The source the parameters name: {@code inlineName} or {@code fileName}, or none when neither is set.
     * Both set is a configuration error (rc 6) naming both.
     */
    public static Optional<SecretSource> of(Parameters params, String inlineName, String fileName) {
        ParameterValue inline = params.lookup(inlineName);
        ParameterValue file = params.lookup(fileName);
        if (inline.hasValue() && file.hasValue()) {
            throw OcfException.configured("parameters '" + inlineName + "' and '" + fileName
                    + "' are both set: set either '" + inlineName + "' or '" + fileName + "', not both");
        }
        if (inline.hasValue()) {
            return Optional.of(new SecretSource(inlineName, Secret.of(inline.text()), null));
        }
        if (file.hasValue()) {
            Path path = Path.of(file.text());
            if (!path.isAbsolute()) {
                throw OcfException.configured(where(fileName, path) + ": must be an absolute path");
            }
            return Optional.of(new SecretSource(fileName, null, path));
        }
        return Optional.empty();
    }

    /** The parameter the secret comes from, for messages. */
    public String parameter() {
        return parameter;
    }

    /**
     * The secret, checked: not empty, at most {@link #MAX_BYTES} bytes, one line of UTF-8. A file is read
     * now and must obey the rules above: rc 6 when it breaks one, rc 5 when it is missing on this node
     * (Pacemaker then tries another node).
     */
    public Secret read() {
        if (file == null) {
            return checked(inline.revealBytes(), "parameter '" + parameter + "'");
        }
        return fromFile(parameter, file);
    }

    static Secret fromFile(String parameter, Path path) {
        String where = where(parameter, path);
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw OcfException.installed(where + ": does not exist on this node");
        } catch (IOException | UnsupportedOperationException e) {
            throw OcfException.configured(where + ": cannot read its attributes: " + e.getClass().getSimpleName());
        }
        if (attrs.isSymbolicLink()) {
            // whoever can change the link (or a directory on its way) would choose which file root reads
            throw OcfException.configured(where + ": is a symbolic link: name the file itself");
        }
        if (!attrs.isRegularFile()) {
            throw OcfException.configured(where + ": is not a regular file");
        }
        checkOwner(path, where);
        Set<PosixFilePermission> bad = EnumSet.noneOf(PosixFilePermission.class);
        bad.addAll(attrs.permissions());
        bad.retainAll(FORBIDDEN);
        if (!bad.isEmpty()) {
            throw OcfException.configured(where + ": is accessible by group or others (mode "
                    + octal(attrs.permissions()) + "); it holds a CHAP secret: chmod 600 it (or 400)");
        }
        if (attrs.size() > MAX_FILE_BYTES) {
            throw tooLarge(where);
        }
        byte[] raw = readAtMost(path, where);
        try {
            return checked(stripOneNewline(raw), where);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static String where(String parameter, Path path) {
        return "parameter '" + parameter + "' '" + path + "'";
    }

    /**
     * Root (or the user the agent runs as, for tests run as that user): anyone else who owns the file can
     * put another secret in it, or read it through a mode they set.
     */
    private static void checkOwner(Path path, String where) {
        try {
            int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
            if (uid != 0 && !owner.equals(System.getProperty("user.name"))) {
                throw OcfException.configured(where + ": is owned by " + owner + " (uid " + uid + "), not root: "
                        + "chown root it");
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw OcfException.configured(where + ": cannot read its owner: " + e.getClass().getSimpleName());
        }
    }

    /**
     * O_NOFOLLOW (a link swapped in after the check is refused, not followed) and at most
     * {@link #MAX_FILE_BYTES} + 1 bytes: a file that reports no size ({@code /proc}) is bounded too.
     */
    private static byte[] readAtMost(Path path, String where) {
        ByteBuffer buf = ByteBuffer.allocate(MAX_FILE_BYTES + 1);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // keep reading until full or end of file
            }
        } catch (NoSuchFileException e) {
            throw OcfException.installed(where + ": does not exist on this node");
        } catch (IOException e) {
            throw new OcfException(OcfExitCode.ERR_PERM, where + ": cannot be read: " + e.getClass().getSimpleName());
        }
        byte[] raw = Arrays.copyOf(buf.array(), buf.position());
        Arrays.fill(buf.array(), (byte) 0);
        if (raw.length > MAX_FILE_BYTES) {
            Arrays.fill(raw, (byte) 0);
            throw tooLarge(where);
        }
        return raw;
    }

    private static OcfException tooLarge(String where) {
        return OcfException.configured(where + ": is larger than " + MAX_FILE_BYTES
                + " bytes; it must hold only the CHAP secret");
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

    /** The permission bits as chmod writes them, e.g. {@code 644}, {@code 040}. */
    static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%03o", mode);
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.ocf.Secret;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What this agent remembers about the accounts it created, because tgtd cannot tell: tgt has no way
 * to read a password back and no way to change one in place. For each account created by
 * {@code ocf:tgtha:account} on a tgtd (per control port) a record holds a salted PBKDF2 hash of the
 * secret, so a later start can tell "same account" (adopt it) from "the password was changed"
 * (recreate it, or refuse while targets use it).
 *
 * <p>Records live under {@code /run/tgtha/accounts} (TGTHA_RUN_DIR moves it): tmpfs, like tgtd's own
 * state, so both vanish together at reboot. Directory 0700, files 0600, written atomically.
 */
final class PasswordRecords {
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int ITERATIONS = 20_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final String UNVERIFIED = "unverified";

    /** What is known about the password of an existing account. */
    enum Verdict {
        /** Created by this agent with the same secret. */
        SAME,
        /** Created by this agent with another secret: the configuration changed. */
        CHANGED,
        /** No record (made by hand, by the stock agent, before a /run wipe) or adopted unverified. */
        UNKNOWN
    }

    private final Path dir;

    PasswordRecords(Path dir) {
        this.dir = dir;
    }

    /** {@code RUN_DIR/accounts/port-N}, RUN_DIR = $TGTHA_RUN_DIR or /run/tgtha. */
    static PasswordRecords forControlPort(int controlPort) {
        Path base = io.tgtha.process.RunDir.current().resolve("accounts");
        return new PasswordRecords(base.resolve("port-" + controlPort));
    }

    Path fileOf(String user) {
        // hex: a user name may hold characters that mean something in a path
        return dir.resolve(HexFormat.of().formatHex(user.getBytes(StandardCharsets.UTF_8)));
    }

    Verdict verdict(String user, Secret secret) throws IOException {
        Optional<String> line = read(user);
        if (line.isEmpty() || line.get().equals(UNVERIFIED)) {
            return Verdict.UNKNOWN;
        }
        String[] f = line.get().split(" ");
        if (f.length != 5 || !f[0].equals("v1") || !f[1].equals(ALGORITHM)) {
            return Verdict.UNKNOWN;
        }
        try {
            int iterations = Integer.parseInt(f[2]);
            byte[] salt = Base64.getDecoder().decode(f[3]);
            byte[] expected = Base64.getDecoder().decode(f[4]);
            return MessageDigest.isEqual(expected, hash(secret, salt, iterations)) ? Verdict.SAME : Verdict.CHANGED;
        } catch (IllegalArgumentException e) {
            return Verdict.UNKNOWN;
        }
    }

    boolean exists(String user) {
        return Files.exists(fileOf(user));
    }

    void remember(String user, Secret secret) throws IOException {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        write(user, "v1 " + ALGORITHM + " " + ITERATIONS + " " + b64.encodeToString(salt) + " "
                + b64.encodeToString(hash(secret, salt, ITERATIONS)));
    }

    /** The account exists but its secret is not ours to know: say so, so monitors can warn. */
    void rememberUnverified(String user) throws IOException {
        write(user, UNVERIFIED);
    }

    void forget(String user) throws IOException {
        Files.deleteIfExists(fileOf(user));
    }

    private Optional<String> read(String user) throws IOException {
        Path f = fileOf(user);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(f, StandardCharsets.UTF_8).strip());
    }

    private void write(String user, String line) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = Files.createTempFile(dir, ".rec", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, line + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, fileOf(user), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, fileOf(user), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] hash(Secret secret, byte[] salt, int iterations) {
        char[] chars = secret.reveal().toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}

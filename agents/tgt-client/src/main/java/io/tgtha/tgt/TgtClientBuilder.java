// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configures a {@link TgtClient}. Defaults: control port 0, 10 s timeout, socket
 * {@code $TGT_IPC_SOCKET.N} or {@code /var/run/tgtd/socket.N} (as tgtadm does), version detected
 * lazily by running {@code tgtd -V}.
 */
public final class TgtClientBuilder {
    static final String DEFAULT_SOCKET_BASE = "/var/run/tgtd/socket";

    private int controlPort;
    private Duration timeout = Duration.ofSeconds(10);
    private Path socketPath;
    private TgtVersion version;
    private Path tgtdBinary;
    private Path accountLockFile;
    private Path tgtadm;
    private java.util.Map<String, String> tgtadmEnvironment = java.util.Map.of();
    private ShowSharing showSharing;

    TgtClientBuilder() {
    }

    /** {@code tgtd --control-port N}; 0 is tgtd's default. */
    public TgtClientBuilder controlPort(int port) {
        if (port < 0 || port > Short.MAX_VALUE) {
            throw new IllegalArgumentException("control port must be 0.." + Short.MAX_VALUE + ", got " + port);
        }
        this.controlPort = port;
        return this;
    }

    /** Deadline for each request (connect + send + receive). */
    public TgtClientBuilder timeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout;
        return this;
    }

    /** Exact socket path, overriding the control-port naming (tests, unusual installs). */
    public TgtClientBuilder socketPath(Path path) {
        this.socketPath = path;
        return this;
    }

    /** Skip detection: the caller knows the tgtd version (e.g. from configuration). */
    public TgtClientBuilder tgtdVersion(TgtVersion version) {
        this.version = version;
        return this;
    }

    /** The tgtd executable to ask for its version (default: /usr/sbin/tgtd, /sbin/tgtd, then PATH). */
    public TgtClientBuilder tgtdBinary(Path binary) {
        this.tgtdBinary = binary;
        return this;
    }

    /**
     * File whose fcntl lock serialises account bind/unbind sequences against this tgtd across processes.
     * Default: {@code /run/tgtha/tgt-account-slots.<socket path with '/' as '_'>.lock}.
     */
    public TgtClientBuilder accountLockFile(Path file) {
        this.accountLockFile = file;
        return this;
    }

    /**
     * Fallback: send requests through this tgtadm binary instead of the socket. Everything works except
     * {@link TgtClient#createAccount}, which is refused (UnsupportedOperationException) because the
     * password would appear on tgtadm's command line. Show output and errors are the same.
     */
    public TgtClientBuilder viaTgtadm(Path tgtadmBinary) {
        this.tgtadm = tgtadmBinary;
        return this;
    }

    /**
     * Shares shows of tgtd's targets with the other clients given the same {@code sharing} (and the same
     * socket): a show a caller gets was always started after it asked. For a long-lived process that runs
     * many operations at once (the agent host); unset, every call makes its own show.
     */
    public TgtClientBuilder shareShows(ShowSharing sharing) {
        this.showSharing = sharing;
        return this;
    }

    /** Extra environment for the tgtadm fallback (tests: TGT_IPC_SOCKET). */
    TgtClientBuilder tgtadmEnvironment(java.util.Map<String, String> env) {
        this.tgtadmEnvironment = java.util.Map.copyOf(env);
        return this;
    }

    public TgtClient build() {
        Path path = socketPath != null ? socketPath : defaultSocketPath(controlPort);
        Path lock = accountLockFile != null ? accountLockFile
                : io.tgtha.process.RunDir.current().resolve("tgt-account-slots." + path.toString().replace('/', '_') + ".lock");
        TgtTransport transport = tgtadm != null
                ? new TgtadmCliTransport(tgtadm, controlPort, tgtadmEnvironment, path)
                : new SocketTransport(path, new VersionProbe(version, tgtdBinary));
        return new DefaultTgtClient(controlPort, transport, Objects.requireNonNull(timeout), new AccountSlotLock(lock),
                showSharing == null ? null : showSharing.of(path));
    }

    static Path defaultSocketPath(int controlPort) {
        String base = System.getenv("TGT_IPC_SOCKET");
        if (base == null || base.isEmpty()) {
            base = DEFAULT_SOCKET_BASE;
        }
        return Path.of(base + "." + controlPort);
    }

    static Path findTgtd() {
        for (String dir : ("/usr/sbin:/sbin:" + System.getenv().getOrDefault("PATH", "")).split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "tgtd"))) {
                return Path.of(dir, "tgtd");
            }
        }
        return null;
    }
}

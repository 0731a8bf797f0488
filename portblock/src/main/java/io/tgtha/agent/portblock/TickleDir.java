package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.TcpConnection;

import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandRunner;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The tickle_dir feature of the stock agent: while the unblock instance runs, its monitor records
 * the established connections of each address in {@code tickle_dir/ADDRESS} (the stock file name and
 * "local:port TAB peer:port" format, so both agents can share a directory); when an unblock instance
 * starts on the node that took over, {@code tickle_tcp} sends each recorded peer a few ACKs with a
 * sequence number it does not expect. The peer answers, our kernel knows no such connection and
 * resets it, and the initiator reconnects at once instead of after its own timeouts.
 */
public final class TickleDir {
    private static final List<String> TICKLE_TCP_LOCATIONS = List.of(
            "/usr/libexec/heartbeat/tickle_tcp", "/usr/lib/heartbeat/tickle_tcp",
            "/usr/lib64/heartbeat/tickle_tcp", "/usr/lib/ocf/lib/heartbeat/tickle_tcp");

    private final Path dir;

    public TickleDir(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** {@code tickle_dir/10.0.0.1} for a host address (as the stock agent), {@code fd00::_64} style for a network. */
    public Path stateFile(IpPrefix ip) {
        return dir.resolve(ip.shortText().replace('/', '_'));
    }

    /**
     * Writes the connections of one address. Without a sync script the directory is taken to be
     * shared, so the file is written in full, fsynced, then renamed over the old one: a node that
     * takes over never reads a half-written list. With one, the script is started in the background
     * with the file name as its argument (e.g. csync2 -xv), as the stock agent does.
     */
    public void save(IpPrefix ip, List<TcpConnection> connections, Optional<String> syncScript,
                     Consumer<String> log) throws IOException {
        StringBuilder text = new StringBuilder();
        for (TcpConnection c : connections) {
            text.append(c.local()).append('\t').append(c.peer()).append('\n');
        }
        Path target = stateFile(ip);
        Path tmp = target.resolveSibling(target.getFileName() + ".new");
        try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.getFD().sync();
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (syncScript.isPresent()) {
            startSyncScript(syncScript.get(), target, log);
        }
    }

    private static void startSyncScript(String script, Path file, Consumer<String> log) {
        try {
            // sh -c with the file as $1: the script may be a command with arguments ("csync2 -xv")
            new ProcessBuilder("sh", "-c", script + " \"$1\"", "sync_script", file.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            log.accept("cannot start sync_script: " + e.getMessage());
        }
    }

    /** The recorded connections of one address, as text lines "local:port TAB peer:port". */
    public Optional<String> recorded(IpPrefix ip) throws IOException {
        Path f = stateFile(ip);
        if (!Files.isReadable(f)) {
            return Optional.empty();
        }
        String text = Files.readString(f, StandardCharsets.UTF_8);
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** $HA_BIN/tickle_tcp as the stock agent uses, else the places distributions install it. */
    public static Optional<Path> findTickleTcp(Optional<String> haBin, Function<String, Optional<Path>> tools) {
        // loops, not streams or lambdas: this runs in the agent's start, in a JVM that lives 50 ms
        List<String> candidates = new java.util.ArrayList<>();
        if (haBin.isPresent() && haBin.get().startsWith("/")) {
            candidates.add(haBin.get() + "/tickle_tcp");
        }
        candidates.addAll(TICKLE_TCP_LOCATIONS);
        for (String candidate : candidates) {
            Optional<Path> found = tools.apply(candidate);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Sends each recorded connection's peer three tickle ACKs. @return the number of connections tickled */
    public int tickle(IpPrefix ip, Path tickleTcp, CommandRunner runner, Duration timeout)
            throws IOException, CommandException {
        Optional<String> text = recorded(ip);
        if (text.isEmpty()) {
            return 0;
        }
        runner.run(Command.of(timeout, tickleTcp.toString(), "-n", "3")
                .withStdin(text.get().getBytes(StandardCharsets.UTF_8)));
        return nonBlankLines(text.get());
    }

    /**
     * What {@code text.lines().filter(l -> !l.isBlank()).count()} counts, without a stream: lines end
     * at \n, \r or \r\n (a \r\n seen as two ends only adds an empty, so blank, line), and a line
     * counts when it has a code point that is not whitespace.
     */
    static int nonBlankLines(String text) {
        int count = 0;
        boolean nonBlank = false;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (cp == '\n' || cp == '\r') {
                if (nonBlank) {
                    count++;
                }
                nonBlank = false;
            } else if (!Character.isWhitespace(cp)) {
                nonBlank = true;
            }
            i += Character.charCount(cp);
        }
        return nonBlank ? count + 1 : count;
    }
}

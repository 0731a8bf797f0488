// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Each command runs as the leader of a process group of its own ({@code setsid(1)} execs it, so the pid
 * is the command's), and a timed-out command is ended with every member of that group: also children
 * whose parent already exited (re-parented, {@link ProcessHandle#descendants()} no longer finds them)
 * and children that ignore SIGTERM (they get SIGKILL). The JDK cannot signal a group, so the members
 * are found in {@code /proc/PID/stat} (field pgrp) and killed one by one until none is left.
 * docs/architecture.md ("Process runner") has the measurements behind this choice.
 */
public final class ProcessGroup {
    private static final Path PROC = Path.of("/proc");
    private static final Path SETSID = findSetsid();

    private ProcessGroup() {
    }

    /** argv that starts {@code command} as the leader of a new session and process group, when setsid(1) exists. */
    static List<String> leaderArgv(List<String> command) {
        if (SETSID == null) {
            return command;
        }
        List<String> argv = new ArrayList<>(command.size() + 1);
        argv.add(SETSID.toString());
        argv.addAll(command);
        return argv;
    }

    static boolean available() {
        return SETSID != null;
    }

    /** Text setsid(1) prints on stderr when it could not exec the command. */
    static boolean isSetsidExecFailure(int exitCode, String stderr) {
        return SETSID != null && (exitCode == 126 || exitCode == 127) && stderr.startsWith("setsid: failed to execute");
    }

    /**
     * SIGKILLs the group led by {@code leader} (when it leads one), the leader's descendants, and the leader,
     * repeating until no member is alive or {@code millis} have passed.
     */
    public static void kill(ProcessHandle leader, long millis) {
        long pgid = leader.pid();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        do {
            List<ProcessHandle> members = SETSID == null ? List.of() : members(pgid);
            leader.descendants().forEach(ProcessHandle::destroyForcibly);
            members.forEach(ProcessHandle::destroyForcibly);
            leader.destroyForcibly();
            if (members.isEmpty() && !leader.isAlive() && leader.descendants().findAny().isEmpty()) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        } while (System.nanoTime() - until < 0);
    }

    /** Live (not zombie) processes whose process group is {@code pgid}. */
    static List<ProcessHandle> members(long pgid) {
        List<ProcessHandle> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0)) && isLiveMember(dir, pgid)
                        && Long.parseLong(name) != ProcessHandle.current().pid()) {
                    ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: only the leader and its descendants can be found
        }
        return found;
    }

    private static boolean isLiveMember(Path dir, long pgid) {
        String stat;
        try {
            stat = new String(Files.readAllBytes(dir.resolve("stat")), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return false; // exited meanwhile
        }
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so count from the last ')'
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return false;
        }
        String[] fields = stat.substring(close + 2).split(" ", 4);
        return fields.length >= 3 && !fields[0].equals("Z") && fields[2].equals(Long.toString(pgid));
    }

    private static Path findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.TcpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** tickle_dir on shared storage (issue 17): what others can write there never steers what root does. */
class TickleDirTest {
    private static final IpPrefix PORTAL = IpPrefix.parse("10.0.0.21");
    private static final List<TcpConnection> TWO = List.of(
            new TcpConnection("10.0.0.21:3260", "10.0.0.5:51234", 0, 0),
            new TcpConnection("10.0.0.21:3260", "10.0.0.6:40000", 0, 0));

    @TempDir
    Path dir;

    @Test
    void savesTheStockFormatAndReadsItBack() throws IOException {
        TickleDir tickles = new TickleDir(dir);
        tickles.save(PORTAL, TWO, Optional.empty(), line -> { });
        assertThat(Files.readString(dir.resolve("10.0.0.21")))
                .isEqualTo("10.0.0.21:3260\t10.0.0.5:51234\n10.0.0.21:3260\t10.0.0.6:40000\n");
        assertThat(tickles.recorded(PORTAL)).contains("10.0.0.21:3260\t10.0.0.5:51234\n10.0.0.21:3260\t10.0.0.6:40000\n");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no temporary file left").containsExactly(dir.resolve("10.0.0.21"));
        }
    }

    @Test
    void aPlantedPredictableTemporaryNameIsNeverWrittenThrough() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim"), "untouched");
        Files.createSymbolicLink(dir.resolve("10.0.0.21.new"), victim);
        new TickleDir(dir).save(PORTAL, TWO, Optional.empty(), line -> { });
        assertThat(Files.readString(victim)).isEqualTo("untouched");
        assertThat(Files.isSymbolicLink(dir.resolve("10.0.0.21"))).isFalse();
    }

    @Test
    void aSymbolicLinkInPlaceOfTheListIsNotFollowed() throws IOException {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "10.0.0.21:3260\t10.0.0.5:51234\n");
        Files.createSymbolicLink(dir.resolve("10.0.0.21"), elsewhere);
        assertThatThrownBy(() -> new TickleDir(dir).recorded(PORTAL)).isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void everyLineIsCheckedAndGarbageNeverReachesTickleTcp() throws IOException {
        Files.writeString(dir.resolve("10.0.0.21"), String.join("\n",
                "10.0.0.21:3260\t10.0.0.5:51234",
                "10.0.0.99:3260\t10.0.0.5:51234",      // another local address
                "10.0.0.21:3260\t10.0.0.5:99999",      // no such port
                "10.0.0.21:3260\texample.com:80",      // a name
                "10.0.0.21:3260 10.0.0.5:1",           // no tab
                "10.0.0.21:3260\t10.0.0.5:1\tx",       // three fields
                "-n 999\t--help",
                "\u001b[2J",
                "10.0.0.21:3260\t10.0.0.7:1") + "\n");
        List<String> skipped = new ArrayList<>();
        assertThat(new TickleDir(dir).recorded(PORTAL, skipped::add))
                .contains("10.0.0.21:3260\t10.0.0.5:51234\n10.0.0.21:3260\t10.0.0.7:1\n");
        assertThat(skipped).singleElement().asString().contains("7 line(s)");
    }

    @Test
    void ipv6EndpointsAreBracketed() throws IOException {
        IpPrefix v6 = IpPrefix.parse("fd00::1");
        Files.writeString(dir.resolve("fd00::1"), "[fd00::1]:3260\t[fd00::5]:4000\nfd00::1:3260\tfd00::5:4000\n");
        assertThat(new TickleDir(dir).recorded(v6)).contains("[fd00::1]:3260\t[fd00::5]:4000\n");
    }

    @Test
    void aHugeFileIsReadOnlyUpToTheBound() throws IOException {
        String line = "10.0.0.21:3260\t10.0.0.5:51234\n";
        Files.writeString(dir.resolve("10.0.0.21"), line.repeat(TickleDir.MAX_BYTES / line.length() + 1000));
        List<String> skipped = new ArrayList<>();
        String kept = new TickleDir(dir).recorded(PORTAL, skipped::add).orElseThrow();
        assertThat(kept.length()).isLessThanOrEqualTo(TickleDir.MAX_BYTES);
        assertThat(kept).endsWith(line);
        assertThat(skipped).anyMatch(s -> s.contains("larger than"));
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        TickleDir tickles = new TickleDir(dir);
        assertThatThrownBy(() -> tickles.save(PORTAL, TWO, Optional.empty(), line -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("unsafe tickle_dir");
        assertThatThrownBy(() -> tickles.recorded(PORTAL)).hasMessageContaining("unsafe tickle_dir");
    }

    @Test
    void aLinkToADirectoryIsRefused(@TempDir Path other) throws IOException {
        Path link = Files.createSymbolicLink(other.resolve("link"), dir);
        assertThatThrownBy(() -> new TickleDir(link).recorded(PORTAL)).hasMessageContaining("unsafe tickle_dir");
    }

    /** Issue 18: sync_script was promised and never run. It runs for real, with the written list as $1. */
    @Test
    void syncScriptRunsWithTheWrittenListAsItsArgument() throws Exception {
        Path marker = dir.resolve("synced");
        Path script = Files.writeString(dir.resolve("sync.sh"), "#!/bin/sh\n[ \"$1\" = -xv ] || exit 9\n"
                + "cat \"$2\" > " + marker + ".tmp && echo \"$2\" >> " + marker + ".tmp && mv " + marker + ".tmp " + marker + "\n");
        script.toFile().setExecutable(true);
        new TickleDir(dir).save(PORTAL, TWO, Optional.of(script + " -xv"), line -> { });
        // the script runs in the background: wait for its result, bounded
        for (int i = 0; i < 600 && !Files.exists(marker); i++) {
            Thread.sleep(50);
        }
        assertThat(marker).as("sync_script ran").exists();
        assertThat(Files.readString(marker)).isEqualTo("10.0.0.21:3260\t10.0.0.5:51234\n10.0.0.21:3260\t10.0.0.6:40000\n"
                + dir.resolve("10.0.0.21") + "\n");
    }
}

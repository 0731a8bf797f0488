package io.tgtha.agent.portblock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessAgeTest {
    @TempDir
    Path tmp;

    private Duration age(String stat, String uptime) throws Exception {
        return ProcessAge.age(Files.writeString(tmp.resolve("stat"), stat), Files.writeString(tmp.resolve("uptime"), uptime));
    }

    /** starttime 512345 ticks = 5123.45 s after boot; uptime 5125.95 s: started 2.5 s ago. */
    @Test
    void ageIsUptimeMinusStartTimeEvenWithSpacesAndParenthesesInTheCommandName() throws Exception {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 1 0 0 20 0 19 0 512345 "
                + "123456789 4000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";
        assertThat(age(stat, "5125.95 10000.00\n")).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void garbageOrImplausibleAgesTakeNothingFromTheBudget() throws Exception {
        assertThat(age("garbage", "1.0 1.0\n")).isZero();
        String stat = "1 (a) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 900000 0 0\n";
        assertThat(age(stat, "100.00 1.0\n")).as("started after now").isZero();
        assertThat(ProcessAge.age(tmp.resolve("missing"), tmp.resolve("missing2"))).isZero();
    }

    @Test
    void thisJvmIsYoungerThanAnHourAndOlderThanNothing() {
        Duration age = ProcessAge.age(Path.of("/proc/self/stat"), Path.of("/proc/uptime"));
        assertThat(age).isPositive().isLessThan(Duration.ofHours(1));
    }
}

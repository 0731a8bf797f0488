package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf.d used to be listed with the glob "*.conf", which the JDK compiles into a regular expression;
 * now it is a suffix check. The same files must be searched: the ones that glob matches, and only those.
 */
class TgtConfigFilesReadsWhatTheFormerConfGlobReadTest {
    private static final String[] NAMES = {
        "cluster.conf", ".hidden.conf", ".conf", "a.conf.bak", "a.CONF", "a.conf~", "aconf", "README", "x.conf.conf",
        "with space.conf", "tab\t.conf",
    };

    @Test
    void confDFilesSearchedAreTheOnesTheGlobMatched(@TempDir Path dir) throws Exception {
        Path confD = Files.createDirectories(dir.resolve("conf.d"));
        PathMatcher formerGlob = FileSystems.getDefault().getPathMatcher("glob:*.conf");
        List<String> expected = new ArrayList<>();
        for (String name : NAMES) {
            Files.writeString(confD.resolve(name), "# " + name + "\n<target iqn.2024-01.com.example:t1>\n</target>\n");
            if (formerGlob.matches(Path.of(name))) {
                expected.add(confD.resolve(name) + ":2");
            }
        }
        expected.sort(null);
        List<String> found = new TgtConfigFiles(dir).definitionsOf("iqn.2024-01.com.example:t1");
        assertThat(found).containsExactlyInAnyOrderElementsOf(expected)
                .contains(confD.resolve("cluster.conf") + ":2", confD.resolve(".hidden.conf") + ":2")
                .doesNotContain(confD.resolve("a.conf.bak") + ":2", confD.resolve("a.CONF") + ":2");
    }
}

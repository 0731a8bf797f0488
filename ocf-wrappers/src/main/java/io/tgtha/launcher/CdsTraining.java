package io.tgtha.launcher;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.log.OcfLog;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The workload install.sh runs under {@code -XX:ArchiveClassesAtExit} to build the AppCDS archive:
 * it walks the launcher paths the OCF wrappers take (agent lookup, meta-data, parameter reading and
 * validation, monitor, the command runner) so their classes come from the archive at every later
 * start. It must be harmless on a production node: no resource parameters are given, so every
 * agent stops at validation and changes nothing; the only command run is {@code true}.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        Map<String, String> env = new HashMap<>();
        env.put("OCF_RESOURCE_INSTANCE", "cds-training");
        env.put("OCF_RESKEY_CRM_meta_timeout", "20000");
        int runs = 0;
        for (String agent : AgentCatalog.TGTHA.presentNames()) {
            for (String action : new String[] {"meta-data", "validate-all", "monitor", "usage"}) {
                AgentLauncher.launch(new String[] {agent, action}, new OcfEnvironment(env), discard, discard);
                runs++;
            }
        }
        // also the not-installed path and the command runner, which agents use on every real monitor
        AgentLauncher.launch(new String[] {"no-such-agent", "monitor"}, new OcfEnvironment(env), discard, discard);
        OcfLog log = new OcfLog(new OcfEnvironment(env), "cds-training", discard);
        try {
            new ProcessCommandRunner(Deadline.after(Duration.ofSeconds(10)), log)
                    .run(Command.of(Duration.ofSeconds(5), "true"));
        } catch (Exception e) {
            System.err.println("tgt-ha CDS training: running 'true' failed (" + e.getClass().getSimpleName()
                    + "); the archive will lack the command runner's classes");
        }
        System.err.println("tgt-ha CDS training: " + runs + " agent operations for "
                + AgentCatalog.TGTHA.presentNames());
    }
}

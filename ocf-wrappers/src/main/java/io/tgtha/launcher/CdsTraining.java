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
import java.util.List;
import java.util.Map;

/**
 * The workload install.sh runs under {@code -XX:ArchiveClassesAtExit} to build the AppCDS archive:
 * it walks the launcher paths the OCF wrappers take (agent lookup, meta-data, parameter reading and
 * validation, the command runner, and each agent's real monitor) so their classes come from the
 * archive at every later start. It must be harmless on a production node: it runs only
 * validate-all and probes (monitor with interval 0), which OCF requires to be read-only, with
 * parameters naming nothing that exists ("cds-training"), each bounded to a few seconds; plus a
 * round without parameters, which stops at validation. The only other command run is {@code true}.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    /** Parameters that pass validation where they can, for a resource that does not exist. */
    private static final Map<String, Map<String, String>> PROBE_PARAMETERS = Map.of(
            "portblock", Map.of("protocol", "tcp", "portno", "3260", "action", "block", "ip", "192.0.2.1"),
            "target", Map.of("iqn", "iqn.2026-01.io.tgtha:cds-training"),
            "lun", Map.of("target_iqn", "iqn.2026-01.io.tgtha:cds-training", "lun", "1",
                    "path", "/nonexistent/tgtha-cds-training"),
            "account", Map.of("username", "cdstraining", "password", "cds-training-not-a-secret"));

    public static void main(String[] args) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        Map<String, String> bare = new HashMap<>();
        bare.put("OCF_RESOURCE_INSTANCE", "cds-training");
        bare.put("OCF_RESKEY_CRM_meta_timeout", "5000");
        bare.put("OCF_RESKEY_CRM_meta_interval", "0");
        int runs = 0;
        for (String agent : AgentCatalog.TGTHA.presentNames()) {
            Map<String, String> probe = new HashMap<>(bare);
            PROBE_PARAMETERS.getOrDefault(agent, Map.of()).forEach((k, v) -> probe.put("OCF_RESKEY_" + k, v));
            for (Map<String, String> env : List.of(bare, probe)) {
                for (String action : new String[] {"meta-data", "validate-all", "monitor", "usage"}) {
                    AgentLauncher.launch(new String[] {agent, action}, new OcfEnvironment(env), discard, discard);
                    runs++;
                }
            }
        }
        Map<String, String> env = bare;
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

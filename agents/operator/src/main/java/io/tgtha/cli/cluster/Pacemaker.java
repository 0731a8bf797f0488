// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.cluster;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandNotFoundException;
import io.tgtha.ocf.exec.CommandRunner;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Pacemaker's command-line tools, which work the same on 1.1 (CMAN or Corosync) and 2.x. */
public final class Pacemaker {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    /** crm_mon's usage-error exit code: Pacemaker 1.1 has no --output-as, only --as-xml. */
    private static final int CRM_EX_USAGE = 64;

    private final CommandRunner runner;
    private final Duration timeout;

    public Pacemaker(CommandRunner runner) {
        this(runner, DEFAULT_TIMEOUT);
    }

    /** @param timeout for each tool run (completion asks with a short one) */
    public Pacemaker(CommandRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    /** The cluster's state, or empty when there is no cluster on this node (tools missing, not running). */
    public Optional<ClusterStatus> status() {
        try {
            return Optional.of(CrmMonXml.parse(crmMonXml()));
        } catch (CliException e) {
            if (e.exitCode() == ExitCode.NO_CLUSTER) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The cluster's state; {@link ExitCode#NO_CLUSTER} when there is none. */
    public ClusterStatus requireStatus() {
        return CrmMonXml.parse(crmMonXml());
    }

    private String crmMonXml() {
        try {
            return runner.run(Command.of(timeout, "crm_mon", "--one-shot", "--output-as=xml")).stdout();
        } catch (CommandNotFoundException e) {
            throw new CliException(ExitCode.NO_CLUSTER, "crm_mon not found: Pacemaker is not installed");
        } catch (CommandFailedException e) {
            if (e.exitCode() == CRM_EX_USAGE) {
                return legacyCrmMonXml();
            }
            throw new CliException(ExitCode.NO_CLUSTER, "no cluster here: " + e.getMessage());
        } catch (CommandException e) {
            throw new CliException(ExitCode.NO_CLUSTER, "crm_mon did not answer: " + e.getMessage());
        }
    }

    private String legacyCrmMonXml() {
        try {
            return runner.run(Command.of(timeout, "crm_mon", "--one-shot", "--as-xml")).stdout();
        } catch (CommandException e) {
            throw new CliException(ExitCode.NO_CLUSTER, "no cluster here: " + e.getMessage());
        }
    }

    /** Target primitives (those with an iqn parameter) from the CIB. */
    public List<TargetResource> targetResources() {
        return CibResourcesXml.targets(cibSection("resources", "the CIB"));
    }

    /** The cluster properties (crm_config); {@link ExitCode#NO_CLUSTER} when the CIB cannot be read. */
    public java.util.Map<String, String> clusterOptions() {
        return CibClusterOptions.parse(cibSection("crm_config", "the cluster properties"));
    }

    /** One section of the CIB as XML; {@link ExitCode#NO_CLUSTER} when it cannot be read. */
    private String cibSection(String scope, String what) {
        try {
            return runner.run(Command.of(timeout, "cibadmin", "--query", "--scope", scope)).stdout();
        } catch (CommandNotFoundException e) {
            throw new CliException(ExitCode.NO_CLUSTER, "cibadmin not found: Pacemaker is not installed");
        } catch (CommandException e) {
            throw new CliException(ExitCode.NO_CLUSTER, "cannot read " + what + ": " + e.getMessage());
        }
    }

    /** {@code crm_resource --move} with a lifetime, so a forgotten constraint expires by itself. */
    public void move(String resource, String node, Duration lifetime) {
        crmResource("--move", "--resource", resource, "--node", node, "--lifetime", iso8601(lifetime));
    }

    /** Removes the constraints --move (or --ban) created for the resource. */
    public void clear(String resource) {
        crmResource("--clear", "--resource", resource);
    }

    static String iso8601(Duration d) {
        return "PT" + Math.max(1, d.toSeconds()) + "S";
    }

    private void crmResource(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "crm_resource";
        System.arraycopy(args, 0, argv, 1, args.length);
        try {
            runner.run(Command.of(timeout, argv));
        } catch (CommandNotFoundException e) {
            throw new CliException(ExitCode.TOOL_MISSING, "crm_resource not found: Pacemaker is not installed");
        } catch (CommandException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, e.getMessage());
        }
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A stand-in for the Pacemaker tools {@code tgtha migrate --apply} runs, over one CIB: cibadmin --query answers with
 * the current CIB text (a replace of the configuration section changes it, as Pacemaker would), crm_attribute sets
 * maintenance-mode in it, crm_mon answers with where each primitive runs ({@link #runningOn}, changed by {@link
 * #afterRefresh} to what the probes would find), crm_verify passes unless told otherwise, iptables -S shows
 * {@link #iptables}. A key "id#2" in those maps is a second instance of a clone. Every command is recorded with its stdin.
 */
final class ApplyCluster implements CommandRunner {
    record Call(List<String> argv, String stdin) {
        boolean is(String... prefix) {
            return argv.size() >= prefix.length && argv.subList(0, prefix.length).equals(List.of(prefix));
        }
    }

    String cib;
    final Map<String, String> runningOn = new LinkedHashMap<>();
    Map<String, String> afterRefresh;
    final List<String> failedProbes = new ArrayList<>();
    String iptables = "-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n";
    Predicate<Call> fails = c -> false;
    /** What a failing call prints on stderr, given the call. */
    java.util.function.Function<Call, String> failure = c -> "stand-in failure";
    /** Runs when a resource leaves resource maintenance (Pacemaker would recover it then). */
    Runnable onRelease = () -> { };
    final List<Call> calls = new ArrayList<>();
    private boolean refreshed;

    ApplyCluster(String cib) {
        this.cib = cib;
    }

    @Override
    public CommandResult run(Command command) throws CommandFailedException {
        byte[] in = command.stdin();
        Call call = new Call(command.argv(), in == null ? null : new String(in, StandardCharsets.UTF_8));
        calls.add(call);
        if (fails.test(call)) {
            throw new CommandFailedException(new CommandResult(command, 1, "", failure.apply(call), Duration.ZERO));
        }
        String out = "";
        if (call.is("cibadmin", "--query")) {
            out = cib;
        } else if (call.is("cibadmin", "--replace", "--scope", "configuration", "--xml-pipe")) {
            int start = cib.indexOf("<configuration");
            int end = cib.indexOf("</configuration>") + "</configuration>".length();
            cib = cib.substring(0, start) + call.stdin() + cib.substring(end);
        } else if (call.is("crm_attribute")) {
            maintenance(call.argv().contains("--delete") ? null : call.argv().get(call.argv().size() - 1));
        } else if (call.is("crm_resource") && call.argv().contains("--delete-parameter")) {
            onRelease.run();
        } else if (call.is("crm_resource", "--refresh")) {
            refreshed = true;
        } else if (call.is("crm_mon")) {
            out = crmMon(refreshed && afterRefresh != null ? afterRefresh : runningOn);
        } else if (call.is("iptables", "-w", "5", "-S")) {
            out = iptables;
        }
        return new CommandResult(command, 0, out, "", Duration.ZERO);
    }

    /** maintenance-mode in cib-bootstrap-options, as crm_attribute --type crm_config writes it. */
    void maintenance(String value) {
        cib = cib.replaceAll("<nvpair[^>]*name=\"maintenance-mode\"[^>]*/>", "");
        if (value != null) {
            cib = cib.replaceFirst("(<cluster_property_set id=\"cib-bootstrap-options\">)",
                    "$1<nvpair id=\"cib-bootstrap-options-maintenance-mode\" name=\"maintenance-mode\" value=\""
                            + value + "\"/>");
        }
    }

    String maintenance() {
        var m = java.util.regex.Pattern.compile("name=\"maintenance-mode\" value=\"([^\"]*)\"").matcher(cib);
        return m.find() ? m.group(1) : null;
    }

    List<Call> calls(String... prefix) {
        return calls.stream().filter(c -> c.is(prefix)).toList();
    }

    /** crm_mon --output-as=xml with every primitive of {@code on} started on its node (null: stopped). */
    private String crmMon(Map<String, String> on) {
        StringBuilder b = new StringBuilder("<pacemaker-result api-version=\"2.25\" request=\"crm_mon\"><summary>"
                + "<current_dc present=\"true\" name=\"n1\"/></summary><nodes>"
                + "<node name=\"n1\" online=\"true\" standby=\"false\" maintenance=\"false\" unclean=\"false\"/>"
                + "<node name=\"n2\" online=\"true\" standby=\"false\" maintenance=\"false\" unclean=\"false\"/>"
                + "</nodes><resources>");
        on.forEach((key, node) -> {
            String id = key.replaceFirst("#.*", ""); // "id#2": a second clone instance (crm_mon repeats the id)
            b.append("<resource id=\"").append(id).append("\" resource_agent=\"ocf:x:y\" role=\"")
                    .append(node == null ? "Stopped" : "Started").append("\" active=\"").append(node != null)
                    .append("\" failed=\"false\" managed=\"true\">");
            if (node != null) {
                b.append("<node name=\"").append(node).append("\" id=\"1\" cached=\"true\"/>");
            }
            b.append("</resource>");
        });
        b.append("</resources>");
        if (!failedProbes.isEmpty() && refreshed) {
            b.append("<failures>");
            failedProbes.forEach(f -> b.append("<failure op_key=\"").append(f)
                    .append("_monitor_0\" node=\"n1\" exitstatus=\"error\" exitreason=\"target has tid 4\"/>"));
            b.append("</failures>");
        }
        return b.append("</pacemaker-result>").toString();
    }
}

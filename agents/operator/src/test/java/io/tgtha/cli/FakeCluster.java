// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A command runner that plays Pacemaker from captured XML: after {@code crm_resource --move} the
 * group reports the new node once {@code startsAfterPolls} more crm_mon calls have been made.
 */
class FakeCluster implements CommandRunner {
    final List<List<String>> calls = new ArrayList<>();
    String crmMon;
    final String resources = Captured.read("resources.xml");
    int startsAfterPolls = 2;
    private String movedTo;
    private int pollsSinceMove;

    FakeCluster(String crmMon) {
        this.crmMon = crmMon;
    }

    List<List<String>> crmResourceCalls() {
        return calls.stream().filter(c -> c.get(0).equals("crm_resource")).toList();
    }

    @Override
    public CommandResult run(Command command) throws io.tgtha.ocf.exec.CommandException {
        calls.add(command.argv());
        String out = "";
        switch (command.program()) {
            case "crm_mon" -> {
                out = crmMon;
                if (movedTo != null && ++pollsSinceMove > startsAfterPolls) {
                    out = out.replace("<node name=\"cl-n1\" id=\"1\" cached=\"true\"/>",
                            "<node name=\"" + movedTo + "\" id=\"2\" cached=\"true\"/>");
                }
            }
            case "cibadmin" -> out = resources;
            case "crm_resource" -> {
                if (command.argv().contains("--move")) {
                    movedTo = command.argv().get(command.argv().indexOf("--node") + 1);
                }
            }
            default -> throw new CommandFailedException(new CommandResult(command, 127, "", "unexpected", Duration.ZERO));
        }
        return new CommandResult(command, 0, out, "", Duration.ZERO);
    }
}

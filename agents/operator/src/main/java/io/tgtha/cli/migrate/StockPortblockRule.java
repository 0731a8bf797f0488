// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules resource-agents' portblock writes (iptables, IPv4), in one place: {@code tgtha migrate} prints how to
 * remove them, {@code tgtha status} recognises them in {@code iptables -S}. They carry no tgt-ha mark, so no tgt-ha
 * agent ever removes them.
 */
public enum StockPortblockRule {
    /** direction=in (the default) or both. */
    INPUT_DROP("INPUT", "-d", "--dports", "DROP"),
    /** direction=out or both. */
    OUTPUT_DROP("OUTPUT", "-s", "--sports", "DROP"),
    /** reset_local_on_unblock_stop: inserted and deleted within one unblock stop; left when that stop was killed. */
    OUTPUT_RESET("OUTPUT", "-s", "--sports", "REJECT --reject-with tcp-reset");

    private final String chain;
    private final String addressFlag;
    private final String portsFlag;
    private final String target;

    StockPortblockRule(String chain, String addressFlag, String portsFlag, String target) {
        this.chain = chain;
        this.addressFlag = addressFlag;
        this.portsFlag = portsFlag;
        this.target = target;
    }

    public String chain() {
        return chain;
    }

    /** The rule specification exactly as the stock agent passes it to iptables. */
    public String spec(String protocol, String ip, String ports) {
        return "-p " + protocol + " " + addressFlag + " " + ip + " -m multiport " + portsFlag + " " + ports
                + " -j " + target;
    }

    /**
     * The stock rule one line of {@code iptables -S} is, when it is one that covers {@code port}. iptables prints
     * options in its own order and leaves out a 0.0.0.0/0 address, so the line is compared option by option; any
     * option the stock agent never writes (a comment such as tgt-ha's mark, an interface, a negation) means it is
     * someone else's rule.
     */
    public static Optional<StockPortblockRule> recognise(String iptablesSLine, int port) {
        List<String> words = List.of(iptablesSLine.strip().split("\\s+"));
        // "-A CHAIN" and then flag-value pairs; an odd count means a bare flag such as "!", never written by the stock agent
        if (words.size() < 2 || !words.get(0).equals("-A") || words.size() % 2 != 0) {
            return Optional.empty();
        }
        Map<String, String> options = new HashMap<>();
        Set<String> modules = new HashSet<>();
        for (int i = 2; i < words.size(); i += 2) {
            String flag = words.get(i);
            String value = words.get(i + 1);
            if (flag.equals("-m")) {
                modules.add(value);
            } else if (options.put(flag, value) != null) {
                return Optional.empty();
            }
        }
        // "-m tcp" is implied by "-p tcp" and printed by some iptables versions
        modules.remove("tcp");
        modules.remove("udp");
        if (!modules.equals(Set.of("multiport")) || !options.containsKey("-p")) {
            return Optional.empty();
        }
        for (StockPortblockRule shape : values()) {
            if (shape.matches(words.get(1), options, port)) {
                return Optional.of(shape);
            }
        }
        return Optional.empty();
    }

    private boolean matches(String lineChain, Map<String, String> options, int port) {
        Set<String> expected = new HashSet<>(List.of("-p", portsFlag, "-j"));
        if (target.startsWith("REJECT")) {
            expected.add("--reject-with");
        }
        Set<String> allowed = new HashSet<>(expected);
        allowed.add(addressFlag); // absent when the agent's ip was 0.0.0.0/0
        String[] jump = target.split(" ");
        return lineChain.equals(chain) && options.keySet().containsAll(expected) && allowed.containsAll(options.keySet())
                && options.get("-j").equals(jump[0])
                && (jump.length == 1 || options.get("--reject-with").equals(jump[2]))
                && portListCovers(options.get(portsFlag), port);
    }

    /** A multiport list ("3260", "860,3260", "3250:3270") covers the port. */
    static boolean portListCovers(String list, int port) {
        for (String item : list.split(",")) {
            String[] range = item.split(":", 2);
            try {
                int low = Integer.parseInt(range[0]);
                int high = range.length == 2 ? Integer.parseInt(range[1]) : low;
                if (port >= low && port <= high) {
                    return true;
                }
            } catch (NumberFormatException e) {
                // a service name: the stock agent's portno is numeric
            }
        }
        return false;
    }
}

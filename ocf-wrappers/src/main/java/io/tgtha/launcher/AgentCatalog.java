// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import io.tgtha.agent.tgt.TgtConnector;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.ResourceAgent;
import io.tgtha.ocf.text.Text;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agents tgtha.jar can run, by OCF type name. ocf-wrappers depends on every agent module, so tgtha.jar
 * holds them all; agents are still named by class name rather than referenced directly, so that a jar
 * without one (a class left out of the shaded jar) answers for it with "not installed" (rc 5) instead of
 * failing to load, and an operation loads only the agent it runs ({@link #presentNames} for listings).
 */
public final class AgentCatalog {
    /** The agents of tgt-ha: OCF type name (ocf:tgtha:NAME) to implementation class. */
    public static final AgentCatalog TGTHA;

    static {
        Map<String, String> agents = new LinkedHashMap<>();
        agents.put("portblock", "io.tgtha.agent.portblock.PortblockAgent");
        agents.put("target", "io.tgtha.agent.iscsitarget.TargetAgent");
        agents.put("lun", "io.tgtha.agent.lun.LunAgent");
        agents.put("account", "io.tgtha.agent.account.AccountAgent");
        TGTHA = new AgentCatalog(agents);
    }

    /** The operator command, shipped in the same jar when agents/operator has been built. */
    public static final String OPERATOR_COMMAND_CLASS = "io.tgtha.cli.TgtHa";

    private final Map<String, String> agents;
    /** Handed to agents that take one; null: each agent connects to tgtd itself (the cold path). */
    private final TgtConnector tgt;

    /** @param agents name to class name, in the order listings show them */
    AgentCatalog(Map<String, String> agents) {
        this(agents, null);
    }

    private AgentCatalog(Map<String, String> agents, TgtConnector tgt) {
        this.agents = new LinkedHashMap<>(agents);
        this.tgt = tgt;
    }

    /**
     * The same agents, each tgt agent built around {@code tgt} (its public constructor taking a
     * {@link TgtConnector}): the agent host's connector, whose clients share shows of tgtd across operations.
     */
    public AgentCatalog withTgt(TgtConnector tgt) {
        return new AgentCatalog(agents, tgt);
    }

    /** Every agent name tgt-ha defines, present in this jar or not. */
    public List<String> knownNames() {
        return List.copyOf(agents.keySet());
    }

    /** The agents whose class is in this jar, in catalog order. */
    public List<String> presentNames() {
        List<String> present = new ArrayList<>();
        for (Map.Entry<String, String> e : agents.entrySet()) {
            if (classPresent(e.getValue())) {
                present.add(e.getKey());
            }
        }
        return present;
    }

    public Optional<String> implementationOf(String name) {
        return Optional.ofNullable(agents.get(name));
    }

    /**
     * Creates the agent called {@code name}.
     *
     * @throws OcfException ERR_INSTALLED when the name is unknown or its class is not in the jar,
     *                      ERR_GENERIC when the agent exists but cannot be constructed (a bug)
     */
    public ResourceAgent instantiate(String name) {
        String className = agents.get(name);
        if (className == null) {
            throw OcfException.installed("unknown tgt-ha agent '" + printable(name) + "' (known: "
                    + String.join(", ", agents.keySet()) + ")");
        }
        Class<?> type;
        try {
            type = Class.forName(className, true, AgentCatalog.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw OcfException.installed("tgt-ha agent '" + name + "' is not installed: " + className
                    + " is not in this tgtha.jar");
        } catch (NoClassDefFoundError e) {
            // either the agent's initialiser failed before (in this JVM) or a class it needs is missing
            if (String.valueOf(e.getMessage()).startsWith("Could not initialize class")) {
                throw new OcfException(OcfExitCode.ERR_GENERIC, "tgt-ha agent '" + name + "' failed to initialise: "
                        + describe(e));
            }
            throw OcfException.installed("tgt-ha agent '" + name + "' cannot load: a class it needs is missing ("
                    + describe(e) + "); reinstall tgtha.jar");
        } catch (ExceptionInInitializerError e) {
            throw new OcfException(OcfExitCode.ERR_GENERIC, "tgt-ha agent '" + name + "' failed to initialise: "
                    + describe(e.getCause()));
        }
        if (!ResourceAgent.class.isAssignableFrom(type)) {
            throw new OcfException(OcfExitCode.ERR_GENERIC, className + " is not a " + ResourceAgent.class.getName());
        }
        try {
            if (tgt != null && hasConstructorTaking(type, TgtConnector.class)) {
                return (ResourceAgent) type.getConstructor(TgtConnector.class).newInstance(tgt);
            }
            return (ResourceAgent) type.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new OcfException(OcfExitCode.ERR_GENERIC, className + " has no public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new OcfException(OcfExitCode.ERR_GENERIC, "tgt-ha agent '" + name + "' failed to start: "
                    + describe(e.getCause()));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new OcfException(OcfExitCode.ERR_GENERIC, "tgt-ha agent '" + name + "' failed to start: "
                    + describe(e));
        }
    }

    private static boolean hasConstructorTaking(Class<?> type, Class<?> parameter) {
        try {
            type.getConstructor(parameter);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static boolean classPresent(String className) {
        // initialize=false: presence only, without running the agent's static initialisers
        try {
            Class.forName(className, false, AgentCatalog.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown cause";
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + printable(t.getMessage()));
    }

    /** Names come from argv: keep control characters and floods out of the one-line reason. */
    static String printable(String s) {
        // what replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?") did, without a regular expression:
        // control characters, and U+2028/U+2029, the only line and paragraph separators
        String clean = Text.printable(s).replace('\u2028', '?').replace('\u2029', '?');
        return clean.length() > 80 ? clean.substring(0, 77) + "..." : clean;
    }
}

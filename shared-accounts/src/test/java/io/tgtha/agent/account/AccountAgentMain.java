package io.tgtha.agent.account;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.agent.AgentRunner;

/** What the launcher does for "account", for tests that run the agent as its own process. */
public final class AccountAgentMain {
    private AccountAgentMain() {
    }

    public static void main(String[] args) {
        int rc = new AgentRunner(new AccountAgent()).run(args, OcfEnvironment.ofSystem(), System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(rc);
    }
}

package io.tgtha.agent.account;

import io.tgtha.ocf.agent.AgentRunner;

/** What the launcher does for "account", for tests that run the agent as its own process. */
public final class AccountAgentMain {
    private AccountAgentMain() {
    }

    public static void main(String[] args) {
        AgentRunner.runAsProcess(new AccountAgent(), args);
    }
}

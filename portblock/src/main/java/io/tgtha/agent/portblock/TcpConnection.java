package io.tgtha.agent.portblock;

import java.util.Objects;

/**
 * One TCP socket as ss(8) shows it: local and peer endpoint ({@code ip:port}, IPv6 in brackets) and queues.
 *
 * <p>equals, hashCode and toString are written out (same results as the generated ones): a record's
 * generated methods are invokedynamic, and their first call makes an agent JVM spin method-handle
 * classes at run time.
 */
public record TcpConnection(String local, String peer, long recvQ, long sendQ) {
    @Override
    public boolean equals(Object o) {
        return o instanceof TcpConnection c && c.recvQ == recvQ && c.sendQ == sendQ
                && Objects.equals(c.local, local) && Objects.equals(c.peer, peer);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(local);
        h = 31 * h + Objects.hashCode(peer);
        h = 31 * h + Long.hashCode(recvQ);
        return 31 * h + Long.hashCode(sendQ);
    }

    @Override
    public String toString() {
        return "TcpConnection[local=" + local + ", peer=" + peer + ", recvQ=" + recvQ + ", sendQ=" + sendQ + "]";
    }
}

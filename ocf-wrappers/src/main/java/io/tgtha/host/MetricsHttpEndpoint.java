// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.host;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent host's optional HTTP endpoint: {@code GET /metrics} answers what {@code tgtha metrics --sample 0} prints
 * (the node's tgtd, targets and connections from one look at the sockets, then the host's own metrics and what cold
 * runs recorded). A scrape that fails answers 500 with a generic body; the reason goes to the host's log (stderr and
 * syslog), not to whoever can reach the port. Off unless {@value #SETTING} is set in /etc/default/tgtha: a port
 * (bound to 127.0.0.1) or {@code ADDRESS:PORT} with a literal IPv4 address or a bracketed IPv6 one. The JDK's
 * own HTTP server, not the Prometheus client's exporter module: that one is not in the offline build's
 * repository, and one context on one thread is all this needs. No authentication: bind it to loopback, or to
 * an address only the monitoring network reaches.
 */
final class MetricsHttpEndpoint implements AutoCloseable {
    static final String SETTING = "TGTHA_METRICS_HTTP";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String FAILED_BODY = "tgtha metrics failed; the agent host's log says why\n";

    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final Pattern IPV4_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):(\\d{1,5})");
    private static final Pattern IPV6_PORT = Pattern.compile("\\[([0-9A-Fa-f:.]+)]:(\\d{1,5})");

    /** Writes the exposition the endpoint serves. */
    interface Exposition {
        void writeTo(OutputStream out) throws IOException;
    }

    private final HttpServer server;

    /** @param log where a failed scrape's reason goes */
    MetricsHttpEndpoint(InetSocketAddress address, Exposition exposition, Consumer<String> log) throws IOException {
        server = HttpServer.create(address, 16);
        server.createContext("/metrics", exchange -> answer(exchange, exposition, log));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tgtha-host-metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /**
     * The endpoint the setting asks for, or none when it is unset, empty or {@code off}. A setting it cannot use
     * (malformed, or an address it cannot bind) is told to {@code log} once, and the host runs without it.
     */
    static Optional<MetricsHttpEndpoint> start(String setting, Exposition exposition, Consumer<String> log) {
        Optional<InetSocketAddress> address;
        try {
            address = address(setting);
        } catch (IllegalArgumentException e) {
            log.accept(e.getMessage() + "; the agent host runs without its metrics endpoint");
            return Optional.empty();
        }
        if (address.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MetricsHttpEndpoint(address.get(), exposition, log));
        } catch (IOException e) {
            log.accept(SETTING + "=" + setting + ": cannot listen on " + describe(address.get()) + " (" + e.getMessage()
                    + "); the agent host runs without its metrics endpoint");
            return Optional.empty();
        }
    }

    /** The address {@value #SETTING} names; empty when it is unset, empty or "off". */
    static Optional<InetSocketAddress> address(String setting) {
        if (setting == null || setting.isBlank() || setting.strip().equals("off")) {
            return Optional.empty();
        }
        String s = setting.strip();
        Matcher m;
        if (PORT.matcher(s).matches()) {
            return Optional.of(new InetSocketAddress(literal("127.0.0.1", setting), port(s, setting)));
        }
        if ((m = IPV4_PORT.matcher(s)).matches()) {
            for (String octet : m.group(1).split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw bad(setting);
                }
            }
            return Optional.of(new InetSocketAddress(literal(m.group(1), setting), port(m.group(2), setting)));
        }
        if ((m = IPV6_PORT.matcher(s)).matches()) {
            return Optional.of(new InetSocketAddress(literal(m.group(1), setting), port(m.group(2), setting)));
        }
        throw bad(setting);
    }

    /** Only ever called with a literal the patterns admitted: getByName then parses it, it does not resolve it. */
    private static InetAddress literal(String address, String setting) {
        try {
            return InetAddress.getByName(address);
        } catch (IOException e) {
            throw bad(setting);
        }
    }

    private static int port(String digits, String setting) {
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(SETTING + "=" + setting + ": port " + port + " is not 1-65535");
        }
        return port;
    }

    private static IllegalArgumentException bad(String setting) {
        return new IllegalArgumentException(SETTING + "=" + setting
                + " is not PORT, IPV4:PORT or [IPV6]:PORT (e.g. 9617, 127.0.0.1:9617, [::1]:9617) or off");
    }

    private static String describe(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private static void answer(HttpExchange exchange, Exposition exposition, Consumer<String> log) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try {
                exposition.writeTo(body);
            } catch (IOException | RuntimeException e) {
                // the endpoint has no authentication: the reason (a tool's stderr, a path) goes to the log only
                log.accept("GET /metrics failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                byte[] why = FAILED_BODY.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(500, method.equals("HEAD") ? -1 : why.length);
                if (!method.equals("HEAD")) {
                    exchange.getResponseBody().write(why);
                }
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.size());
            exchange.getResponseBody().write(body.toByteArray());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

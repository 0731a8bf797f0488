// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

/**
 * Address and port as ss prints them ({@code 10.0.0.1:3260}, {@code [::1]:3260}, {@code *:3260}).
 * The address is normalised: brackets, an {@code %iface} scope and the IPv4-mapped {@code ::ffff:}
 * prefix are removed, so it compares equal to the address tgtd shows for the same initiator.
 */
public record Endpoint(String address, int port) {

    public static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("not an address:port: " + text);
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        int port = portText.equals("*") ? 0 : Integer.parseInt(portText);
        return new Endpoint(normalise(host), port);
    }

    public static String normalise(String host) {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int scope = h.indexOf('%');
        if (scope >= 0) {
            h = h.substring(0, scope);
        }
        if (h.regionMatches(true, 0, "::ffff:", 0, 7) && h.indexOf('.') > 0) {
            h = h.substring(7);
        }
        return h;
    }

    public String render() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    @Override
    public String toString() {
        return render();
    }
}

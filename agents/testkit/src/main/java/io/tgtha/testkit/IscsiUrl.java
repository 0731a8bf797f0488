// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

/**
 * A libiscsi URL {@code iscsi://[USER%PASSWORD@]IP:3260[/IQN/LUN]}. {@link Initiator} does not put the
 * credentials into the URL it runs with: it passes them as LIBISCSI_CHAP_USERNAME/PASSWORD in the
 * environment, so even lab passwords stay off command lines. {@link #render()} includes them (for
 * callers that build their own command lines in throw-away labs).
 */
public record IscsiUrl(String ip, int port, String iqn, Integer lun, String user, String password) {

    public static IscsiUrl portal(String ip) {
        return new IscsiUrl(ip, 3260, null, null, null, null);
    }

    public static IscsiUrl lun(String ip, String iqn, int lun) {
        return new IscsiUrl(ip, 3260, iqn, lun, null, null);
    }

    public IscsiUrl withChap(String user, String password) {
        // libiscsi splits at '%' and '@' without URL-decoding: keep lab credentials plain
        if (!user.matches("[A-Za-z0-9._-]+") || !password.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("lab CHAP user/password must match [A-Za-z0-9._-]+");
        }
        return new IscsiUrl(ip, port, iqn, lun, user, password);
    }

    /** The URL without credentials. */
    public String renderWithoutCredentials() {
        return new IscsiUrl(ip, port, iqn, lun, null, null).render();
    }

    /** LIBISCSI_CHAP_USERNAME / LIBISCSI_CHAP_PASSWORD for libiscsi tools, empty without CHAP. */
    public java.util.Map<String, String> chapEnvironment() {
        return user == null ? java.util.Map.of()
                : java.util.Map.of("LIBISCSI_CHAP_USERNAME", user, "LIBISCSI_CHAP_PASSWORD", password);
    }

    public String render() {
        StringBuilder sb = new StringBuilder("iscsi://");
        if (user != null) {
            sb.append(user).append('%').append(password).append('@');
        }
        sb.append(ip).append(':').append(port);
        if (iqn != null) {
            sb.append('/').append(iqn).append('/').append(lun == null ? 0 : lun);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        // never print the password, even in test reports
        return password == null ? render() : render().replace("%" + password + "@", "%***@");
    }
}

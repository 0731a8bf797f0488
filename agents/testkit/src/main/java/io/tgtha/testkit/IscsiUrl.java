package io.tgtha.testkit;

/**
 * A libiscsi URL {@code iscsi://[USER%PASSWORD@]IP:3260[/IQN/LUN]}. Test-only: the password ends up
 * on the initiator's command line, which is acceptable for throw-away lab credentials only.
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

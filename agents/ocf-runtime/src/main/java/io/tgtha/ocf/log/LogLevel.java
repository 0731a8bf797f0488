// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.log;

/** ocf_log's priorities, with the label it prints and the syslog priority it uses. */
public enum LogLevel {
    DEBUG("DEBUG", "debug"),
    INFO("INFO", "info"),
    WARNING("WARNING", "warning"),
    ERROR("ERROR", "err"),
    CRIT("CRIT", "crit");

    private final String label;
    private final String syslogPriority;

    LogLevel(String label, String syslogPriority) {
        this.label = label;
        this.syslogPriority = syslogPriority;
    }

    public String label() { return label; }
    public String syslogPriority() { return syslogPriority; }
}

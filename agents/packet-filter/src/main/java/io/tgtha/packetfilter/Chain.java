// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

/**
 * The hook a rule sits on. On INPUT the blocked port is the packet's destination port, on OUTPUT
 * its source port (the target's own replies), and likewise for the address.
 */
public enum Chain {
    INPUT("INPUT", "input", "d", "dport", "daddr"),
    OUTPUT("OUTPUT", "output", "s", "sport", "saddr");

    private final String iptablesName;
    private final String nftName;
    private final String addressFlag;
    private final String nftPortField;
    private final String nftAddressField;

    Chain(String iptablesName, String nftName, String addressFlag, String nftPortField, String nftAddressField) {
        this.iptablesName = iptablesName;
        this.nftName = nftName;
        this.addressFlag = addressFlag;
        this.nftPortField = nftPortField;
        this.nftAddressField = nftAddressField;
    }

    public String iptablesName() { return iptablesName; }
    public String nftName() { return nftName; }
    /** "d" or "s": for -d/-s and multiport --dports/--sports. */
    public String addressFlag() { return addressFlag; }
    public String nftPortField() { return nftPortField; }
    public String nftAddressField() { return nftAddressField; }
}

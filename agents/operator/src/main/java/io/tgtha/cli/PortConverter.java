// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import picocli.CommandLine;

/** A port number in its valid range; picocli names the option in the message ("Invalid value for option ..."). */
abstract class PortConverter implements CommandLine.ITypeConverter<Integer> {
    private final int min;
    private final int max;

    PortConverter(int min, int max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a number (" + min + "-" + max + ")");
        }
        if (n < min || n > max) {
            throw new CommandLine.TypeConversionException(n + " is out of range " + min + "-" + max);
        }
        return n;
    }

    /** A TCP port (portal, SSH). */
    static final class Tcp extends PortConverter {
        Tcp() {
            super(1, 65535);
        }
    }

    /** tgtd's --control-port: the tgt client accepts 0..32767 (tgtd keeps it in a short). */
    static final class TgtdControl extends PortConverter {
        TgtdControl() {
            super(0, Short.MAX_VALUE);
        }
    }
}

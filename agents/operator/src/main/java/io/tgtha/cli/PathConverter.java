// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import picocli.CommandLine;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** A file name; picocli's own converter would put the JDK's exception class into the message. */
final class PathConverter implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a file name (" + e.getReason() + ")");
        }
    }
}

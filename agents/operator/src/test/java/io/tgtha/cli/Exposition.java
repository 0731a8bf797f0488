// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4) for tests: every line must be a HELP, a TYPE or a sample
 * whose metric was declared by a TYPE line before it, with quoted, escaped label values and a float value.
 * Fails on anything else, so a test that reads a value has also checked the whole text.
 */
record Exposition(Map<String, String> types, List<Sample> samples) {
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    static Exposition parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("exposition does not end with a newline");
        }
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = TYPE.matcher(line)).matches()) {
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("line " + n + ": second TYPE for " + m.group(1));
                }
            } else if (HELP.matcher(line).matches()) {
                continue;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                if (types.keySet().stream().noneMatch(f -> name.equals(f) || name.equals(f + "_total")
                        || name.equals(f + "_bucket") || name.equals(f + "_sum") || name.equals(f + "_count"))) {
                    throw new AssertionError("line " + n + ": sample of undeclared metric: " + line);
                }
                samples.add(new Sample(name, labels(m.group(2) == null ? "" : m.group(2), n), value(m.group(3), n)));
            } else {
                throw new AssertionError("line " + n + " is not Prometheus text format: " + line);
            }
        }
        return new Exposition(types, samples);
    }

    private static Map<String, String> labels(String text, int n) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new AssertionError("line " + n + ": bad labels: " + text);
            }
            labels.put(m.group(1), m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
            at = m.end();
        }
        return labels;
    }

    private static double value(String v, int n) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new AssertionError("line " + n + ": not a value: " + v);
                }
            }
        };
    }

    List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The one sample of {@code name} whose labels include {@code labels}. */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = named(name).stream()
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + " with " + labels + " in " + samples);
        }
        return found.get(0).value();
    }
}

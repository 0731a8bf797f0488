// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import java.util.Map;

/** One operation of a primitive: its name and every other attribute (interval, timeout, role, OCF_CHECK_LEVEL...). */
public record CibOp(String name, Map<String, String> attributes) {
}

// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

/** One sample of a series: epoch seconds and a value. */
public record Point(double epoch, double value) {
}

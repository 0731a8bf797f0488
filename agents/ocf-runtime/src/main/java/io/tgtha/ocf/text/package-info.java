// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * Character classes, word splitting and clean-ups of untrusted text (parameters, tool output) that
 * several agents share.
 */
package io.tgtha.ocf.text;

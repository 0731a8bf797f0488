// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.time.Duration;

/** How one request reaches tgtd. Implementations throw the {@link TgtException} subtypes, never hang. */
interface TgtTransport {

    /** Sends the request; returns tgtd's text (empty when none); tgtd's error codes as TgtRequestException. */
    String exchange(TgtadmRequest request, Duration timeout, String operation);

    /** The tgt version this transport talks to. */
    TgtVersion version(String operation);

    /** For toString and messages: socket path or tgtadm command. No secrets. */
    String describe();
}

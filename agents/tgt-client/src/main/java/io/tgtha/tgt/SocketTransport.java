// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.nio.file.Path;
import java.time.Duration;

/** tgtd's management socket, spoken directly: the only transport that can carry passwords. */
record SocketTransport(Path socket, VersionProbe versionProbe) implements TgtTransport {

    @Override
    public String exchange(TgtadmRequest request, Duration timeout, String operation) {
        // refuse before sending anything when the request layout of this tgtd is unknown
        versionProbe.require(operation);
        TgtadmResponse response = MgmtSocket.exchange(socket, request.encode(), timeout, operation);
        if (response.err() != 0) {
            throw new TgtRequestException(operation, TgtError.fromCode(response.err()), response.err());
        }
        return response.text();
    }

    @Override
    public TgtVersion version(String operation) {
        return versionProbe.require(operation);
    }

    @Override
    public String describe() {
        return socket.toString();
    }
}

package io.tgtha.agent.account;

import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.tgt.TgtException;
import io.tgtha.tgt.TgtUnsupportedVersionException;

/** Turns a tgt client failure into an OCF result. The client's messages never carry a password. */
final class TgtFailures {
    private TgtFailures() {
    }

    /**
     * An unsupported tgtd is "not installed" on this node (Pacemaker may use another); everything else
     * (not running, crashed mid-request, timed out, refused) is a generic error that Pacemaker recovers.
     */
    static OcfException toOcf(TgtException e) {
        OcfExitCode code = e instanceof TgtUnsupportedVersionException ? OcfExitCode.ERR_INSTALLED
                : OcfExitCode.ERR_GENERIC;
        return new OcfException(code, e.getMessage(), e);
    }
}

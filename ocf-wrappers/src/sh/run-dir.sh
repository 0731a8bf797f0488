# SPDX-License-Identifier: GPL-2.0-or-later
# The run directory by the rule of io.tgtha.process.RunDir: TGTHA_RUN_DIR when absolute, else /run/tgtha.
# install.sh writes it into the wrappers in place of their RUNDIR placeholder line: one rule, and no extra file
# for a wrapper to read per operation. It comes after the defaults file, which may set TGTHA_RUN_DIR.
case $TGTHA_RUN_DIR in
    /*) tgtha_run=$TGTHA_RUN_DIR ;;
    *) tgtha_run=/run/tgtha ;;
esac

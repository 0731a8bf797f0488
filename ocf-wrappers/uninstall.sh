#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Removes what install.sh installed. Keeps /etc/default/tgtha (the admin's file) unless --purge.
# Wrappers and the tgtha command are removed only when they are tgt-ha's (never a foreign file).
# usage: uninstall.sh [--prefix DIR] [--sysconfdir DIR] [--ocf-root DIR] [--purge]   (DESTDIR honoured)
set -eu
umask 022

prefix=/usr
sysconfdir=/etc
ocfroot=/usr/lib/ocf
purge=no
DESTDIR=${DESTDIR:-}

die() { echo "uninstall.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=${2:?}; shift 2 ;;
        --prefix=*) prefix=${1#*=}; shift ;;
        --sysconfdir) sysconfdir=${2:?}; shift 2 ;;
        --sysconfdir=*) sysconfdir=${1#*=}; shift ;;
        --ocf-root) ocfroot=${2:?}; shift 2 ;;
        --ocf-root=*) ocfroot=${1#*=}; shift ;;
        --purge) purge=yes; shift ;;
        -h|--help) sed -n '3,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done

libdir=$DESTDIR$prefix/lib/tgtha
datadir=$DESTDIR$prefix/share/tgtha
ocfdir=$DESTDIR$ocfroot/resource.d/tgtha

ours() { [ -f "$1" ] && grep -q "$2" "$1"; }

for a in portblock target lun account; do
    if ours "$ocfdir/$a" 'tgt-ha OCF resource agent'; then rm -f "$ocfdir/$a"; fi
    rm -f "$datadir/metadata/$a.xml"
done
if ours "$DESTDIR$prefix/sbin/tgtha" 'tgt-ha operator command'; then
    rm -f "$DESTDIR$prefix/sbin/tgtha" "$DESTDIR$prefix/share/man/man1/tgtha.1" \
        "$DESTDIR$prefix/share/man/man1"/tgtha-*.1 "$DESTDIR$prefix/share/bash-completion/completions/tgtha"
    if [ -z "$DESTDIR" ] && command -v mandb >/dev/null 2>&1; then
        mandb -q "$prefix/share/man" >/dev/null 2>&1 || true # drop them from man -k's index
    fi
fi
# the agent host: stopped (a wrapper of another build would not use it anyway), its unit removed
if [ -z "$DESTDIR" ] && [ "$prefix" = /usr ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now tgtha-agent-host.service >/dev/null 2>&1 || true
fi
# (only a host serving this installation: a relocated uninstall never stops the node's own host)
build=$(cat "$libdir/build-id" 2>/dev/null || true)
if [ -z "$DESTDIR" ] && [ -n "$build" ] && [ -r /run/tgtha/host/endpoint ]; then
    read -r _ _ hostbuild hostpid < /run/tgtha/host/endpoint || hostpid=
    if [ "$hostbuild" = "$build" ]; then
        case "$hostpid" in ''|*[!0-9]*) ;; *) kill "$hostpid" 2>/dev/null || true ;; esac
    fi
fi
rm -f "$DESTDIR$prefix/lib/systemd/system/tgtha-agent-host.service" "$libdir/build-id"
rm -f "$libdir/tgtha.jar" "$libdir/tgtha.jsa" "$libdir/tgtha.aot" "$libdir/aot-java.sh" "$libdir/tgtha-cli.jsa" "$libdir/tgtha-agent" "$libdir/find-java.sh" "$libdir/make-archives" \
      "$libdir"/*.tgtha-new "$libdir"/*.jsa.new "$libdir"/*.aot.new "$libdir"/*.classlist "$libdir/aot-java.sh.new" "$DESTDIR$prefix/lib/tmpfiles.d/tgtha.conf"
rmdir "$ocfdir" "$datadir/metadata" "$datadir" "$libdir" 2>/dev/null || true
if [ "$purge" = yes ]; then
    rm -f "$DESTDIR$sysconfdir/default/tgtha"
fi
# /run/tgtha is left alone: a running agent may hold a lock there; it is gone at the next boot.
echo "uninstall.sh: tgt-ha removed${DESTDIR:+ from $DESTDIR}$( [ "$purge" = yes ] || echo " ($sysconfdir/default/tgtha kept; --purge removes it)")"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs tgt-ha on this node: the OCF wrappers (ocf:tgtha:<agent>), tgtha.jar, static meta-data,
# the tgtha operator command, the AppCDS archives, /etc/default/tgtha and the /run/tgtha layout.
# Idempotent: running it again replaces what it installed (atomically, file by file, so agent
# operations running meanwhile see either the old or the new file) and rebuilds the archives.
#
# usage: install.sh [--prefix DIR] [--sysconfdir DIR] [--ocf-root DIR] [--jar FILE] [--no-cds]
#   DESTDIR=/stage install.sh   stages the files under /stage (packaging, tests); paths written
#                               into the scripts stay those of the real system; no archive is made
#                               then (run `PREFIX/lib/tgtha/make-archives` on the target later).
set -eu
# The result must not depend on the caller's umask: installed files and directories 0755/0644
# (files also get an explicit chmod), run-time state below /run/tgtha 0700 (see below).
umask 022

here=$(cd "$(dirname "$0")" && pwd)
prefix=/usr
sysconfdir=/etc
ocfroot=/usr/lib/ocf
jar=
cds=yes
DESTDIR=${DESTDIR:-}

die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "install.sh: $*"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
        --prefix=*) prefix=${1#*=}; shift ;;
        --sysconfdir) sysconfdir=${2:?--sysconfdir needs a directory}; shift 2 ;;
        --sysconfdir=*) sysconfdir=${1#*=}; shift ;;
        --ocf-root) ocfroot=${2:?--ocf-root needs a directory}; shift 2 ;;
        --ocf-root=*) ocfroot=${1#*=}; shift ;;
        --jar) jar=${2:?--jar needs a file}; shift 2 ;;
        --jar=*) jar=${1#*=}; shift ;;
        --no-cds) cds=no; shift ;;
        -h|--help) sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done

# The directories end up inside sh scripts and sed expressions: keep them to safe characters.
for d in "$prefix" "$sysconfdir" "$ocfroot" "$DESTDIR"; do
    case "$d" in
        *[!A-Za-z0-9/._+-]*) die "directory '$d' contains characters install.sh does not support" ;;
    esac
done
for d in "$prefix" "$sysconfdir" "$ocfroot"; do
    case "$d" in /*) ;; *) die "'$d' must be an absolute path" ;; esac
done

libdir=$prefix/lib/tgtha
datadir=$prefix/share/tgtha
sbindir=$prefix/sbin
ocfdir=$ocfroot/resource.d/tgtha
agents_known="portblock target lun account"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tgtha-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# a line @RUNDIR@ in a template becomes src/sh/run-dir.sh (without its licence line)
grep -v '^# SPDX-License-Identifier' "$here/src/sh/run-dir.sh" > "$tmp/run-dir.rule"
# and the same rule here, from the environment only: /run/tgtha unless TGTHA_RUN_DIR is set (tests installing
# below a temporary directory keep the machine's run-time state out of it)
TGTHA_RUN_DIR=${TGTHA_RUN_DIR:-}
. "$tmp/run-dir.rule"
subst() { # subst TEMPLATE OUTPUT [AGENT]
    sed -e "/^@RUNDIR@\$/{" -e "r $tmp/run-dir.rule" -e "d" -e "}" \
        -e "s|@LIBDIR@|$libdir|g" -e "s|@DATADIR@|$datadir|g" -e "s|@SYSCONFDIR@|$sysconfdir|g" \
        -e "s|@OCFDIR@|$ocfdir|g" -e "s|@SBINDIR@|$sbindir|g" -e "s|@AGENT@|${3:-}|g" "$1" > "$2"
}

# put FILE MODE DEST: replace DEST atomically (rename), so a running agent never reads half a file
put() {
    mkdir -p "$(dirname "$3")"
    cp "$1" "$3.tgtha-new"
    chmod "$2" "$3.tgtha-new"
    mv -f "$3.tgtha-new" "$3"
}

# --- Java 17+ -------------------------------------------------------------------------------
# The same choice the installed launchers make, reading the target system's /etc/default/tgtha.
subst "$here/src/sh/find-java.sh" "$tmp/find-java.sh"
sed -i "s|'$sysconfdir/default/tgtha'|'$DESTDIR$sysconfdir/default/tgtha'|g" "$tmp/find-java.sh"
JAVA_HOME=${JAVA_HOME:-}
. "$tmp/find-java.sh"
java=$TGTHA_JAVA
if ! command -v "$java" >/dev/null 2>&1; then
    die "Java 17 or later is required, but no java was found (looked for \$JAVA_HOME/bin/java, \
/usr/lib/jvm/java-17-openjdk-amd64/bin/java and java on PATH). Install it with:
    apt-get install openjdk-17-jre-headless
or set TGTHA_JAVA in $sysconfdir/default/tgtha."
fi
version=$("$java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
major=${version%%[.+-]*}
[ "$major" = 1 ] && major=$(echo "$version" | cut -d. -f2)
case "$major" in
    ''|*[!0-9]*) die "cannot tell the version of $java ('$("$java" -version 2>&1 | head -n 1)'); Java 17 or later is required" ;;
esac
if [ "$major" -lt 17 ]; then
    die "$java is Java $version; tgt-ha needs Java 17 or later. Install it with:
    apt-get install openjdk-17-jre-headless
or set TGTHA_JAVA in $sysconfdir/default/tgtha."
fi
say "using $java (Java $version)"

# --- tgtha.jar ------------------------------------------------------------------------------
if [ -z "$jar" ]; then
    jar=$here/target/tgtha.jar
    if [ ! -f "$jar" ]; then
        command -v mvn >/dev/null 2>&1 || die "$jar is missing and Maven is not installed to build it \
(apt-get install maven, then run: mvn -B -q -DskipTests install in $(dirname "$here"))"
        say "$jar is missing: building it (mvn -B -q -DskipTests install)"
        (cd "$here/.." && mvn -B -q -DskipTests install) || die "the build failed"
    fi
fi
[ -f "$jar" ] || die "no jar at $jar"
"$java" -cp "$jar" io.tgtha.launcher.Inventory > "$tmp/inventory" 2> "$tmp/inventory.err" \
    || die "$jar is not a tgt-ha jar: $(cat "$tmp/inventory.err")"
agents=$(sed -n 's/^agent //p' "$tmp/inventory" | tr '\n' ' ')
has_cli=$(grep -c '^command tgtha$' "$tmp/inventory" || true)

put "$jar" 0644 "$DESTDIR$libdir/tgtha.jar"

# --- meta-data, generated from the installed jar so file and agent always agree ------------
mkdir -p "$tmp/metadata"
"$java" -cp "$DESTDIR$libdir/tgtha.jar" io.tgtha.launcher.MetadataGenerator "$tmp/metadata" 2> "$tmp/meta.err" \
    || die "meta-data generation failed: $(cat "$tmp/meta.err")"
for a in $agents_known; do
    if [ -f "$tmp/metadata/$a.xml" ]; then
        put "$tmp/metadata/$a.xml" 0644 "$DESTDIR$datadir/metadata/$a.xml"
    else
        rm -f "$DESTDIR$datadir/metadata/$a.xml"
    fi
done

# --- launcher scripts and OCF wrappers -------------------------------------------------------
subst "$here/src/sh/find-java.sh" "$tmp/find-java.sh.inst"
put "$tmp/find-java.sh.inst" 0644 "$DESTDIR$libdir/find-java.sh"
subst "$here/src/sh/tgtha-agent.in" "$tmp/tgtha-agent"
put "$tmp/tgtha-agent" 0755 "$DESTDIR$libdir/tgtha-agent"
subst "$here/src/sh/make-archives.in" "$tmp/make-archives"
put "$tmp/make-archives" 0755 "$DESTDIR$libdir/make-archives"
for a in $agents_known; do
    case " $agents " in
        *" $a "*)
            subst "$here/src/sh/ocf-agent.in" "$tmp/$a" "$a"
            put "$tmp/$a" 0755 "$DESTDIR$ocfdir/$a" ;;
        *)  # an agent this jar lacks: remove our old wrapper, never someone else's file
            if [ -f "$DESTDIR$ocfdir/$a" ] && grep -q 'tgt-ha OCF resource agent' "$DESTDIR$ocfdir/$a"; then
                rm -f "$DESTDIR$ocfdir/$a"
            fi ;;
    esac
done
if [ "$has_cli" -gt 0 ]; then
    subst "$here/src/sh/tgtha.in" "$tmp/tgtha"
    put "$tmp/tgtha" 0755 "$DESTDIR$sbindir/tgtha"
    # man pages and bash completion, generated from the command model when agents/operator was built
    opdir=$here/../agents/operator/target
    if [ -d "$opdir/man" ]; then
        for page in "$opdir"/man/*.1; do
            put "$page" 0644 "$DESTDIR$prefix/share/man/man1/$(basename "$page")"
        done
        # indexed for man -k / apropos now, not at man-db's next daily run (only this hierarchy: quick)
        if [ -z "$DESTDIR" ] && command -v mandb >/dev/null 2>&1; then
            mandb -q "$prefix/share/man" >/dev/null 2>&1 || say "note: mandb could not index the tgtha man pages"
        fi
    fi
    if [ -f "$opdir/completion/tgtha" ]; then
        # sourced, never run: without the generator's #! line
        sed '1{/^#!/d}' "$opdir/completion/tgtha" > "$tmp/completion"
        put "$tmp/completion" 0644 "$DESTDIR$prefix/share/bash-completion/completions/tgtha"
    fi
elif [ -f "$DESTDIR$sbindir/tgtha" ] && grep -q 'tgt-ha operator command' "$DESTDIR$sbindir/tgtha"; then
    rm -f "$DESTDIR$sbindir/tgtha" "$DESTDIR$libdir/tgtha-cli.jsa"
fi

# --- agent host: the build the wrappers and the host must share -----------------------------
# A host of another build refuses the wrappers' requests, so they run cold until the new host is up;
# the old host retires as soon as it sees the new build-id. Stop it now rather than at first use.
# (the build-id covers the jar and where it is installed: a relocated install never shares a host with
# the system's, and stops only a host that served its own previous build, never the node's own host)
oldbuild=$(cat "$DESTDIR$libdir/build-id" 2>/dev/null || true)
{ sha256sum < "$DESTDIR$libdir/tgtha.jar"; echo "$libdir"; } | sha256sum | cut -c1-16 > "$tmp/build-id"
put "$tmp/build-id" 0644 "$DESTDIR$libdir/build-id"
if [ -z "$DESTDIR" ] && [ -n "$oldbuild" ] && [ -r "$tgtha_run/host/endpoint" ]; then
    read -r _ _ hostbuild hostpid < "$tgtha_run/host/endpoint" || hostpid=
    if [ "$hostbuild" = "$oldbuild" ]; then
        case "$hostpid" in ''|*[!0-9]*) ;; *) kill "$hostpid" 2>/dev/null || true ;; esac
    fi
fi
subst "$here/src/sh/tgtha-agent-host.service" "$tmp/tgtha-agent-host.service"
put "$tmp/tgtha-agent-host.service" 0644 "$DESTDIR$prefix/lib/systemd/system/tgtha-agent-host.service"
if [ -z "$DESTDIR" ] && [ -d /run/systemd/system ] && [ "$prefix" = /usr ] && command -v systemctl >/dev/null 2>&1; then
    systemctl daemon-reload && systemctl enable tgtha-agent-host.service >/dev/null 2>&1 \
        && systemctl restart tgtha-agent-host.service || say "note: could not start tgtha-agent-host.service"
fi

# --- configuration and run-time directories --------------------------------------------------
if [ ! -e "$DESTDIR$sysconfdir/default/tgtha" ]; then # the admin's file: created once, never replaced
    put "$here/src/sh/default-tgtha" 0644 "$DESTDIR$sysconfdir/default/tgtha"
fi
put "$here/src/sh/tmpfiles-tgtha.conf" 0644 "$DESTDIR$prefix/lib/tmpfiles.d/tgtha.conf"
if [ -z "$DESTDIR" ]; then
    # tmpfiles.d recreates it at boot (where systemd runs); not fatal for an unprivileged test install.
    # State is root's alone: a lock file another user can open is a lock that user can hold forever.
    (umask 077 && mkdir -p "$tgtha_run/locks") 2>/dev/null || say "note: cannot create $tgtha_run/locks (not root?); agents need it"
fi

# --- class archives: tied to this exact JDK and jar, so made here (make-archives) and not shipped ----
if [ "$cds" = yes ] && [ -z "$DESTDIR" ]; then
    "$libdir/make-archives" | sed 's/^make-archives: /install.sh: /'
elif [ "$cds" = no ]; then
    # archives of the previous jar would only produce warnings now
    rm -f "$DESTDIR$libdir/tgtha.jsa" "$DESTDIR$libdir/tgtha.aot" "$DESTDIR$libdir/aot-java.sh" "$DESTDIR$libdir/tgtha-cli.jsa"
else
    say "DESTDIR set: no AppCDS archive made; on the target run: $libdir/make-archives"
fi

say "installed agents: ${agents:-none (this jar contains no agent yet)}; wrappers in $DESTDIR$ocfdir"
[ "$has_cli" -gt 0 ] && say "installed the operator command $DESTDIR$sbindir/tgtha"
exit 0

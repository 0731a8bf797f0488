# Sourced by tgt-ha's launcher scripts (and install.sh): sets TGTHA_JAVA to the java to run.
# Order: TGTHA_JAVA from @SYSCONFDIR@/default/tgtha, $JAVA_HOME/bin/java, Debian's OpenJDK 17, java on PATH.
# The AppCDS archive only serves the JDK that made it; install.sh makes it with this same choice.
# TGTHA_JAVA and TGTHA_JAVA_OPTS may also come from the caller's environment (tests, debugging:
# TGTHA_JAVA_OPTS=-Xshare:on proves the archive maps); the defaults file wins.
TGTHA_JAVA=${TGTHA_JAVA:-}
TGTHA_JAVA_OPTS=${TGTHA_JAVA_OPTS:-}
if [ -r '@SYSCONFDIR@/default/tgtha' ]; then
    . '@SYSCONFDIR@/default/tgtha'
fi
if [ -z "$TGTHA_JAVA" ]; then
    if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        TGTHA_JAVA=$JAVA_HOME/bin/java
    elif [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
        TGTHA_JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
    else
        TGTHA_JAVA=java
    fi
fi

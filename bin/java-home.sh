# Sourced by bin/* scripts and .ci/run: sets JAVA_HOME to a JDK 25 or newer.
# Honours JAVA_HOME when it already points at 25+; otherwise looks beside the default java
# and in the usual install folders. Prints what it found on stderr only when it fails.
# xc_major JDK-DIR HOW: sets xc_version to the JDK's feature version (empty when unknown). HOW is release (read its
# release file, JAVA_VERSION="25.0.3": no process started) or java (ask its java: a JVM start, about 0.1 s).
xc_major() {
  xc_version=
  if [ "$2" = release ]; then
    local line
    [ -r "$1/release" ] || return 0
    while IFS= read -r line; do
      case $line in JAVA_VERSION=\"[0-9]*) line=${line#JAVA_VERSION=\"}; xc_version=${line%%[!0-9]*}; return 0 ;; esac
    done <"$1/release"
  else
    xc_version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = //p' | head -1 | cut -d. -f1)
  fi
}
xc_find_jdk() { # sets xc_jdk
  local want=25 cand d how java
  xc_jdk=
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    xc_major "$JAVA_HOME" release
    [ -n "$xc_version" ] || xc_major "$JAVA_HOME" java
    if [ -n "$xc_version" ] && [ "$xc_version" -ge "$want" ]; then xc_jdk=$JAVA_HOME; return 0; fi
  fi
  local dirs=()
  if java=$(command -v java 2>/dev/null); then
    java=$(readlink -f "$java")
    java=${java%/bin/java}
    dirs+=("${java%/*}")
  fi
  dirs+=(/usr/lib/jvm /usr/local/openjdk* /opt/java /opt /usr/local)
  for how in release java; do # every JDK's release file first; java itself only when none says 25+
    for d in "${dirs[@]}"; do
      [ -d "$d" ] || continue
      for cand in "$d"/*; do
        [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
        xc_major "$cand" "$how"
        if [ -n "$xc_version" ] && [ "$xc_version" -ge "$want" ]; then xc_jdk=$cand; return 0; fi
      done
    done
  done
  return 1
}
if xc_find_jdk; then
  JAVA_HOME=$xc_jdk
else
  echo "xc: no JDK 25 or newer found (looked at \$JAVA_HOME, beside $(command -v java 2>/dev/null || echo 'java'), /usr/lib/jvm, /opt)." >&2
  echo "xc: install one (for example Temurin 25) or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.9 still calls sun.misc.Unsafe through Guice; JDK 24+ warns about it on every build.
case " ${MAVEN_OPTS:-} " in *unsafe-memory-access*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac

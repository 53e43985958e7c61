# Sourced by bin/* scripts and .ci/run: sets JAVA_HOME to a JDK 25 or newer.
# Honours JAVA_HOME when it already points at 25+; otherwise looks beside the default java
# and in the usual install folders. Prints what it found on stderr only when it fails.
xc_java_major() { # $1 = a java binary; prints its feature version
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1 | cut -d. -f1
}
xc_find_jdk() {
  local want=25 cand v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(xc_java_major "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$want" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  local dirs=()
  if command -v java >/dev/null 2>&1; then
    dirs+=("$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")")
  fi
  dirs+=(/usr/lib/jvm /usr/local/openjdk* /opt/java /opt /usr/local)
  for d in "${dirs[@]}"; do
    [ -d "$d" ] || continue
    for cand in "$d"/*; do
      [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
      v=$(xc_java_major "$cand/bin/java")
      if [ -n "$v" ] && [ "$v" -ge "$want" ]; then echo "$cand"; return 0; fi
    done
  done
  return 1
}
if ! JAVA_HOME=$(xc_find_jdk); then
  echo "xc: no JDK 25 or newer found (looked at \$JAVA_HOME, beside $(command -v java 2>/dev/null || echo 'java'), /usr/lib/jvm, /opt)." >&2
  echo "xc: install one (for example Temurin 25) or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.9 still calls sun.misc.Unsafe through Guice; JDK 24+ warns about it on every build.
case " ${MAVEN_OPTS:-} " in *unsafe-memory-access*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac

# Sourced by bin/xc and bin/xcd: finds JDK 25, rebuilds the module path when sources are newer than the last build,
# then runs MODULE/CLASS on it. Usage: xc_launch NAME MODULE/CLASS ARGS...
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$here/bin/java-home.sh"
. "$here/bin/jvm-flags.sh"
xc_launch() {
  local name=$1 main=$2
  shift 2
  local mods="$here/xc-dist/target/modules" stamp="$here/xc-dist/target/.built"
  # only sources count: build output, git data and the benchmark cache are not walked
  if [ ! -f "$stamp" ] || [ -n "$(find "$here" \( -name target -o -name .git -o -name .cache \) -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$stamp" -print -quit)" ]; then
    echo "$name: building the modules (the first run downloads Maven and the libraries)..." >&2
    (cd "$here" && ./mvnw -q -B -DskipTests package -pl xc-dist -am) >&2
    touch "$stamp"
  fi
  # JVM flags (bin/jvm-flags.sh; the start-up cache is remade when they change)
  local jvm
  xc_jvm_flags jvm "$name"
  # xc only: the start-up cache, see bin/aot.sh (missing or stale: made in the background, this run goes without)
  if [ "$name" = xc ]; then
    . "$here/bin/aot.sh"
    xc_aot_use jvm "$mods"
  fi
  exec "$JAVA_HOME/bin/java" "${jvm[@]}" --module-path "$mods" -m "$main" "$@"
}

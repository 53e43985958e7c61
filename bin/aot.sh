# Sourced by bin/launch.sh: the start-up cache of `xc`, a JDK 25 AOT cache (JEP 483/514) of the classes that common
# commands load, linked and ready. It lives in xc-dist/target/aot/xc.aot with xc.aot.key, the JDK and JVM flags it
# was made with. A cache made for other jars or other flags is useless: the JVM checks the module path (each jar's
# size and time) and refuses a mismatch; here that refusal is silenced (-Xlog:aot*=off,cds*=off) and the command runs
# as without a cache. XC_AOT=0 turns the cache off (neither used nor made).
#
# xc_aot_current MODS FLAGS...  succeeds when the cache is there and was made for these jars and flags.
# xc_aot_use ARRAY MODS  rewrites the JVM flags in the array named ARRAY to use the cache when it is current; when it
#                        is missing or stale, starts xc_aot_train in the background (silently) and leaves ARRAY alone.
# xc_aot_train MODS FLAGS...  makes the cache now: starts a throw-away xcd (temporary state and socket), runs the
#                        training commands in one JVM with -XX:AOTCacheOutput, stops that xcd. Log: xc-dist/target/aot/train.log.

xc_aot_dir() { echo "$(dirname "$1")/aot"; }

# the JDK, the jars and the flags the cache is made for; a change of any makes a new cache
xc_aot_key() { # MODS FLAGS...
  local mods=$1
  shift
  printf '%s\n' "java=$JAVA_HOME" "$(grep -E '^(JAVA_RUNTIME_VERSION|IMPLEMENTOR_VERSION)=' "$JAVA_HOME/release" 2>/dev/null)" \
      "jars=$(ls -l "$mods" | cksum)" "flags=$*"
}

# the flags without -Xshare:*, which the JVM refuses next to -XX:AOTCache and -XX:AOTCacheOutput
xc_aot_base() { # FLAGS...
  local f
  for f in "$@"; do case $f in -Xshare:*) ;; *) printf '%s\n' "$f" ;; esac; done
}

xc_aot_current() { # MODS FLAGS...
  local mods=$1 cache
  shift
  cache=$(xc_aot_dir "$mods")/xc.aot
  [ -f "$cache" ] && [ "$(cat "$cache.key" 2>/dev/null)" = "$(xc_aot_key "$mods" "$@")" ] \
      && [ -z "$(find "$mods" -newer "$cache" -print -quit 2>/dev/null)" ]
}

xc_aot_use() { # ARRAY MODS
  local -n xc_aot_flags_ref=$1
  local mods=$2 base=()
  [ "${XC_AOT:-1}" != 0 ] || return 0
  mapfile -t base < <(xc_aot_base "${xc_aot_flags_ref[@]}")
  if xc_aot_current "$mods" "${base[@]}"; then
    xc_aot_flags_ref=("${base[@]}" "-XX:AOTCache=$(xc_aot_dir "$mods")/xc.aot" "-Xlog:aot*=off,cds*=off")
  else
    ( xc_aot_train "$mods" "${base[@]}" >/dev/null 2>&1 & ) </dev/null >/dev/null 2>&1
  fi
}

xc_aot_train() { # MODS FLAGS...
  local mods=$1 dir lock tmp pid status=1
  local -
  set +e
  shift
  dir=$(xc_aot_dir "$mods")
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0 # not ours to write (another user's build): no cache
  lock=$dir/.training
  if ! mkdir "$lock" 2>/dev/null; then
    # another training runs; one left behind by a killed run is older than 10 minutes
    [ -n "$(find "$lock" -maxdepth 0 -mmin +10 2>/dev/null)" ] && rm -rf "$lock" && mkdir "$lock" 2>/dev/null || return 0
  fi
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-aot.XXXXXX")
  {
    echo "training the start-up cache $(date)"
    "$JAVA_HOME/bin/java" "$@" --module-path "$mods" -m dev.xc.server/dev.xc.server.Xcd --embedded-default \
        --state-dir "$tmp/daemon" --socket "$tmp/xc.sock" >"$tmp/xcd.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do [ -S "$tmp/xc.sock" ] || ! kill -0 "$pid" 2>/dev/null && break; sleep 0.1; done
    local s=(-s "$tmp/xc.sock") e=(--embedded --state-dir "$tmp/embedded")
    # a small gzip root file system of the JDK's own files, for the unpack path (xc image import)
    tar -czf "$tmp/rootfs.tar.gz" -C "$JAVA_HOME" legal
    "$JAVA_HOME/bin/java" "$@" "-XX:AOTCacheOutput=$tmp/xc.aot" "-Xlog:aot*=off,cds*=off" \
        --module-path "$mods" -m dev.xc.cli/dev.xc.cli.internal.StartupTraining \
        --help --next --version --next ps --help \
        --next ps "${s[@]}" --next ps --json "${s[@]}" --next images "${s[@]}" \
        --next network list "${s[@]}" --next info "${s[@]}" --next show nosuch "${s[@]}" \
        --next info "${e[@]}" --next ps "${e[@]}" --next images --json "${e[@]}" --next show nosuch "${e[@]}" \
        --next image import -q "$tmp/rootfs.tar.gz" xc-training/legal:1 "${e[@]}" \
        && status=0
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if [ "$status" = 0 ] && [ -s "$tmp/xc.aot" ]; then
      mv -f "$tmp/xc.aot" "$dir/xc.aot.new" && xc_aot_key "$mods" "$@" >"$dir/xc.aot.key.new" \
          && mv -f "$dir/xc.aot.new" "$dir/xc.aot" && mv -f "$dir/xc.aot.key.new" "$dir/xc.aot.key" \
          && echo "made $dir/xc.aot ($(wc -c <"$dir/xc.aot") bytes)"
    else
      echo "training failed (status $status); the daemon's log:"
      cat "$tmp/xcd.log"
    fi
  } >"$dir/train.log" 2>&1
  rm -rf "$tmp" "$lock"
  return 0
}

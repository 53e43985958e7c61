# Sourced by bin/launch.sh and bench/compare: the JVM flags of xc's launches, in one place, so that the benchmarks
# time xc the way bin/xc and bin/xcd run it.
#
# xc_jvm_flags ARRAY NAME   sets the array named ARRAY to the flags for NAME: xc (the command line, short-lived),
#                           xcd (the daemon, long-lived)
xc_jvm_flags() {
  local -n xc_jvm_flags_ref=$1
  # native access: xc-host's FFM calls, sqlite-jdbc's and zstd-jni's JNI libraries; the serial collector (one
  # heap, no concurrent GC threads: the fastest and smallest for these heaps on few CPUs)
  xc_jvm_flags_ref=(--enable-native-access=dev.xc.host,org.xerial.sqlitejdbc,com.github.luben.zstd_jni
      -XX:+UseSerialGC -Xshare:auto)
  case $2 in
    xc)
      # a command lives for seconds: a small young generation (its memory touched once, reused after each
      # collection) and compilation kept to what is really hot (on 2 CPUs the JIT compilers otherwise take a
      # third of an unpack's CPU time); bench/README.md, "JVM flags", has the measurements
      xc_jvm_flags_ref+=(-Xmn32m -XX:Tier3InvocationThreshold=2000 -XX:Tier3CompileThreshold=20000
          -XX:Tier4InvocationThreshold=20000 -XX:Tier4CompileThreshold=40000) ;;
    xcd)
      # a small initial heap that grows when a pull needs it (the maximum is the JVM's default); VmRSS idle
      # 168 -> 98 MB, with 50 containers 219 -> 151 MB (bench/daemon-footprint, bench/README.md)
      xc_jvm_flags_ref+=(-Xms8m) ;;
  esac
}

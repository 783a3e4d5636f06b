#!/usr/bin/env bash
# Installs the Java runtime PySpark needs (the Spark recipe's tests,
# examples/spark_sla.py): Debian's OpenJDK 17 (PySpark 4 runs on Java 17 or
# 21). Does nothing when a `java` of version 17 or later is on PATH or in
# JAVA_HOME. As root, apt-get runs as is; otherwise through sudo.
set -euo pipefail

java_major() { # prints the major version of the java given, or nothing
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}
for java in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)"; do
  if [[ -n "$java" && -x "$java" ]] && (( $(java_major "$java" || echo 0) >= 17 )); then
    exit 0
  fi
done

sudo=()
if (( EUID != 0 )); then sudo=(sudo); fi
echo "setup-java: apt-get install openjdk-17-jre-headless"
"${sudo[@]}" apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless

#!/usr/bin/env bash
# itests/measure-rtsp.sh CLIP [SECONDS] [CAMERAS]
# The acceptance check of the plugin issue, measured: serves CLIP over RTSP on loopback (Debian's ffmpeg
# publishing in a loop to rtsp-server-perl), runs the embedded host on CAMERAS cameras reading it, and
# prints the event counts, the host's summary (frames, drops, detector ms, frame-to-event latency) and the
# process CPU over the steady part of the run. Needs: apt-get install ffmpeg rtsp-server-perl, and a
# built launcher (bin/maskwatch setup). Extra JVM options (e.g. -Dmaskwatch.classifier=DIR) come from
# MASKWATCH_JAVA_OPTS; COOLDOWN=S sets the cameras' cooldownSeconds.
set -euo pipefail
clip="$(realpath "$1")"; secs="${2:-60}"; n="${3:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/bundles/launcher/target"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
out="$(mktemp -d)"
cport=$((20000 + RANDOM % 10000)); sport=$((cport + 1))

rtsp-server-perl --clientport "$cport" --serverport "$sport" --client_listen_address 127.0.0.1 \
  --source_listen_address 127.0.0.1 --loglevel 1 >"$out/relay.log" 2>&1 &
relay=$!
sleep 1.5
ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$clip" -c copy -f rtsp "rtsp://127.0.0.1:$sport/live" \
  >"$out/publish.log" 2>&1 &
publisher=$!
trap 'kill $publisher $relay 2>/dev/null || true' EXIT

# COOLDOWN=S sets cooldownSeconds, e.g. for clips whose people change in place (the demo clip).
{
  echo '{"cameras":['
  for i in $(seq 1 "$n"); do
    [ "$i" -gt 1 ] && echo ','
    echo "{\"id\":\"cam$i\",\"source\":\"rtsp://127.0.0.1:$cport/live?udp\"${COOLDOWN:+,\"cooldownSeconds\":$COOLDOWN}}"
  done
  echo ']}'
} >"$out/cameras.json"
cams=(--config "$out/cameras.json")
"$java" --enable-native-access=ALL-UNNAMED ${MASKWATCH_JAVA_OPTS:-} -Dmaskwatch.home="$root" \
  -cp "$target/maskwatch-launcher-0.1.0-SNAPSHOT.jar:$(cat "$target/classpath.txt")" io.maskwatch.launcher.Main \
  run "${cams[@]}" --events "$out/events.jsonl" --seconds "$secs" >"$out/stdout.jsonl" 2>"$out/stderr.log" &
pid=$!

ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
warm=$(( secs / 3 ))
sleep "$warm"; t0=$(date +%s.%N); c0=$(ticks)
sleep $(( secs - warm - 3 )); t1=$(date +%s.%N); c1=$(ticks)
wait "$pid" || true

grep -v -i 'unsafe' "$out/stderr.log" | grep -E '^(camera|summary|maskwatch)' || true
echo "events: $(grep -c '"type":"start"' "$out/events.jsonl" || true) start, $(grep -c '"type":"update"' "$out/events.jsonl" || true) update, $(grep -c '"type":"end"' "$out/events.jsonl" || true) end (lines in $out/events.jsonl)"
awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$hz" -v n="$n" \
  'BEGIN { cpu = (c1 - c0) / hz / (t1 - t0) * 100; printf "process CPU over %.0f s of steady state: %.0f%% of one core for %d camera(s), %.0f%% per camera\n", t1 - t0, cpu, n, cpu / n }'

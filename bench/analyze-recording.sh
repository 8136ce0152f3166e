#!/usr/bin/env bash
# Indexing speed of `bin/maskwatch analyze` on 120 s of 1280x720 H.264 whose unmasked seconds are known,
# and the latency of `events search` afterwards. Prints a report (bench/results/analyze-DATE.txt keeps one).
#   bench/analyze-recording.sh [WORKDIR] [FPS ...]      (default: a temporary folder; fps: default, 1, 5)
# Needs ../shared/datasets (the demo photos) and Debian's ffmpeg with libx264.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$(mktemp -d)}"
shift || true
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(default 1 5)
mw="$root/bin/maskwatch"
mkdir -p "$work"
export MASKWATCH_QUIET=1

echo "# analyze: 120 s of 1280x720 H.264 (libx264 High, 30 fps, B-frames, keyframe every 250 frames)"
echo "machine: $(nproc) cores; load before: $(uptime | sed 's/.*load average/load average/')"
if [ ! -f "$work/clip120.mp4" ]; then
  # Six photos, 20 s each: masked 0-20, unmasked 20-40, masked 40-60, unmasked 60-80, masked 80-100,
  # unmasked 100-120. Film grain on every frame, so each frame costs what a camera's does to decode.
  "$mw" demo --write-clip "$work/photos.mp4" --hold 20 >&2
  ffmpeg -hide_banner -loglevel error -y -i "$work/photos.mp4" -vf "fps=30,noise=alls=8:allf=t" -c:v libx264 \
    -preset veryfast -crf 23 -pix_fmt yuv420p -movflags +faststart "$work/clip120.mp4"
fi
ffprobe -v error -show_entries stream=codec_name,profile,width,height,r_frame_rate,nb_frames -show_entries format=duration,bit_rate \
  -of compact "$work/clip120.mp4"
echo "unmasked on screen: 20-40 s, 60-80 s, 100-120 s"
echo

for fps in "${rates[@]}"; do
  data="$work/data-$fps"
  rm -rf "$data"
  args=("$work/clip120.mp4" --camera bench --data "$data")
  [ "$fps" = default ] || args+=(--fps "$fps")
  echo "## bin/maskwatch analyze ${args[*]/$work\//}"
  echo "load before: $(uptime | sed 's/.*load average/load average/')"
  start=$(date +%s.%N)
  "$mw" analyze "${args[@]}" > "$work/events-$fps.jsonl" 2> "$work/stderr-$fps.txt"
  end=$(date +%s.%N)
  tr '\r' '\n' < "$work/stderr-$fps.txt" | grep -E "real time\)" || true
  python3 -c "w=$end-$start; print(f'wall time of the command (JVM start, models, analysis): {w:.1f} s = {120/w:.1f}x real time')"
  t0=$(date +%s.%N)
  "$mw" events search --data "$data" --recording "$work/clip120.mp4" --json --oldest-first > "$work/search-$fps.jsonl"
  t1=$(date +%s.%N)
  python3 - "$work/search-$fps.jsonl" "$t1 - $t0" <<'EOF'
import json, sys
unmasked = [(20, 40), (60, 80), (100, 120)]
events = [json.loads(l) for l in open(sys.argv[1])]
inside = [e for e in events if any(a <= e["media_offset_s"] < b for a, b in unmasked)]
print(f"events search --recording: {len(events)} event(s) in {eval(sys.argv[2]):.2f} s (whole command, JVM start included)")
for e in events:
    ok = "inside" if e in inside else "OUTSIDE"
    print(f"  {e['id']}: best frame at {e['media_offset_s']:.1f} s ({ok} an unmasked interval), peak {e['peak_score']}")
hit = [iv for iv in unmasked if any(iv[0] <= e["media_offset_s"] < iv[1] for e in events)]
print(f"unmasked intervals with an event: {len(hit)} of {len(unmasked)}; events outside them: {len(events) - len(inside)}")
EOF
  echo
done
echo "load after: $(uptime | sed 's/.*load average/load average/')"

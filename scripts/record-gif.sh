#!/usr/bin/env bash
# Records the acceptance GIFs of "Recording for slides" under Xvfb and extracts the first,
# middle and last frames as PNG to look at. Needs Xvfb, xdotool and ImageMagick.
#   scripts/record-gif.sh [OUT_DIR] [DISPLAY_NUMBER]
set -euo pipefail
out=${1:-target/gif}
num=${2:-99}
bin=target/release/perceptron-lab
mkdir -p "$out"
Xvfb ":$num" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb' EXIT
sleep 1
export DISPLAY=":$num"
# The pointer away from the plots (a hovered plot draws a crosshair).
xdotool mousemove 1279 799
"$bin" --record "$out/spiral.gif" --frames 30 --after-steps 3000 --dataset spiral
"$bin" --record "$out/xor.gif" --frames 24 --after-steps 2000 --dataset xor \
  --model mlp --hidden 2 --activation sigmoid --loss cross-entropy
for name in spiral xor; do
  n=$(identify "$out/$name.gif" | wc -l)
  # Frames after the first hold only what changed: draw them over the ones before.
  tmp=$(mktemp -d)
  convert "$out/$name.gif" -coalesce "$tmp/f-%02d.png"
  for i in 0 $((n / 2)) $((n - 1)); do
    cp "$(printf '%s/f-%02d.png' "$tmp" "$i")" "$(printf '%s/%s-frame-%02d.png' "$out" "$name" "$i")"
  done
  rm -r "$tmp"
  echo "$name: $n frames; first, middle and last in $out/$name-frame-*.png"
done

#!/bin/sh
# Regenerates sample.mp4, the clip the apiframe stand-in serves as every job's result.
#
# Why these settings:
#  - H.264 Constrained Baseline + yuv420p: the most widely decodable profile; Chromium plays it.
#  - +faststart: the moov atom goes first, so <video> can start from the first byte range.
#  - A short silent AAC track: the real model returns videos with sound, so players see audio too.
#  - Small size (320x180, 2 s, low bitrate) keeps the file well under 60 KB for the repo.
#  - -bitexact / -map_metadata -1 keep the output reproducible (no encoder-version or date tags).
set -eu
cd "$(dirname "$0")"
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=320x180:rate=24:duration=2" \
  -f lavfi -i "anullsrc=channel_layout=mono:sample_rate=22050" \
  -map 0:v -map 1:a -shortest \
  -c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p -preset veryslow -crf 30 -g 48 \
  -x264-params "bframes=0" \
  -c:a aac -b:a 24k -ac 1 \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
  -movflags +faststart \
  sample.mp4
ls -l sample.mp4

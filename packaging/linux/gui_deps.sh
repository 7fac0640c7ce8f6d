#!/usr/bin/env bash
# The system libraries Qt's window needs on Debian/Ubuntu (the xcb platform plugin of PySide6),
# checked by their files so that renamed packages (Ubuntu's «t64») do not matter. `make run`
# calls this first: as root it installs what is missing with apt-get; otherwise it stops and
# prints the one apt-get line to run. Elsewhere (no ldconfig, or not Linux) it does nothing.
set -u
[ "$(uname -s)" = "Linux" ] && command -v ldconfig >/dev/null 2>&1 || exit 0

# package:library — the library file that tells whether the package is there.
NEEDED="
libxcb-cursor0:libxcb-cursor.so.0
libxcb-icccm4:libxcb-icccm.so.4
libxcb-keysyms1:libxcb-keysyms.so.1
libxcb-image0:libxcb-image.so.0
libxcb-render-util0:libxcb-render-util.so.0
libxcb-xinerama0:libxcb-xinerama.so.0
libxcb-xkb1:libxcb-xkb.so.1
libxcb-shape0:libxcb-shape.so.0
libxcb-randr0:libxcb-randr.so.0
libxcb-xfixes0:libxcb-xfixes.so.0
libxcb-sync1:libxcb-sync.so.1
libxcb-shm0:libxcb-shm.so.0
libxkbcommon-x11-0:libxkbcommon-x11.so.0
libxkbcommon0:libxkbcommon.so.0
libx11-xcb1:libX11-xcb.so.1
libegl1:libEGL.so.1
libgl1:libGL.so.1
libfontconfig1:libfontconfig.so.1
libfreetype6:libfreetype.so.6
libdbus-1-3:libdbus-1.so.3
libglib2.0-0:libglib-2.0.so.0
"
known=$(ldconfig -p 2>/dev/null)
missing=""
for pair in $NEEDED; do
  package=${pair%%:*}
  library=${pair#*:}
  printf '%s\n' "$known" | grep -qF "$library " || missing="$missing $package"
done
# A font with Cyrillic letters, or the window shows boxes.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing the libraries the window needs:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
  exit $?
fi
echo "The window needs system libraries that are not installed. Run this one line, then make run again:" >&2
echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
exit 1

"""Which drives are «флешки»: removable drives as the system itself tells them, not guessed from
a letter (a D: data partition or a network drive is not one; the person picks it as a folder).

Windows: GetDriveTypeW(root) == DRIVE_REMOVABLE. Linux: block devices whose
/sys/block/<dev>/removable is 1, and where /proc/mounts has them (or their partitions) mounted.
macOS: volumes under /Volumes other than the start-up disk.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DRIVE_REMOVABLE = 2  # GetDriveTypeW's answer for a USB stick or a card reader
_OCTAL = re.compile(r"\\([0-7]{3})")


def removable_roots() -> list[Path]:
    """The mount points (drive roots) of the removable drives present now, in the system's order."""
    if sys.platform == "win32":
        import ctypes

        return windows_removable_roots(ctypes.windll.kernel32)
    if sys.platform == "darwin":
        volumes = Path("/Volumes")
        return sorted(p for p in volumes.iterdir() if not p.is_symlink()) if volumes.is_dir() else []
    return linux_removable_roots()


def windows_removable_roots(kernel32) -> list[Path]:
    """The roots («E:\\») of the letters whose drive type is DRIVE_REMOVABLE."""
    present = kernel32.GetLogicalDrives()
    roots = []
    for number in range(26):
        if present & (1 << number):
            root = f"{chr(ord('A') + number)}:\\"
            if kernel32.GetDriveTypeW(root) == DRIVE_REMOVABLE:
                roots.append(Path(root))
    return roots


def linux_removable_roots(
    sys_block: Path = Path("/sys/block"), mounts: Path = Path("/proc/mounts")
) -> list[Path]:
    """Where the removable block devices (and their partitions: sdb1, mmcblk0p1) are mounted."""
    try:
        removable = {
            device.name for device in sys_block.iterdir() if _read(device / "removable").strip() == "1"
        }
        table = mounts.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    roots = []
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 2 or not fields[0].startswith("/dev/"):
            continue
        if _whole_device(fields[0].removeprefix("/dev/"), removable) is not None:
            roots.append(Path(_OCTAL.sub(lambda m: chr(int(m.group(1), 8)), fields[1])))
    return roots


def _whole_device(name: str, devices: set[str]) -> str | None:
    """The device of `name` among `devices`: itself, or the disk it is a partition of."""
    if name in devices:
        return name
    for device in devices:
        rest = name.removeprefix(device)
        if rest != name and re.fullmatch(r"p?\d+", rest):
            return device
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""

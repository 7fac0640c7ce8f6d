"""«Флешка» is a removable drive as the system tells it (issue 22 item 4): a D: partition or a
network drive is not offered as one."""

from __future__ import annotations

from pathlib import Path

from app.core import drives
from ui.dialogs.folder_choice import FolderChoice


class FakeKernel32:
    """C: fixed, D: fixed (a data partition), E: a USB stick, F: a card, Z: a network drive."""

    TYPES = {"C:\\": 3, "D:\\": 3, "E:\\": 2, "F:\\": 2, "Z:\\": 4}

    def GetLogicalDrives(self) -> int:  # noqa: N802 — the Windows API's name
        return sum(1 << (ord(root[0]) - ord("A")) for root in self.TYPES)

    def GetDriveTypeW(self, root: str) -> int:  # noqa: N802
        return self.TYPES[root]


def test_windows_offers_only_drives_of_the_removable_type():
    assert drives.windows_removable_roots(FakeKernel32()) == [Path("E:\\"), Path("F:\\")]


def test_linux_offers_mounted_removable_block_devices(tmp_path):
    sys_block = tmp_path / "block"
    for name, removable in (("sda", "0"), ("sdb", "1"), ("mmcblk0", "1"), ("sr0", "1"), ("loop0", "0")):
        (sys_block / name).mkdir(parents=True)
        (sys_block / name / "removable").write_text(f"{removable}\n")
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "/dev/sda2 /home/data ext4 rw 0 0\n"
        "/dev/sdb1 /media/teacher/USB\\040STICK vfat rw 0 0\n"
        "/dev/mmcblk0p1 /run/media/teacher/CARD exfat rw 0 0\n"
        "//server/share /mnt/office cifs rw 0 0\n"
        "tmpfs /media/tmp tmpfs rw 0 0\n"
    )
    assert drives.linux_removable_roots(sys_block, mounts) == [
        Path("/media/teacher/USB STICK"),
        Path("/run/media/teacher/CARD"),
    ]


def test_linux_without_sys_offers_nothing(tmp_path):
    assert drives.linux_removable_roots(tmp_path / "no-sys", tmp_path / "no-mounts") == []


def test_the_choice_shows_removable_drives_as_buttons_and_others_not(qtbot, monkeypatch):
    monkeypatch.setattr(drives, "removable_roots", lambda: [Path("/")])
    choice = FolderChoice("Папка для пакета")
    qtbot.addWidget(choice)
    assert [b.text() for b in choice.drive_buttons] == ["Съёмный диск /"]
    with qtbot.waitSignal(choice.chosen) as chosen:
        choice.drive_buttons[0].click()
    assert chosen.args == [Path("/")]

    monkeypatch.setattr(drives, "removable_roots", lambda: [])
    choice.refresh_drives()
    assert choice.drive_buttons == []
    assert "Съёмных дисков не найдено" in choice.drives_label.text()

"""Check what the built Windows executables carry: the program's icon and its version information.

    python packaging/windows/check_exe.py dist/dnevnik/dnevnik.exe dist/dnevnik/dnevnik-cli.exe

Reads the PE files directly (no Windows API, no third-party module), so it runs anywhere; the
Windows workflow runs it after PyInstaller. Each executable must have:
- an icon group holding every image of resources/icons/dnevnik.ico (16, 24, 32, 48, 64 and
  256 px at least), each pointing to an icon image of that size;
- version information whose fixed block has the pyproject.toml version as numbers, and whose
  strings name the product and company «Дневник школы», that version, and the file's own name.
Prints what it found; exits 1 with the reasons when anything is missing or wrong.
"""

from __future__ import annotations

import struct
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ICO = ROOT / "resources" / "icons" / "dnevnik.ico"
REQUIRED_ICON_SIZES = {16, 24, 32, 48, 64, 256}
PRODUCT = "Дневник школы"
RT_ICON, RT_GROUP_ICON, RT_VERSION = 3, 14, 16
FIXED_FILE_INFO_SIGNATURE = 0xFEEF04BD


class NotAProgram(ValueError):
    """The file is not a PE executable, or its resources cannot be read."""


def _unpack(fmt: str, data: bytes, offset: int) -> tuple:
    try:
        return struct.unpack_from(fmt, data, offset)
    except struct.error as exc:
        raise NotAProgram(f"truncated at {offset}") from exc


def resources(data: bytes) -> dict[int, dict[int | str, bytes]]:
    """{resource type id: {resource id or name: data of its first language}} of a PE file."""
    if data[:2] != b"MZ":
        raise NotAProgram("no MZ header")
    (pe_offset,) = _unpack("<I", data, 0x3C)
    if data[pe_offset : pe_offset + 4] != b"PE\0\0":
        raise NotAProgram("no PE signature")
    sections_count, optional_size = _unpack("<2xH12xH", data, pe_offset + 4)
    optional = pe_offset + 24
    (magic,) = _unpack("<H", data, optional)
    if magic not in (0x10B, 0x20B):  # PE32, PE32+
        raise NotAProgram(f"unknown optional header {magic:#x}")
    directories = optional + (96 if magic == 0x10B else 112)
    resource_rva, _size = _unpack("<II", data, directories + 2 * 8)
    if not resource_rva:
        return {}
    sections = [_unpack("<8xIIII", data, optional + optional_size + 40 * n) for n in range(sections_count)]

    def file_offset(rva: int) -> int:
        for virtual_size, virtual_address, raw_size, raw_pointer in sections:
            if virtual_address <= rva < virtual_address + max(virtual_size, raw_size):
                return rva - virtual_address + raw_pointer
        raise NotAProgram(f"address {rva:#x} is in no section")

    base = file_offset(resource_rva)

    def entries(directory: int) -> list[tuple[int | str, int, bool]]:
        named, numbered = _unpack("<12xHH", data, base + directory)
        found = []
        for n in range(named + numbered):
            name, target = _unpack("<II", data, base + directory + 16 + 8 * n)
            if name & 0x80000000:
                (length,) = _unpack("<H", data, base + (name & 0x7FFFFFFF))
                start = base + (name & 0x7FFFFFFF) + 2
                key: int | str = data[start : start + 2 * length].decode("utf-16-le")
            else:
                key = name
            found.append((key, target & 0x7FFFFFFF, bool(target & 0x80000000)))
        return found

    table: dict[int, dict[int | str, bytes]] = {}
    for kind, kind_dir, kind_is_dir in entries(0):
        if not kind_is_dir or not isinstance(kind, int):
            continue
        for name, name_dir, name_is_dir in entries(kind_dir):
            languages = entries(name_dir) if name_is_dir else []
            if not languages or languages[0][2]:
                continue
            rva, size = _unpack("<II", data, base + languages[0][1])
            start = file_offset(rva)
            table.setdefault(kind, {})[name] = data[start : start + size]
    return table


def icon_sizes(table: dict[int, dict[int | str, bytes]]) -> tuple[list[int], list[str]]:
    """Sizes in the first icon group (the one Explorer shows), and what is wrong with it."""
    groups = table.get(RT_GROUP_ICON, {})
    if not groups:
        return [], ["no icon group (RT_GROUP_ICON): the executable has the default icon"]
    group = groups[sorted(groups, key=str)[0]]
    _reserved, kind, count = _unpack("<HHH", group, 0)
    problems = [] if kind == 1 else [f"icon group of type {kind}, not 1"]
    sizes = []
    for n in range(count):
        width, height, _colors, _r, _planes, _bits, size, icon_id = _unpack("<BBBBHHIH", group, 6 + 14 * n)
        side = width or 256
        sizes.append(side)
        image = table.get(RT_ICON, {}).get(icon_id)
        if image is None or len(image) != size:
            problems.append(f"the {side} px entry points to a missing icon image (id {icon_id})")
        elif image[:8] == b"\x89PNG\r\n\x1a\n":
            png_side = struct.unpack(">I", image[16:20])[0]
            if png_side != side:
                problems.append(f"the {side} px entry holds a {png_side} px PNG")
        elif _unpack("<i", image, 4)[0] != side:
            problems.append(f"the {side} px entry holds a bitmap of another size")
        if (height or 256) != side:
            problems.append(f"the {side} px entry is not square")
    return sizes, problems


@dataclass
class VersionInfo:
    fixed_file: tuple[int, int, int, int] = (0, 0, 0, 0)
    fixed_product: tuple[int, int, int, int] = (0, 0, 0, 0)
    strings: dict[str, str] = field(default_factory=dict)


def _block(data: bytes, offset: int) -> tuple[str, bytes, list[int], int]:
    """One node of VS_VERSIONINFO: (key, value bytes, offsets of its children, end)."""
    length, value_length, value_type = _unpack("<HHH", data, offset)
    if length < 6:
        raise NotAProgram(f"version node of length {length}")
    end = offset + length
    key_end = offset + 6
    while data[key_end : key_end + 2] != b"\0\0":
        key_end += 2
        if key_end >= end:
            raise NotAProgram("version node key without its end")
    key = data[offset + 6 : key_end].decode("utf-16-le")
    value_start = (key_end + 2 + 3) & ~3
    value_bytes = value_length * 2 if value_type == 1 else value_length
    value = data[value_start : value_start + value_bytes]
    children, child = [], (value_start + value_bytes + 3) & ~3
    while child < end:
        (child_length,) = _unpack("<H", data, child)
        if child_length == 0:
            break
        children.append(child)
        child = (child + child_length + 3) & ~3
    return key, value, children, end


def version_info(raw: bytes) -> VersionInfo:
    key, value, children, _end = _block(raw, 0)
    if key != "VS_VERSION_INFO" or len(value) < 52:
        raise NotAProgram(f"version resource starts with {key!r}")
    signature, _struct, file_ms, file_ls, product_ms, product_ls = struct.unpack_from("<6I", value)
    if signature != FIXED_FILE_INFO_SIGNATURE:
        raise NotAProgram(f"fixed file info signature {signature:#x}")
    info = VersionInfo(
        fixed_file=(file_ms >> 16, file_ms & 0xFFFF, file_ls >> 16, file_ls & 0xFFFF),
        fixed_product=(product_ms >> 16, product_ms & 0xFFFF, product_ls >> 16, product_ls & 0xFFFF),
    )
    for child in children:
        child_key, _value, tables, _ = _block(raw, child)
        if child_key != "StringFileInfo":
            continue
        for table in tables:
            for string in _block(raw, table)[2]:
                name, text, _, _ = _block(raw, string)
                info.strings.setdefault(name, text.decode("utf-16-le").rstrip("\0"))
    return info


def expected_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """The spec's rule (packaging/dnevnik.spec, version_file): numeric parts, padded to four."""
    numbers = [int(part) for part in version.split(".")[:4] if part.isdigit()]
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def check(path: Path, version: str, ico_sizes: set[int]) -> list[str]:
    """What is wrong with the executable at `path` (empty when nothing is)."""
    try:
        table = resources(path.read_bytes())
    except (OSError, NotAProgram) as exc:
        return [f"cannot read its resources: {exc}"]
    sizes, problems = icon_sizes(table)
    print(f"{path.name}: icon sizes {sorted(sizes)}")
    if sizes and not ico_sizes <= set(sizes):
        problems.append(f"icon lacks {sorted(ico_sizes - set(sizes))} px of {ICO.name}")
    versions = table.get(RT_VERSION, {})
    if not versions:
        return [*problems, "no version information (RT_VERSION)"]
    try:
        info = version_info(next(iter(versions.values())))
    except NotAProgram as exc:
        return [*problems, f"unreadable version information: {exc}"]
    print(f"{path.name}: file version {'.'.join(map(str, info.fixed_file))}, strings {info.strings}")
    numbers = version_numbers(version)
    for what, found in (("file", info.fixed_file), ("product", info.fixed_product)):
        if found != numbers:
            problems.append(f"fixed {what} version {found}, expected {numbers}")
    wanted = {
        "ProductName": PRODUCT,
        "CompanyName": PRODUCT,
        "ProductVersion": version,
        "FileVersion": version,
        "OriginalFilename": path.name,
        "InternalName": path.stem,
    }
    for name, value in wanted.items():
        if info.strings.get(name) != value:
            problems.append(f"{name} is {info.strings.get(name)!r}, expected {value!r}")
    return problems


def ico_file_sizes(path: Path) -> set[int]:
    data = path.read_bytes()
    _reserved, _kind, count = struct.unpack_from("<HHH", data, 0)
    return {(data[6 + 16 * n] or 256) for n in range(count)}


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ico_sizes = ico_file_sizes(ICO)
    if not REQUIRED_ICON_SIZES <= ico_sizes:
        print(f"{ICO} lacks {sorted(REQUIRED_ICON_SIZES - ico_sizes)} px", file=sys.stderr)
        return 1
    version = expected_version()
    failed = False
    for name in argv:
        for problem in check(Path(name), version, ico_sizes):
            print(f"{name}: {problem}", file=sys.stderr)
            failed = True
    print("executables: " + ("CHECK FAILED" if failed else f"icon and version {version} in place"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

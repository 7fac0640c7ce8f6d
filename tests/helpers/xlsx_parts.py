"""XLSX files written part by part, so a test can hand the importer exactly the broken XML,
shared strings, dimension or archive it wants (openpyxl would only ever write valid ones)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

from app.imports import RESULT_HEADERS

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def header_row() -> str:
    cells = "".join(text_cell(f"{chr(65 + i)}1", h) for i, h in enumerate(RESULT_HEADERS))
    return f'<row r="1">{cells}</row>'


def result_row(number: int, value: str | None = None) -> str:
    """ВПР 2021, математика, 5 класс, средняя оценка; `value` is the XML of cell G (3,56 if None)."""
    n = number
    value = value if value is not None else text_cell(f"G{n}", "3,56")
    return (
        f'<row r="{n}"><c r="A{n}"><v>2021</v></c>{text_cell(f"B{n}", "ВПР")}'
        f'{text_cell(f"C{n}", "математика")}<c r="D{n}"><v>5</v></c>'
        f"{text_cell(f'F{n}', 'средняя оценка')}{value}</row>"
    )


def sheet_xml(rows: str, dimension: str | None = "A1:G2") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
    return f"{head}{dim}<sheetData>{rows}</sheetData></worksheet>"


def shared_strings(*texts: str) -> str:
    items = "".join(f"<si><t>{escape(t)}</t></si>" for t in texts)
    return f'<sst xmlns="{MAIN}" count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>'


def write_xlsx(
    path: Path,
    sheet: str | bytes,
    strings: str | None = None,
    workbook: bool = True,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """A one-sheet workbook «Результаты» whose sheet1.xml is `sheet`, with shared strings if given."""
    overrides = [
        ("/xl/workbook.xml", f"{OFFICE}.sheet.main+xml"),
        ("/xl/worksheets/sheet1.xml", f"{OFFICE}.worksheet+xml"),
    ]
    rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>']
    parts: dict[str, str | bytes] = {}
    if strings is not None:
        overrides.append(("/xl/sharedStrings.xml", f"{OFFICE}.sharedStrings+xml"))
        rels.append(f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = strings
    parts["[Content_Types].xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{TYPES}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
        + "</Types>"
    )
    parts["_rels/.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    if workbook:
        parts["xl/workbook.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            '<sheets><sheet name="Результаты" sheetId="1" r:id="rId1"/></sheets></workbook>'
        )
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
    )
    parts["xl/worksheets/sheet1.xml"] = sheet
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def understate_size(path: Path, part: str, declared: int) -> None:
    """Make the archive claim that `part` unpacks to `declared` bytes (a bomb that lies): in its
    local header (size at offset 22, name at 30) and in the central directory (24 and 46)."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for signature, size_at, length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = data.find(signature)
        while start != -1:
            length = struct.unpack_from("<H", data, start + length_at)[0]
            if data[start + name_at : start + name_at + length] == name:
                struct.pack_into("<I", data, start + size_at, declared)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))


def ole_file(path: Path, streams: list[str]) -> Path:
    """An OLE compound file (what Excel writes for .xls and for a password-protected .xlsx): the
    header and a directory sector naming `streams`, as Excel's own files do."""
    header = bytearray(512)
    header[:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 44, 1, 1, 0, 4096)
    struct.pack_into("<II", header, 60, 0xFFFFFFFE, 0)
    struct.pack_into("<II", header, 68, 0xFFFFFFFE, 0)
    header[80:] = b"\xff" * (512 - 80)  # the one FAT sector is sector 0, listed at offset 76
    directory = bytearray(512)
    for index, name in enumerate(["Root Entry", *streams][:4]):
        entry = name.encode("utf-16-le") + b"\x00\x00"
        directory[index * 128 : index * 128 + len(entry)] = entry
        struct.pack_into("<H", directory, index * 128 + 64, len(entry))
        directory[index * 128 + 66] = 5 if index == 0 else 2
    fat = bytearray(struct.pack("<II", 0xFFFFFFFD, 0xFFFFFFFE) + b"\xff" * 504)
    payload = zlib.compress(b"\x00" * 64)  # stands for the encrypted or BIFF8 bytes
    path.write_bytes(bytes(header) + fat + directory + payload.ljust(512, b"\x00"))
    return path

"""A tiny PNG reader and writer for the screenshot tests (8-bit RGB/RGBA, not interlaced: what
Chromium writes): the colour of a pixel, and a crop of the picture."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class Image:
    width: int
    height: int
    channels: int  # 3 (RGB) or 4 (RGBA)
    rows: list[bytes]

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        start = x * self.channels
        red, green, blue = self.rows[y][start : start + 3]
        return red, green, blue


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data.startswith(SIGNATURE), "not a PNG file"
    chunks, at = [], len(SIGNATURE)
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + length]))
        at += 12 + length
    return chunks


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(kind: int, line: bytearray, prior: bytes, step: int) -> bytes:
    for i in range(len(line)):
        left = line[i - step] if i >= step else 0
        up = prior[i] if prior else 0
        corner = prior[i - step] if prior and i >= step else 0
        add = (0, left, up, (left + up) // 2, _paeth(left, up, corner))[kind]
        line[i] = (line[i] + add) & 0xFF
    return bytes(line)


def read(path: Path, width: int | None = None, height: int | None = None) -> Image:
    """The picture, or only its top-left ``width`` × ``height`` (quicker: pure Python)."""
    chunks = _chunks(path.read_bytes())
    full_w, full_h, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert depth == 8 and color in (2, 6) and not interlace, "an 8-bit RGB(A) PNG"
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    width, height = min(width or full_w, full_w), min(height or full_h, full_h)
    stride, kept = full_w * channels, width * channels
    rows: list[bytes] = []
    for y in range(height):
        start = y * (stride + 1)
        line = bytearray(raw[start + 1 : start + 1 + kept])
        rows.append(_unfilter(raw[start], line, rows[-1] if rows else b"", channels))
    return Image(width, height, channels, rows)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def write(image: Image, path: Path) -> None:
    color = 2 if image.channels == 3 else 6
    header = struct.pack(">IIBBBBB", image.width, image.height, 8, color, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in image.rows)
    path.write_bytes(
        SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 6))
        + _chunk(b"IEND", b"")
    )

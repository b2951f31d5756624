"""Draw the app's icons: a white heart on the unit's blue, in a rounded square.

Pure standard library (zlib + struct), so no image library is needed:

    python bench/make_icons.py      # writes coordinator/static/icons/

Writes icon.svg, icon-192.png, icon-512.png and favicon.ico (a 32x32 PNG inside an ICO
container, which every browser reads).
"""

import math
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "coordinator" / "static" / "icons"
BLUE = (29, 106, 150)
WHITE = (255, 255, 255)

SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<rect width="100" height="100" rx="22" fill="#1d6a96"/>
<path d="M50 78 C20 58 18 36 32 29 C41 25 48 30 50 37 C52 30 59 25 68 29 C82 36 80 58 50 78 Z"
 fill="#ffffff"/>
</svg>
"""


def _in_heart(x: float, y: float) -> bool:
    # The classic implicit heart curve, scaled to the unit square (y grows downwards).
    u = (x - 0.5) * 3.6
    v = (0.53 - y) * 3.6
    return (u * u + v * v - 1) ** 3 - u * u * v ** 3 <= 0


def _in_rounded_square(x: float, y: float, radius: float = 0.22) -> bool:
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return math.hypot(x - cx, y - cy) <= radius


def pixels(size: int) -> list[bytes]:
    rows = []
    for j in range(size):
        row = bytearray([0])  # PNG filter: none
        for i in range(size):
            x, y = (i + 0.5) / size, (j + 0.5) / size
            if not _in_rounded_square(x, y):
                row += bytes((0, 0, 0, 0))
            elif _in_heart(x, y):
                row += bytes((*WHITE, 255))
            else:
                row += bytes((*BLUE, 255))
        rows.append(bytes(row))
    return rows


def png(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    data = zlib.compress(b"".join(pixels(size)), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(
        b"IEND", b""
    )


def ico(png_bytes: bytes, size: int) -> bytes:
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(png_bytes), 6 + 16)
    return header + entry + png_bytes


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon.svg").write_text(SVG)
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(size))
    (OUT / "favicon.ico").write_bytes(ico(png(32), 32))


if __name__ == "__main__":
    main()

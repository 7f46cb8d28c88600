#!/usr/bin/env python3
# png_stats.py FILE.png - print "WIDTH HEIGHT NONWHITE_PERCENT COLOURS" of an
# 8-bit RGB/RGBA PNG (what headless Chromium writes), decoding it with the
# standard library only: zlib and the five PNG row filters.
import struct
import sys
import zlib


def rows(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("not a PNG")
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype = hdr[0], hdr[1], hdr[2], hdr[3]
    if depth != 8 or ctype not in (2, 6):
        raise SystemExit("unsupported PNG (depth %d, colour type %d)" % (depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw, stride, prev, out = zlib.decompress(idat), w * bpp, bytearray(w * bpp), []
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append((line, bpp))
        prev = line
    return w, h, out


w, h, out = rows(sys.argv[1])
nonwhite, colours = 0, set()
for line, bpp in out[::4]:
    for x in range(0, w * bpp, 4 * bpp):
        px = bytes(line[x:x + 3])
        colours.add(px)
        nonwhite += px != b"\xff\xff\xff"
total = len(out[::4]) * len(range(0, w * bpp, 4 * bpp))
print(w, h, round(100.0 * nonwhite / max(total, 1), 2), len(colours))

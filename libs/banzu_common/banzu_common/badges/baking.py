"""Badge images carrying their credential (Open Badges 3.0 §5.3, "baking"): an SVG with an
`openbadges:credential` element whose `verify` attribute is the JWT, or a PNG with an
`openbadgecredential` iTXt chunk. Reading an upload finds the JWT in either, or in plain text."""
from __future__ import annotations

import struct
import zlib
from xml.etree.ElementTree import ParseError  # nosec B405 - only the exception type; parsing is defusedxml's

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from .vc_jwt import COMPACT_JWT

SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
PNG_KEYWORD = b"openbadgecredential"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_TEXT = 256 * 1024  # a credential is a few kilobytes; a compressed chunk is not inflated past this


def baked_svg(svg: str, token: str) -> bytes:
    """`svg` (a whole SVG document made by this project) with `token` baked in before its end."""
    if not COMPACT_JWT.fullmatch(token):
        raise ValueError("only a compact JWT is baked")
    element = f'<openbadges:credential xmlns:openbadges="{SVG_NAMESPACE}" verify="{token}"/>'
    head, end, tail = svg.rpartition("</svg>")
    if not end:
        raise ValueError("not an SVG document")
    return (head + element + end + tail).encode("utf-8")


def token_in(content: bytes) -> str | None:
    """The credential an uploaded badge file carries: a PNG's chunk, an SVG's element, or the text of
    a .jwt file. None when there is none."""
    if content.startswith(PNG_SIGNATURE):
        return _token_in_png(content)
    text = content.decode("utf-8", errors="replace").strip().lstrip("\ufeff")
    if text.startswith("<"):
        return _token_in_svg(text)
    return text if COMPACT_JWT.fullmatch(text) else None


def _token_in_svg(text: str) -> str | None:
    try:
        root = ElementTree.fromstring(text, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError):
        return None
    for element in root.iter(f"{{{SVG_NAMESPACE}}}credential"):
        token = (element.get("verify") or element.text or "").strip()
        return token if COMPACT_JWT.fullmatch(token) else None
    return None


def _token_in_png(content: bytes) -> str | None:
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(content):
        length, kind = struct.unpack(">I4s", content[position:position + 8])
        data = content[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IEND":
            break
        if kind == b"iTXt" and data.startswith(PNG_KEYWORD + b"\0"):
            return _itxt_text(data[len(PNG_KEYWORD) + 1:])
    return None


def _itxt_text(rest: bytes) -> str | None:
    """The text of an iTXt chunk after its keyword: compression flag and method, language tag and
    translated keyword (both NUL-ended), then the text."""
    if len(rest) < 2:
        return None
    compressed, body = rest[0] == 1, rest[2:]
    parts = body.split(b"\0", 2)
    if len(parts) != 3:
        return None
    text = parts[2]
    if compressed:
        inflater = zlib.decompressobj()
        try:
            text = inflater.decompress(text, MAX_TEXT)
        except zlib.error:
            return None
        if inflater.unconsumed_tail:
            return None
    token = text.decode("utf-8", errors="replace").strip()
    return token if COMPACT_JWT.fullmatch(token) else None

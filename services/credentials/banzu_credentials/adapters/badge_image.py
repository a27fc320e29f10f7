"""The picture of a badge: an SVG medal naming the achievement and its holder, in both languages,
into which the credential is baked (banzu_common.badges.baking)."""
from __future__ import annotations

from xml.sax.saxutils import escape  # nosec B406 - escapes text we write; parses nothing

from banzu_credentials.domain.badges import CERTIFICATE, PRIZE, BadgeContent

COLOURS = {CERTIFICATE: "#1d4ed8", PRIZE: "#b45309"}  # a skill level takes the default
DEFAULT_COLOUR = "#047857"
KIND_WORDS = {CERTIFICATE: "证书 · Certificate", PRIZE: "竞赛奖项 · Contest prize"}
DEFAULT_KIND_WORDS = "技能等级 · Skill level"


def badge_svg(content: BadgeContent) -> str:
    colour = COLOURS.get(content.kind, DEFAULT_COLOUR)
    lines = [(content.names.zh, 17, 700), (content.names.en, 12, 400),
             (content.holder.name or "", 15, 700), (content.holder.employee_no, 12, 400),
             (KIND_WORDS.get(content.kind, DEFAULT_KIND_WORDS), 11, 400)]
    texts = "".join(
        f'<text x="160" y="{y}" font-size="{size}" font-weight="{weight}" text-anchor="middle">{escape(_short(text))}'
        f'</text>' for (text, size, weight), y in zip(lines, (196, 216, 250, 268, 296)) if text)
    title = escape(f"{content.names.zh} — {content.holder.name or content.holder.employee_no}")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="320" viewBox="0 0 320 320" role="img" '
        f'aria-label="{title}"><title>{title}</title>'
        '<rect width="320" height="320" rx="24" fill="#ffffff" stroke="#d1d5db"/>'
        f'<circle cx="160" cy="96" r="64" fill="{colour}"/>'
        '<circle cx="160" cy="96" r="50" fill="none" stroke="#ffffff" stroke-width="4"/>'
        '<path d="M160 62 l10 22 24 3 -18 16 5 24 -21 -12 -21 12 5 -24 -18 -16 24 -3z" fill="#ffffff"/>'
        f'<g font-family="sans-serif" fill="#111827">{texts}</g></svg>')


def _short(text: str, most: int = 28) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"

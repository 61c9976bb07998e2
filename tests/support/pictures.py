"""What a resident sees of pictograms, pictures and text direction, read from the
rendered page: the browser tests of pictograms and of right-to-left pages."""

import os
import subprocess
from pathlib import Path

from tests.support.servers import ROOT

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
#: screenshots of the journeys (git-ignored), to look at what the tests saw
SHOTS = ROOT / "test-results"

#: every pictogram of the page: its drawn box, its name and whether a screen
#: reader is kept from it
#: every pictogram the page shows (one in a control that print hides, or in a
#: closed disclosure, shows nothing and is not asked to)
ICONS = """() => [...document.querySelectorAll('svg.icon')]
  .filter(svg => svg.checkVisibility()).map(svg => {
  const box = svg.getBoundingClientRect();
  const drawing = svg.querySelector('path').getBBox();
  return {
    icon: svg.dataset.icon, width: box.width, height: box.height,
    drawn: drawing.width * drawing.height, role: svg.getAttribute('role'),
    name: svg.getAttribute('aria-label') || '',
    hidden: !!svg.closest('[aria-hidden="true"]'),
  };
})"""
#: text characters that only a colour-emoji font draws
EMOJI_TEXT = r"""() => {
  const emoji = new RegExp('[\\u{1F000}-\\u{1FAFF}\\u{2600}-\\u{27BF}' +
    '\\u{2B00}-\\u{2BFF}\\u{2190}-\\u{21FF}\\u{2300}-\\u{23FF}' +
    '\\u{FE0F}\\u{2139}]', 'u');
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.replace(/[\u2713\u2192\u2190]/g, '');
    if (emoji.test(text)) found.push(text.trim().slice(0, 40));
  }
  return found;
}"""
#: every text of every SVG picture that lies (by more than a pixel) outside it
SVG_TEXT_OUTSIDE = """() => {
  const out = [];
  for (const text of document.querySelectorAll('svg text')) {
    const svg = text.ownerSVGElement;
    const frame = svg.getBoundingClientRect();
    const box = text.getBoundingClientRect();
    if (!box.width || !frame.width) continue;
    if (box.left < frame.left - 1 || box.right > frame.right + 1 ||
        box.top < frame.top - 1 || box.bottom > frame.bottom + 1) {
      out.push({text: text.textContent.trim(),
                box: [box.left, box.right, box.top, box.bottom],
                picture: [frame.left, frame.right, frame.top, frame.bottom]});
    }
  }
  return out;
}"""
#: every element that sticks out of the viewport sideways (the hidden ones aside)
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.visually-hidden, .skip, [hidden]')) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    if (box.right > width + 1 || box.left < -1) {
      out.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className}: ` +
               `${Math.round(box.left)}..${Math.round(box.right)} of ${width}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 8)};
}"""
#: where an element's last character is drawn beside the one before it: a
#: left-to-right Dutch "Wat plan je?" keeps its "?" right after the "e"
ENDS_WITH = """(element, last) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let end = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeValue.trim()) end = node;
  }
  const stop = end.nodeValue.lastIndexOf(last);
  const range = document.createRange();
  range.setStart(end, stop - 1); range.setEnd(end, stop);
  const before = range.getBoundingClientRect();
  range.setStart(end, stop); range.setEnd(end, stop + 1);
  const mark = range.getBoundingClientRect();
  return {before: before.left, last: mark.left, text: element.textContent.trim()};
}"""


def font_profile_without_emoji(folder: Path) -> dict[str, str]:
    """Return the environment of a browser that sees DejaVu only (no emoji font)."""
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{DEJAVU}</dir><cachedir>{folder / 'cache'}</cachedir>"
        "</fontconfig>\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    listed = subprocess.run(
        ["fc-list", ":", "family"], env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert listed, "fontconfig found no font at all"
    assert all("DejaVu" in family for family in listed), listed
    return env


def icons_shown(page, staff: bool = False) -> list[dict]:
    """Return the page's pictograms; fail on any that shows nothing or has no name.

    A staff page may also show a pictogram as decoration beside words that say
    it all (hidden from screen readers, with no name of its own).
    """
    icons = page.evaluate(ICONS)

    def named(i):
        return i["role"] == "img" and i["name"].strip() and not i["hidden"]

    def decoration(i):
        return staff and i["hidden"] and not i["role"] and not i["name"]

    bad = [
        i
        for i in icons
        if i["width"] < 8
        or i["height"] < 8
        or i["drawn"] <= 0
        or not (named(i) or decoration(i))
    ]
    assert bad == [], f"{page.url}: {bad}"
    assert page.evaluate(EMOJI_TEXT) == [], page.url
    return icons


def shoot(page, folder: str, name: str) -> None:
    (SHOTS / folder).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / folder / f"{name}.png", full_page=True)

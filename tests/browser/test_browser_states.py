"""Every control stays readable when hovered, focused from the keyboard, or pressed, light and dark.

axe-core measures a page as it rests; these states it never sees. Here each control is put in each state the
way a reader does it (the mouse over it, keyboard focus, the mouse button held down), and its text is
measured against what is really behind it: at least 4.5:1 (WCAG 1.4.3), 3:1 for an icon without text
(1.4.11). A keyboard focus must show, with an outline (or a fill) of at least 3:1 against what is around
the control (2.4.7, 1.4.11).

Controls are every link, button, field, choice and summary a reader can reach, Material's header, sidebars
and footer included; controls that look alike (same place, same classes, same colours at rest) are measured
once. Disabled controls are left out, as WCAG leaves them out.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Browser, ElementHandle, Page, expect
from support import NO_SERVICE_WORKERS, READY

pytestmark = pytest.mark.browser
TEXT = 4.5  # WCAG 1.4.3, text
NON_TEXT = 3.0  # WCAG 1.4.11, icons and focus indicators

# The controls a reader can reach with the keyboard inside ``scope``, one of each kind, and what each shows:
# a choice's input shows itself through its label, and a visually hidden input (Material's colour-scheme
# toggle) through the label after it. Controls alike (same place, classes and colours at rest, and the same
# names in ``required``) are one kind.
FIND = """([scope, required]) => {
  const shown = (element) => {
    if (!element || !element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const box = element.getBoundingClientRect();
    return box.width >= 2 && box.height >= 2;
  };
  const kinds = new Map();
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]";
  for (const element of document.querySelector(scope).querySelectorAll(selector)) {
    if (element.disabled || element.tabIndex < 0 || element.closest("[inert]") || !element.checkVisibility()) continue;
    let face = element;
    if (element.matches("input[type=radio], input[type=checkbox]") || !shown(element)) {
      const next = element.nextElementSibling;
      const labels = [...(element.labels ?? [])];
      face = element.closest("label") ?? labels.find(shown) ?? (next?.matches("label") ? next : null);
    }
    if (!shown(face)) continue;
    const named = required.filter((name) => element.matches(name) || face.matches(name));
    const place = face.closest(".md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .md-content, .md-banner");
    const style = getComputedStyle(face);
    const likeness = [place?.className, element.tagName, element.type, element.className, face.className,
      face.parentElement.className, style.color, style.fontWeight, ...named].join("|");
    const words = element.getAttribute("aria-label") || face.getAttribute("title") || face.textContent || element.value;
    const classes = [...element.classList].filter((name) => name !== "focus-visible").join(".");
    const said = (words || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    const name = `${element.tagName.toLowerCase()}${classes ? "." + classes : ""} "${said}"`;
    if (!kinds.has(likeness)) kinds.set(likeness, { element, face, likeness, named, name });
  }
  return [...kinds.values()];
}"""

# What one control looks like now: the lowest contrast of the text it shows (or of its icon), its focus
# indicator, and the states it is in. Colours are read through a canvas (any CSS colour syntax), composited
# over the backgrounds behind them and through the opacity of the elements in between.
LOOK = """([element, face, before]) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const paint = canvas.getContext("2d", { willReadFrequently: true });
  const rgba = (colour) => {
    paint.clearRect(0, 0, 1, 1);
    paint.fillStyle = "#000";
    paint.fillStyle = colour;
    paint.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = paint.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = (top, under, alpha = top[3]) => [0, 1, 2].map((i) => top[i] * alpha + under[i] * (1 - alpha));
  // The colour behind a node, and how much of what it paints shows (the opacities between).
  const behind = (node) => {
    const layers = [];
    let opacity = 1;
    for (let n = node; n; n = n.parentElement) {
      const style = getComputedStyle(n);
      const colour = rgba(style.backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
      if (!layers.length) opacity *= Number(style.opacity);
    }
    return { colour: layers.reduceRight((under, top) => over(top, under), [255, 255, 255]), opacity };
  };
  const luminance = (colour) =>
    colour
      .map((c) => c / 255)
      .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const hex = (colour) => "#" + colour.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");
  // A colour painted by ``node`` as seen over ``back`` (by default, what is behind the node).
  const measure = (node, colour, back = behind(node)) => {
    const fore = rgba(colour);
    const seen = over(fore, back.colour, fore[3] * back.opacity);
    return { ratio: ratio(seen, back.colour), colour: `${hex(seen)} on ${hex(back.colour)}` };
  };
  // Every element of the face that shows text of its own (a field shows its value).
  const writes = (node) =>
    node.checkVisibility({ opacityProperty: true }) &&
    ([...node.childNodes].some((child) => child.nodeType === 3 && child.textContent.trim()) ||
      node.matches("input:not([type=radio]):not([type=checkbox]), select, textarea"));
  const texts = [face, ...face.querySelectorAll("*")].filter(writes);
  const icon = !texts.length && face.querySelector("svg");
  const shown = (icon ? [icon] : texts).map((node) => measure(node, getComputedStyle(node).color));
  const text = shown.sort((a, b) => a.ratio - b.ratio)[0] ?? null;
  // The focus indicator: an outline on the focused element, or on the face that shows it.
  const ring = [element, face]
    .map((node) => ({ node, style: getComputedStyle(node) }))
    .find(({ style }) => style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0);
  // What shows around a node: the colour behind its parent, through the node's own opacity too.
  const outside = (node) => {
    const back = behind(node.parentElement);
    return { ...back, opacity: back.opacity * Number(getComputedStyle(node).opacity) };
  };
  const fill = behind(face).colour;
  const indicator = ring
    ? { ratio: measure(ring.node, ring.style.outlineColor, outside(ring.node)).ratio, how: "outline" }
    : { ratio: ratio(fill, before ?? fill), how: `fill ${hex(fill)}, was ${hex(before ?? fill)}` };
  return {
    fill,
    text,
    icon: Boolean(icon),
    indicator,
    hover: face.matches(":hover"),
    focus: element.matches(":focus-visible") || element.matches(".focus-visible"),
    active: face.matches(":active") || element.matches(":active"),
  };
}"""

CENTRE = """face => {
  face.scrollIntoView({ block: "center", inline: "center" });
  const box = face.getClientRects()[0]; // a link that wraps: the middle of its first line
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  const hit = document.elementFromPoint(x, y);
  return hit && (face.contains(hit) || face.control === hit) ? [x, y] : null;
}"""

CALM = "() => { document.activeElement?.blur(); }"
# Two frames, then no animation running: what a state change sets off (Material opens its search from the
# field's focus event, on a later frame) is on screen before anything is measured, however busy the machine.
SETTLE = """() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(async () => {
  await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => {})));
  done();
})))"""
STATES = ("hovered", "focused", "pressed")


@dataclass
class Findings:
    """What a test found: every failure, the states each control asked for by name was measured in, and
    the likeness of every control measured (one of a kind is enough)."""

    where: str
    problems: list[str] = field(default_factory=list)
    measured: dict[str, set[str]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    def judge(self, name: str, state: str, look: dict[str, Any]) -> None:
        text = look["text"]
        what, minimum = ("icon", NON_TEXT) if look["icon"] else ("text", TEXT)
        if text and text["ratio"] < minimum:
            self.problems.append(f"{self.where}: {name} {state}: {what} {text['ratio']:.2f}:1 ({text['colour']})")

    def judge_focus(self, name: str, look: dict[str, Any]) -> None:
        indicator = look["indicator"]
        if not look["focus"]:
            self.problems.append(f"{self.where}: {name} focused: no visible focus")
        elif indicator["ratio"] < NON_TEXT:
            self.problems.append(f"{self.where}: {name} focused: {indicator['how']} {indicator['ratio']:.2f}:1")


def look(page: Page, pair: list[ElementHandle], before: list[float] | None = None) -> dict[str, Any]:
    page.evaluate(SETTLE)
    return page.evaluate(LOOK, [*pair, before])


def away(page: Page) -> None:
    """The mouse where it hovers no control: the page's left edge, half way down."""
    page.mouse.move(0, page.viewport_size["height"] // 2)


def calm(page: Page) -> None:
    """No control open, focused or under the mouse."""
    page.keyboard.press("Escape")
    page.evaluate(CALM)
    away(page)


def walk(page: Page, found: Findings, scope: str, required: tuple[str, ...]) -> None:
    """Puts every kind of control in ``scope`` in each state, and records what fails."""
    calm(page)
    kinds = page.evaluate_handle(FIND, [scope, list(required)])
    for index in range(kinds.evaluate("kinds => kinds.length")):
        kind = kinds.evaluate_handle(f"kinds => kinds[{index}]")
        likeness, named, name = kind.evaluate("kind => [kind.likeness, kind.named, kind.name]")
        pair = [kind.evaluate_handle(f"kind => kind.{side}").as_element() for side in ("element", "face")]
        element, face = pair
        if likeness in found.seen or not face.evaluate("face => face.isConnected && face.checkVisibility()"):
            continue  # measured on an earlier page, or hidden by a control measured before it
        found.seen.add(likeness)
        rest = look(page, pair)
        measured = set()

        # Hovered: the mouse over the middle of what the control shows, if nothing covers it there.
        if centre := face.evaluate(CENTRE):
            page.mouse.move(*centre)
            if (seen := look(page, pair))["hover"]:
                found.judge(name, "hovered", seen)
                measured.add("hovered")
            away(page)

        # Focused from the keyboard: a key pressed first, so the browser shows focus as it does after Tab.
        page.keyboard.press("Shift")
        element.focus()
        seen = look(page, pair, rest["fill"])
        found.judge_focus(name, seen)
        if seen["focus"]:
            found.judge(name, "focused", seen)
            measured.add("focused")
        calm(page)

        # Pressed: the mouse button held down, then moved away before it is let go (so nothing is clicked).
        if face.evaluate("face => face.checkVisibility()") and (centre := face.evaluate(CENTRE)):
            page.mouse.move(*centre)
            page.mouse.down()
            seen = look(page, pair)
            away(page)
            page.mouse.up()
            if seen["active"]:
                found.judge(name, "pressed", seen)
                measured.add("pressed")
            calm(page)
        for selector in named:
            found.measured.setdefault(selector, set()).update(measured)


def visit(
    page: Page,
    found: Findings,
    url: str,
    required: tuple[str, ...],
    prepare: Callable[[Page], None],
    scope: str = "body",
) -> None:
    """Opens ``url``, makes it ready (``prepare``), and walks its controls. Every control named in
    ``required`` must be measured in every state: a test that found none of them would prove nothing."""
    context = found.where
    found.where = f"{context} {url.split('/', 3)[-1] or '/'}"
    page.goto(url)
    prepare(page)
    walk(page, found, scope, required)
    for selector in required:
        if missing := [state for state in STATES if state not in found.measured.get(selector, set())]:
            found.problems.append(f"{found.where}: {selector} not measured {missing}")
    found.where = context


def ready(page: Page) -> None:
    """Every quiz on the page can be checked."""
    for quiz in page.locator(".qz-quiz").all():
        quiz.scroll_into_view_if_needed()
        expect(quiz).to_have_attribute("data-qz-engine", "ready", timeout=READY)


def checked_and_shared(page: Page) -> None:
    """The knowledge check answered, checked and its share box open: every quiz button is on show."""
    ready(page)
    page.locator("#qz-quick-quiz-q1 input").first.check()
    page.locator("#qz-quick-quiz .qz-check").click()
    expect(page.locator("#qz-quick-quiz .qz-result")).not_to_have_text("", timeout=READY)
    page.locator("#qz-quick-quiz .qz-share").click()
    expect(page.locator("#qz-quick-quiz .qz-copy")).to_be_visible()


def saved(page: Page) -> None:
    expect(page.locator(".qz-my-results-table a").first).to_be_visible()


QUIZ = (".qz-check", ".qz-clear", ".qz-share", ".qz-copy", ".qz-show-hint", ".qz-move", ".qz-choice label")
PAGES = [
    ("quiz/", (*QUIZ, ".qz-share-link", ".md-footer__link", ".md-typeset p a"), checked_and_shared),
    ("self-assessment/", (".qz-likert label", ".qz-context label"), ready),
    ("contribute/writing-quizzes/", (".qz-blank", ".qz-match select", ".qz-typed textarea"), ready),
    ("my-results/", (".qz-clear-all", ".qz-my-results-table a"), saved),  # after the knowledge check's result
]
# On a phone, Material's header, menu and footer change, and the quiz's buttons wrap; no colour changes.
PHONE_PAGES = [PAGES[0], PAGES[-1]]


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)])
def test_every_control_is_readable_when_hovered_focused_and_pressed(
    browser: Browser, site_url: str, scheme: str, width: int
):
    # Without motion: a colour is measured where it ends, not half way through one of Material's transitions.
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": width, "height": 800}, reduced_motion="reduce"
    )
    found = Findings(f"{scheme} {width}px")
    try:
        page = context.new_page()
        for path, required, prepare in PAGES if width > 600 else PHONE_PAGES:
            visit(page, found, site_url + path, required, prepare)
    finally:
        context.close()
    assert not found.problems, "\n".join(found.problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_retry_button_is_readable_in_every_state(browser: Browser, site_url: str, scheme: str):
    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce")
    context.add_init_script(NO_SERVICE_WORKERS)  # page.route below: see the page fixture in conftest.py
    found = Findings(scheme)

    def failed(page: Page) -> None:
        page.locator(".qz-quiz").first.scroll_into_view_if_needed()
        expect(page.locator(".qz-retry")).to_be_visible(timeout=15_000)

    try:
        page = context.new_page()
        page.add_init_script("window.quizReadyTimeoutMs = 2000")
        page.route("**/pyodide.asm.wasm", lambda route: route.abort())
        visit(page, found, site_url + "quiz/", (".qz-retry",), failed, scope=".qz-quiz")
    finally:
        context.close()
    assert not found.problems, "\n".join(found.problems)

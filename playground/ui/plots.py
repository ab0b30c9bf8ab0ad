"""Plots on the page: plotly.js draws each figure into a div that stays, and redraws it in
place with `Plotly.react` when the figure changes.

`gr.Plot` recreates its whole plot for every new value (a keyed block around a fresh
plotly component), so the old plot was drawn once more before it was thrown away and the
new one was drawn from nothing: 10-17 ms per plot, twice, for each of the page's five to
eight plots, and a relayout of each 100 ms later. That, not the server, was most of the
browser's round trip. A `gr.HTML` whose template never changes keeps its element, so a
watch on its value can hand plotly.js the new figure to diff against the one on screen.

plotly.js itself is the copy inside the plotly package the app already depends on, served
by the app (`PlotlyScript`): the page never fetches anything from elsewhere.
"""

from __future__ import annotations

import gzip
from importlib.util import find_spec
from pathlib import Path

import gradio as gr

from playground.render import figures
from playground.ui.middleware import ASGIApp, Receive, Scope, Send, answer
from playground.ui.outputs import Plot, in_group

SCRIPT_PATH = "/playground/plotly.min.js"
SCRIPT_URL = SCRIPT_PATH.lstrip("/")  # relative: it also works under a proxy's root path


def plotly_js_file() -> Path:
    """The plotly.js bundled with the pinned plotly package (plotly.py 7.1.0: plotly.js 4.1)."""
    spec = find_spec("plotly")
    if spec is None or spec.origin is None:
        raise RuntimeError("the plotly package is not installed")
    return Path(spec.origin).parent / "package_data" / "plotly.min.js"


# Runs once per plot when gradio mounts it. `props.value` is the figure as JSON (or empty);
# a ResizeObserver resizes the plot whenever its box changes (a tab or a hidden row shown,
# a window resized), which plotly's own `responsive` only does for the window.
DRAW_JS = r"""
const view = element.querySelector(".lp-plot");
// not plotly's `responsive`: its resize re-measures the height too, from a container whose
// height is the plot's own, and a plot resized while its row was re-laid out collapsed to 0
const config = {displaylogo: false};
let height = 0;
const MAIN = ["plot-input", "plot-output"];
const main = MAIN.some((id) => element.closest("#" + id));  // the input or the output: kept to the screen
// a title and its caption, wrapped again for the width at hand: figures.py wraps them for the
// normal font, and at projector sizes those lines ran past the plot's right edge
const PLOTLY_FONT = '"Open Sans", verdana, arial, sans-serif';  // plotly.js' own, where a figure names none
const canvas = document.createElement("canvas").getContext("2d");
const measure = (text, px, family) => { canvas.font = `${px}px ${family}`; return canvas.measureText(text).width; };
const tokens = (text) => {  // words, a bracket such as (6, 1, 5, 5) kept whole
  const out = [];
  let depth = 0;
  text.split(" ").filter(Boolean).forEach((word) => {
    if (depth > 0) out[out.length - 1] += " " + word; else out.push(word);
    depth += (word.match(/[([]/g) || []).length - (word.match(/[)\]]/g) || []).length;
  });
  return out;
};
const wrapTo = (text, px, room, family) => {
  const lines = [];
  tokens(text).forEach((word) => {
    const last = lines.length - 1;
    if (last >= 0 && measure(lines[last] + " " + word, px, family) <= room) lines[last] += " " + word;
    else lines.push(word);
  });
  return lines;
};
const rewrap = (layout) => {
  const title = layout.title;
  if (!title || !title.text || !title.font) return;
  const template = (layout.template && layout.template.layout) || {};
  const family = [title.font, layout.font, template.title && template.title.font, template.font]
    .map((font) => font && font.family).find(Boolean) || PLOTLY_FONT;
  const room = (view.clientWidth || 400) * 0.96 - ((layout.margin && layout.margin.r) || 20);
  const plain = (part) => part.replace(/<\/?sup>/g, "").replace(/<br>/g, " ");
  const [head, caption] = title.text.split("<br><sup>");
  const heads = wrapTo(plain(head), title.font.size, room, family);
  const captions = caption === undefined ? [] : wrapTo(plain(caption), title.font.size * 0.7, room, family);
  const text = heads.join("<br>") + (captions.length ? "<br><sup>" + captions.join("<br>") + "</sup>" : "");
  layout.title = {...title, text};
  const needed = 30 + 1.3 * title.font.size * (heads.length + 0.7 * captions.length);
  layout.margin = {...layout.margin, t: Math.max((layout.margin && layout.margin.t) || 0, Math.round(needed))};
};
// projector mode: every font at least LEAST px (a caption, at 0.7 of its title, too), lines and
// markers thicker; the title takes more of the same height, so the plot still fits the screen
const LEAST = __PROJECTOR_FONT__;  // figures.PROJECTOR_FONT: the colour bars' ticks are chosen for it
const project = (figure) => {
  const grow = (font, least) => ({...font, size: Math.max(least, Math.round((font && font.size || 14) * 1.4))});
  const layout = figure.layout;
  const before = {...(layout.margin || {})};
  layout.font = grow(layout.font, LEAST);
  if (layout.title) layout.title = {...layout.title, font: grow(layout.title.font, 29)};
  (layout.annotations || []).forEach((a) => { a.font = grow(a.font, LEAST); });
  Object.keys(layout).filter((k) => /^[xy]axis/.test(k)).forEach((k) => {
    const axis = layout[k];
    axis.tickfont = grow(axis.tickfont, LEAST);
    const title = typeof axis.title === "string" ? {text: axis.title} : axis.title;
    if (title) axis.title = {...title, font: grow(title.font, LEAST)};
    axis.automargin = true;
  });
  if (layout.legend) layout.legend = {...layout.legend, font: grow(layout.legend.font, LEAST)};
  if (layout.margin && layout.margin.t) layout.margin = {...layout.margin, t: Math.round(layout.margin.t * 1.3)};
  rewrap(layout);
  // a plot grows with its fonts, or plotly drops category labels that no longer fit (the
  // builder's bars lost every other layer's name) and a thin map's cells shrink to slivers
  // (LSTM's (5, 16) output was 47 px high). The input and output grow by what their title and
  // ticks take (a third more ticks below), so that the summary under them stays in view
  const gained = ((layout.margin || {}).t || 0) - (before.t || 0) + (before.b || 0) / 2;
  if (layout.height) layout.height = Math.round(main ? layout.height + gained : layout.height * 1.4);
  figure.data.forEach((trace) => {
    // a bar's own label is shrunk to the bar's thickness unless told otherwise
    if (trace.type === "bar" && trace.text) {
      Object.assign(trace, {constraintext: "none", textfont: grow(trace.textfont, LEAST)});
    }
    if (trace.line) trace.line = {...trace.line, width: Math.max(4, (trace.line.width || 2) * 2)};
    const size = Math.max(10, ((trace.marker || {}).size || 6) * 1.6);
    if (trace.marker && trace.type !== "bar") trace.marker = {...trace.marker, size};
    if (trace.colorbar) trace.colorbar = {...trace.colorbar, tickfont: grow(trace.colorbar.tickfont, LEAST)};
    // the ticks the figure chose for labels this size (figures.PROJECTOR_FONT)
    const ticks = trace.meta && trace.meta.projector_colorbar;
    if (trace.colorbar && ticks) Object.assign(trace.colorbar, ticks);
    if (trace.textfont && trace.type !== "bar") trace.textfont = grow(trace.textfont, LEAST);
  });
};
// the focus view: any plot opened large over the page, for the room (Escape or the button closes it)
const block = element.closest(".block.lp-plot-block") || element;  // gradio gives the inner div the class too
const focused = () => block.classList.contains("lp-focus");
const button = document.createElement("button");
button.type = "button";
button.className = "lp-focus-button";
const name = () => ((block.querySelector("[data-testid=block-label]") || {}).textContent || "plot").trim();
const label = () => {
  button.textContent = focused() ? "✕ close" : "⤢ enlarge";
  button.setAttribute("aria-label", (focused() ? "close the large " : "open large: ") + name());
  button.setAttribute("aria-pressed", String(focused()));
};
const focus = (on) => {
  const others = [...document.querySelectorAll(".lp-focus")].filter((other) => other !== block);
  others.forEach((other) => other.dispatchEvent(new Event("lp-unfocus")));
  block.classList.toggle("lp-focus", on);
  label();
  draw();
  button.focus();
};
button.addEventListener("click", () => focus(!focused()));
block.addEventListener("lp-unfocus", () => { block.classList.remove("lp-focus"); label(); draw(); });
document.addEventListener("keydown", (event) => { if (event.key === "Escape" && focused()) focus(false); });
block.appendChild(button);  // in the block's label row, not over the figure's title
label();
const draw = () => {
  if (!props.value) {
    height = 0;
    window.Plotly.purge(view);
    return;
  }
  const figure = JSON.parse(props.value);
  const layout = figure.layout;
  if (document.body.classList.contains("lp-projector") || focused()) project(figure);
  // room for a title and its caption above subplot titles, as gr.Plot gave every titled plot
  if (layout.title) layout.margin = {...layout.margin, t: Math.max(100, (layout.margin || {}).t || 0)};
  // the figures' backgrounds are transparent: text takes the page's own colour, light or dark
  layout.font = {...layout.font, color: getComputedStyle(element).color};
  layout.width = view.clientWidth || undefined;
  // the input and output stay on one screen: a taller figure (a loss's prediction over its
  // target) gives up plot area, never its margins, down to 300 px
  const room = window.innerHeight - view.getBoundingClientRect().top - 24;
  if (main && layout.height > room && room >= 300) layout.height = Math.floor(room);
  if (focused()) layout.height = Math.max(300, Math.floor(window.innerHeight - view.getBoundingClientRect().top - 16));
  height = layout.height;
  window.Plotly.react(view, figure.data, layout, config);
};
// the input and output are drawn at once; any other plot after the next paint (a frame
// callback runs just before it, a task queued there after it), so that the plots a person is
// watching show without waiting for the panels' (a Conv2d's weights: 35-80 ms), and values
// that came while one waited are drawn once, the last
let waiting = false;
const soon = () => {
  if (main) return draw();
  if (waiting) return;
  waiting = true;
  requestAnimationFrame(() => setTimeout(() => { waiting = false; draw(); }, 0));
};
watch("value", soon);
window.addEventListener("lp-projector", draw);
draw();
// the width follows the box (a tab or a hidden row shown, a window resized); the height is the figure's
new ResizeObserver(() => {
  const width = view.clientWidth;
  if (!view._fullLayout || view.offsetParent === null || !width || width === view._fullLayout.width) return;
  // at projector sizes the title is wrapped for the width (`rewrap`): a new width draws it again
  if (document.body.classList.contains("lp-projector") || focused()) draw();
  else window.Plotly.relayout(view, {width, height});
}).observe(element);
"""


def plot_view(label: str, elem_id: str, visible: bool = True) -> gr.HTML:
    """A labelled plot whose value is a figure's JSON (`figures.Figure.to_json()`)."""
    return gr.HTML(
        None,
        label=label,
        show_label=True,
        container=True,
        html_template='<div class="lp-plot"></div>',
        js_on_load=DRAW_JS.replace("__PROJECTOR_FONT__", str(figures.PROJECTOR_FONT)),
        head=f'<script src="{SCRIPT_URL}"></script>',
        elem_id=elem_id,
        elem_classes=["lp-plot-block"],
        visible=visible,
    )


class PlotlyScript:
    """Serves plotly.js at SCRIPT_PATH, gzipped for browsers that accept it (4.8 MB -> 1.4 MB),
    cacheable: the plotly package is pinned, so the file changes only with the app."""

    def __init__(self, app: ASGIApp, file: Path | None = None) -> None:
        self.app = app
        self.plain = (file or plotly_js_file()).read_bytes()
        self.gzipped = gzip.compress(self.plain, compresslevel=6, mtime=0)  # once, at start: 0.2 s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") != SCRIPT_PATH or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        accepts = dict(scope.get("headers") or []).get(b"accept-encoding", b"")
        body = self.gzipped if b"gzip" in accepts else self.plain
        headers: list[tuple[bytes, bytes]] = [
            (b"content-type", b"text/javascript; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"public, max-age=86400"),
            (b"vary", b"accept-encoding"),
        ]
        if body is self.gzipped:
            headers.append((b"content-encoding", b"gzip"))
        await answer(send, 200, body, headers, with_body=scope["method"] != "HEAD")


def plot_row(plots: tuple[Plot, ...], group: str) -> dict[str, gr.HTML]:
    """The plots of one group of an outputs table, side by side, by output name."""
    with gr.Row():
        return {p.name: plot_view(p.label, p.elem_id, p.starts_visible) for p in in_group(plots, group)}

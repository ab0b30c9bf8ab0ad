"""Links and notebooks of the view on screen, for both tabs.

The server knows the state each tab last ran (it writes that state's query into a hidden
textbox at every run); only the page knows the rest of the view: which tab and which panel
are open, projector mode, and the controls a teacher chose to hide. So a link is finished in
the browser (`LINK_JS`), and the notebook is written from the finished link, which names
everything it needs.
"""

from __future__ import annotations

import json
import os
from typing import Any

import gradio as gr

from playground.render.notebook import notebook, notebook_filename
from playground.request.link import BUILDER_PANELS, LAB_PANELS, Link, link_from_query, link_to_query
from playground.request.state import State
from playground.ui.api import Api

# each tab's panels: the link's names (request/link.py) and the labels on their tabs
LAB_PANEL_LABELS = {
    "behaviour": "how it behaves",
    "weights": "weights & gradients",
    "counts": "counts & histograms",
    "module": "module",
    "tensors": "tensors",
    "code": "code",
}
BUILDER_PANEL_LABELS = {
    "module": "module",
    "inside": "inside a module",
    "layers": "per layer",
    "layer": "one layer's output",
    "code": "code",
}
assert set(LAB_PANEL_LABELS) == set(LAB_PANELS) and set(BUILDER_PANEL_LABELS) == set(BUILDER_PANELS)
LAB_DEFAULT_PANEL = "weights"
BUILDER_DEFAULT_PANEL = "module"

# where each tab's panels are, and which of them opens by itself (a link leaves it unsaid)
TABS = {
    "lab": {"tab": "#tab-lab", "panels": "#lab-panels", "labels": LAB_PANEL_LABELS, "default": LAB_DEFAULT_PANEL},
    "builder": {
        "tab": "#tab-builder",
        "panels": "#builder-panels",
        "labels": BUILDER_PANEL_LABELS,
        "default": BUILDER_DEFAULT_PANEL,
    },
    "lessons": {"tab": "#tab-lessons", "panels": None, "labels": {}, "default": None},
}

# The link of the view: the state's query of the tab on screen (written by the server at
# every run) plus the panel open, projector mode and the controls to hide. Copied when asked;
# the address bar follows it when the app is its own page (a Space's frame is not what people
# share). Inputs: each tab's state and hidden controls, the Lessons tab's step, and whether to copy.
LINK_JS = """(labState, labHide, modelState, modelHide, lessonState, copy) => {
  const tabs = __TABS__;
  // plotly points its gradients and clip paths at the page's full address (`url("<address>#id")`,
  // since gradio's page has a <base>): what is drawn keeps pointing at the address it was drawn
  // under, so when the address changes, so do they, or colour bars go blank and clips lapse
  const follow = (url) => {
    const old = location.href.split("#")[0];
    history.replaceState(null, "", url);
    const now = location.href.split("#")[0];
    if (now === old) return;
    document.querySelectorAll(".js-plotly-plot").forEach((plot) => {
      if (plot._context && plot._context._baseUrl) plot._context._baseUrl = now;
      plot.querySelectorAll("[style*='url('], [clip-path], [fill^='url('], [filter], [mask]").forEach((el) => {
        ["style", "clip-path", "fill", "filter", "mask"].forEach((name) => {
          const value = el.getAttribute(name);
          if (value && value.includes(old + "#")) el.setAttribute(name, value.split(old + "#").join(now + "#"));
        });
      });
    });
  };
  const shown = (selector) => { const el = document.querySelector(selector); return el && el.offsetParent !== null; };
  const tab = shown(tabs.builder.tab) ? "builder" : shown(tabs.lessons.tab) ? "lessons" : "lab";
  const [state, hide] = {builder: [modelState, modelHide], lessons: [lessonState, []], lab: [labState, labHide]}[tab];
  const {panels, labels} = tabs[tab];
  const [base, query] = (state || "").split("?");
  const parts = query ? [query] : [];
  const picked = panels && document.querySelector(panels + " [role=tab][aria-selected=true]");
  const panel = picked && Object.keys(labels).find((k) => labels[k] === picked.textContent.trim());
  if (panel && panel !== tabs[tab].default) parts.push("panel=" + panel);
  if (document.body.classList.contains("lp-projector")) parts.push("projector=1");
  if (hide && hide.length) parts.push("hide=" + hide.join(","));
  const url = (base || location.origin + location.pathname) + (parts.length ? "?" + parts.join("&") : "");
  // the copied link's box names the view it was copied from: it goes once the view differs
  // (another tab, a control moved), and comes back with the next copy
  const box = document.querySelector("#share-link");
  const field = box && box.querySelector("textarea, input");
  if (box) box.classList.toggle("lp-gone", !copy && !!field && field.value !== url);
  if (!copy) { if (window.top === window) follow(url); return url; }
  // shown at once with this link, not the one copied before (the server's answer writes the same)
  if (field) field.value = url;
  if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => {});
  return url;
}""".replace("__TABS__", json.dumps(TABS))

# the three uses of LINK_JS, each taking the five inputs [lab state, lab hide, model state, model
# hide, lesson state] (the address follows a moment later: a tab just clicked is shown once the
# click is handled)
FOLLOW_JS = f"(a, b, c, d, e) => {{ setTimeout(() => ({LINK_JS})(a, b, c, d, e, false), 0); return []; }}"
COPY_JS = f"(a, b, c, d, e) => [({LINK_JS})(a, b, c, d, e, true), b, c, d, e]"
WITH_LINK_JS = f"(a, b, c, d, e) => [({LINK_JS})(a, b, c, d, e, false), b, c, d, e]"

# saves `filename\n<notebook>` as a file, as a download link would
SAVE_JS = """(parcel) => {
  if (!parcel) return [];
  const cut = parcel.indexOf("\\n");
  const blob = new Blob([parcel.slice(cut + 1)], {type: "application/x-ipynb+json"});
  const a = document.createElement("a");
  Object.assign(a, {href: URL.createObjectURL(blob), download: parcel.slice(0, cut)});
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 5000);
  return [];
}"""


def link_notice(ignored: list[str]) -> dict[str, Any]:
    """The notice over the page: the parts of a visitor's link the page could not use, in the
    link's own words (`kernel_size=-9`), hidden when it used them all."""
    words = ", ".join(f"`{part}`" for part in ignored)
    text = f"The page left out these parts of the link, which it could not use: {words}." if ignored else ""
    return gr.update(value=text, visible=bool(ignored))


def share_base() -> str:
    """Where a link points: on a Space, the Space's page (the app runs in the Hub's frame, whose
    own address is not the one people share); elsewhere the page's own address, which the
    browser fills in (empty here)."""
    space = os.environ.get("SPACE_ID", "")
    return f"https://huggingface.co/spaces/{space}" if space else ""


def share_value(state: State) -> str:
    """`base?query` of a state on screen; the page adds the view (panel, projector, hidden)."""
    return f"{share_base()}?{link_to_query(Link(state))}"


def take_home(api: Api, address: str) -> str:
    """`filename\\n` and the notebook of the view a finished link names (the link goes in it);
    empty where the state does not run (the page is showing its refusal)."""
    link, _ = link_from_query(address.partition("?")[2])
    result = api.run_state(link.state)
    return f"{notebook_filename(result)}\n{notebook(result, address)}" if result.ok else ""

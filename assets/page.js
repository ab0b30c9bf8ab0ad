() => {
  // A refusal names its field ("✗ **kernel_size**: ..."). The message box sits at the end of the
  // controls, which may be a screen away from the control a person just changed: the named
  // control is marked invalid, and the message is repeated under the control last touched.
  let touched = null;
  document.addEventListener("focusin", (event) => {
    const control = event.target.closest && event.target.closest("[id^='ctl-'], [id^='builder-']");
    if (control) touched = control;
  });
  const clear = (scope) => {
    scope.querySelectorAll("[aria-invalid='true']").forEach((el) => el.removeAttribute("aria-invalid"));
    scope.querySelectorAll(".lp-invalid").forEach((el) => el.classList.remove("lp-invalid"));
    scope.querySelectorAll(".lp-inline-error").forEach((el) => el.remove());
  };
  const mark = (box) => {
    const shown = box.offsetParent !== null ? box.textContent.trim() : "";
    if (box.dataset.lpShown === shown) return;  // nothing new: marking again would only flicker
    box.dataset.lpShown = shown;
    const scope = box.closest("#controls, #builder-controls") || document;
    clear(scope);
    const strong = box.querySelector("strong");
    if (!shown) return;
    const name = strong ? strong.textContent.trim() : "";
    const named = name ? scope.querySelector(`#ctl-${CSS.escape(name)}`) : null;
    // a parameter set per axis has its one control unmounted: its sliders (ctl-kernel_size-H, ...) are marked
    const sliders = name && !named ? [...scope.querySelectorAll(`[id^="ctl-${CSS.escape(name)}-"]`)] : [];
    const marked = named ? [named] : sliders.filter((el) => !el.id.endsWith("-per-axis"));
    marked.forEach((control) => {
      control.classList.add("lp-invalid");
      control.querySelectorAll("input, textarea").forEach((el) => el.setAttribute("aria-invalid", "true"));
    });
    // the words go where the person is looking: under what they just changed (which may not be
    // the field a rule names: groups 4 breaks "in_channels must be divisible by groups")
    const here = touched && scope.contains(touched) && touched.offsetParent !== null ? touched : marked[0];
    if (!here) return;
    const note = document.createElement("div");
    note.className = "lp-inline-error";
    note.setAttribute("role", "alert");
    note.textContent = box.textContent.trim();
    here.appendChild(note);
  };
  const watch = () => {
    // gradio unmounts a hidden box: a column without one shows no refusal
    document.querySelectorAll("#controls, #builder-controls").forEach((scope) => {
      const box = scope.querySelector("#error-box, #builder-error");
      if ((!box || box.offsetParent === null) && scope.querySelector(".lp-inline-error, .lp-invalid")) clear(scope);
    });
    // gradio may mount a new box when it is shown: each is watched, and read as it is now
    document.querySelectorAll("#error-box, #builder-error").forEach((box) => {
      if (!box.dataset.lpWatched) {
        box.dataset.lpWatched = "1";
        const options = {subtree: true, childList: true, characterData: true, attributes: true};
        new MutationObserver(() => mark(box)).observe(box, options);
      }
      mark(box);
    });
  };
  // plotly's toolbar adds a dozen links to every plot: keep them for the mouse, out of the Tab order
  const untab = () => {
    document.querySelectorAll(".modebar-btn").forEach((el) => el.setAttribute("tabindex", "-1"));
    // a table wider than its column scrolls sideways: the keyboard must reach it to scroll it
    document.querySelectorAll("#builder-summary, #builder-ensemble, #state-dict").forEach((el) => {
      if (el.getAttribute("tabindex") === "0") return;
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", el.id.replace("builder-", "model ").replace("-", " ") + " table");
    });
  };
  let pending = false;  // plots redraw in bursts of mutations: look once a frame
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; watch(); untab(); });
  }).observe(document.body, {subtree: true, childList: true});
  watch();
}

() => {
  // The refusal names its field ("⛔ **kernel_size**: ..."): mark that control as invalid, so the
  // person sees which one, and clear the mark when the message goes. Runs on every change of
  // an error box, in both tabs.
  const mark = (box) => {
    const scope = box.closest("#controls, #builder-controls") || document;
    scope.querySelectorAll("[aria-invalid='true']").forEach((el) => el.removeAttribute("aria-invalid"));
    scope.querySelectorAll(".lp-invalid").forEach((el) => el.classList.remove("lp-invalid"));
    const strong = box.querySelector("strong");
    const shown = box.offsetParent !== null && strong;
    if (!shown) return;
    const name = strong.textContent.trim();
    const control = scope.querySelector(`#ctl-${CSS.escape(name)}`);
    if (!control) return;
    control.classList.add("lp-invalid");
    control.querySelectorAll("input, textarea").forEach((el) => el.setAttribute("aria-invalid", "true"));
  };
  const watch = () => {
    document.querySelectorAll("#error-box, #builder-error").forEach((box) => {
      if (box.dataset.lpWatched) return;
      box.dataset.lpWatched = "1";
      new MutationObserver(() => mark(box)).observe(box, {subtree: true, childList: true, characterData: true, attributes: true});
    });
  };
  // plotly's toolbar adds a dozen links to every plot: keep them for the mouse, out of the Tab order
  const untab = () => {
    document.querySelectorAll(".modebar-btn").forEach((el) => el.setAttribute("tabindex", "-1"));
  };
  let pending = false;  // plots redraw in bursts of mutations: look once a frame
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; watch(); untab(); });
  }).observe(document.body, {subtree: true, childList: true});
  watch();
}

() => {
  // A refusal names its field ("⛔ **kernel_size**: ..."). The message box sits at the end of the
  // controls, which may be a screen away from the control a person just changed: the named
  // control (else the one last touched) is marked invalid and gets the message under it, in view.
  let touched = null;
  document.addEventListener("focusin", (event) => {
    const control = event.target.closest && event.target.closest("[id^='ctl-'], [id^='builder-']");
    if (control) touched = control;
  });
  const mark = (box) => {
    const scope = box.closest("#controls, #builder-controls") || document;
    scope.querySelectorAll("[aria-invalid='true']").forEach((el) => el.removeAttribute("aria-invalid"));
    scope.querySelectorAll(".lp-invalid").forEach((el) => el.classList.remove("lp-invalid"));
    scope.querySelectorAll(".lp-inline-error").forEach((el) => el.remove());
    const strong = box.querySelector("strong");
    if (box.offsetParent === null || !box.textContent.trim()) return;
    const name = strong ? strong.textContent.trim() : "";
    const named = name ? scope.querySelector(`#ctl-${CSS.escape(name)}`) : null;
    const control = named || (touched && scope.contains(touched) ? touched : null);
    if (!control) return;
    control.classList.add("lp-invalid");
    control.querySelectorAll("input, textarea").forEach((el) => el.setAttribute("aria-invalid", "true"));
    const note = document.createElement("div");
    note.className = "lp-inline-error";
    note.setAttribute("role", "alert");
    note.textContent = box.textContent.trim();
    control.appendChild(note);
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

// Send a form once. While its request is in flight its submit buttons are disabled and a
// second submit (a double click, Enter pressed again) is dropped. The server already makes a
// repeat harmless (each create form carries a one-time token); this spares the wait and the
// doubt. Loaded on every page from base.html: no inline script (the CSP forbids it).
(function () {
  "use strict";

  function submitButtons(form) {
    return Array.from(form.elements).filter((element) => element.type === "submit");
  }

  function setBusy(form, busy) {
    if (busy) {
      form.dataset.submitting = "1";
      form.setAttribute("aria-busy", "true");
    } else {
      delete form.dataset.submitting;
      form.removeAttribute("aria-busy");
    }
    submitButtons(form).forEach((button) => {
      button.disabled = busy;
    });
  }

  function isPost(form) {
    return form instanceof HTMLFormElement && form.method.toLowerCase() === "post";
  }

  // Ordinary forms: the page is replaced by the answer.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!isPost(form) || event.defaultPrevented) return; // htmx or a page script sends it
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    // Disabled once the browser has collected the data: a disabled button's own name and
    // value (e.g. "confirm") would be left out.
    window.setTimeout(() => setBusy(form, true), 0);
  });

  // Back to a page restored from the back-forward cache: its forms are usable again.
  window.addEventListener("pageshow", () => {
    document.querySelectorAll("form[data-submitting]").forEach((form) => setBusy(form, false));
  });

  // Forms sent by htmx: busy from the request until its answer (or failure).
  function htmxForm(event) {
    const element = event.detail && event.detail.elt;
    const form = element && element.closest ? element.closest("form") : null;
    const verb = event.detail.requestConfig && event.detail.requestConfig.verb;
    return form && verb && verb.toLowerCase() !== "get" ? form : null;
  }

  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = htmxForm(event);
    if (form) setBusy(form, true);
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const form = htmxForm(event);
    if (form) setBusy(form, false);
  });
})();

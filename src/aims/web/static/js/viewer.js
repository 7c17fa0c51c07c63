/* The page viewer and editor, enhanced: a focused or hovered element lights up its box; in the
   editor, [ and ] raise and lower the heading level and Ctrl+Enter saves; leaving the page with
   a correction not yet saved (typed, or refused and shown again) asks first. Every action also
   works without JavaScript (links and forms). No inline script (CSP). */
(function () {
  "use strict";

  function boxOf(link) {
    var id = link.getAttribute("data-element");
    return document.querySelector("svg.boxes .box[data-element='" + id + "']");
  }

  function lightUp(link, on) {
    var box = boxOf(link);
    if (box) {
      box.classList.toggle("lit", on);
    }
  }

  document.querySelectorAll(".element-link").forEach(function (link) {
    ["focus", "mouseenter"].forEach(function (name) {
      link.addEventListener(name, function () { lightUp(link, true); });
    });
    ["blur", "mouseleave"].forEach(function (name) {
      link.addEventListener(name, function () { lightUp(link, false); });
    });
  });

  var form = document.getElementById("editor-form");
  if (!form) {
    return;
  }
  var level = document.getElementById("element-level");
  var shownAs = fields();
  var submitting = false;

  function fields() {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function unsaved() {
    return form.hasAttribute("data-unsaved") || fields() !== shownAs;
  }

  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("pageshow", function () { submitting = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && unsaved()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function shiftLevel(step) {
    var next = level.selectedIndex + step;
    if (next >= 1 && next < level.options.length) {
      level.selectedIndex = next;
      level.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit(form.querySelector("button[value=save]"));
      return;
    }
    if (event.target.tagName === "TEXTAREA" || event.ctrlKey || event.altKey || event.metaKey) {
      return;
    }
    if (event.key === "[" || event.key === "]") {
      event.preventDefault();
      shiftLevel(event.key === "[" ? -1 : 1);
    }
  });
})();

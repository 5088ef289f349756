/*
 * Small progressive enhancements; every page works without them.
 * The Content-Security-Policy forbids inline script, so behaviour hangs off data-attributes:
 *   [data-error-summary]  the error summary of a form: focused when the page (or an htmx swap) shows it
 *   form[data-confirm]    asks "OK / Cancel" with the attribute's text before submitting
 *                         (a submit button's own data-confirm takes precedence)
 */
(function () {
  "use strict";

  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  // A summary link jumps to its field: focus the control (the first one of a group),
  // and scroll so that the field's label or legend is visible above it.
  function followSummaryLink(event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) {
      return;
    }
    var control = target.matches("input, select, textarea, button")
      ? target
      : target.querySelector("input:not([type=hidden]), select, textarea");
    if (!control) {
      return;
    }
    event.preventDefault();
    var group = control.closest(".form-field, fieldset") || control;
    group.scrollIntoView({ block: "start" });
    control.focus({ preventScroll: true });
  }

  function confirmSubmit(event) {
    var form = event.target;
    var button = event.submitter;
    var message = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }

  // Measure-specific fieldsets ([data-measure-section="A01"]) show only for their measure;
  // a section holding an error always stays visible. Without JS every section shows.
  function showMeasureSections() {
    var select = document.querySelector("[data-measure-select]");
    if (!select) {
      return;
    }
    var option = select.options[select.selectedIndex];
    var code = option ? option.getAttribute("data-code") : null;
    document.querySelectorAll("[data-measure-section]").forEach(function (section) {
      var hasError = section.querySelector("[aria-invalid=true]") !== null;
      section.hidden = !hasError && section.getAttribute("data-measure-section") !== code;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-measure-select]")) {
      showMeasureSections();
    }
  });
  document.addEventListener("DOMContentLoaded", showMeasureSections);

  document.addEventListener("click", followSummaryLink);
  document.addEventListener("submit", confirmSubmit, true);
  document.addEventListener("htmx:load", function (event) {
    focusErrorSummary(event.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(); });
  } else {
    focusErrorSummary();
  }
})();

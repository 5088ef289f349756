/*
 * Small progressive enhancements; every page works without them.
 * The Content-Security-Policy forbids inline script, so behaviour hangs off data-attributes:
 *   [data-error-summary]  the error summary of a form: focused when the page (or an htmx swap) shows it
 *   form[data-confirm]    asks "OK / Cancel" with the attribute's text before submitting
 *                         (a submit button's own data-confirm takes precedence)
 *   body[data-session-timeout]  idle timeout of a signed-in session, in seconds: the
 *                         [data-session-dialog] opens data-session-warning seconds before
 *                         it ends; its [data-keepalive-form] renews the session by fetch
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

  // ---- Idle timeout ---------------------------------------------------------
  // The server renews the session on every request and ends it after `timeout` idle
  // seconds. We note when we last talked to it (page load, htmx request, keep-alive),
  // shared between tabs through localStorage, and warn before the end. When the time is
  // up we reload: the server has ended the session and sends the login page.
  var SESSION_RENEWED_KEY = "gifu-taisaku:session-renewed-at";
  var sessionRenewedAt = Date.now();

  function noteSessionRenewed() {
    sessionRenewedAt = Date.now();
    try {
      window.localStorage.setItem(SESSION_RENEWED_KEY, String(sessionRenewedAt));
    } catch (error) {
      // Storage may be unavailable (private mode): this tab's own clock still works.
    }
  }

  function lastSessionRenewal() {
    var shared = 0;
    try {
      shared = Number(window.localStorage.getItem(SESSION_RENEWED_KEY)) || 0;
    } catch (error) {
      shared = 0;
    }
    return Math.max(sessionRenewedAt, shared);
  }

  // Load this URL again with a GET (the hash removed: a hash-only change would not load).
  function reloadPage() {
    window.location.replace(window.location.href.split("#")[0]);
  }

  function watchIdleTimeout() {
    var timeout = Number(document.body.getAttribute("data-session-timeout"));
    var warning = Number(document.body.getAttribute("data-session-warning"));
    var dialog = document.querySelector("[data-session-dialog]");
    if (!timeout || !dialog || typeof dialog.showModal !== "function") {
      return;
    }
    var remaining = dialog.querySelector("[data-session-remaining]");
    noteSessionRenewed();

    function tick() {
      var left = timeout - (Date.now() - lastSessionRenewal()) / 1000;
      if (left <= 0) {
        window.clearInterval(timer);
        reloadPage();
      } else if (left <= warning) {
        if (remaining) {
          remaining.textContent = String(Math.ceil(left));
        }
        if (!dialog.open) {
          dialog.showModal();
        }
      } else if (dialog.open) {
        dialog.close(); // another tab has renewed the session
      }
    }

    function keepAlive(event) {
      var form = event.target.closest("[data-keepalive-form]");
      if (!form) {
        return;
      }
      event.preventDefault();
      window.fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        redirect: "manual"
      }).then(function (response) {
        if (response.status === 204) {
          noteSessionRenewed();
          dialog.close();
        } else {
          reloadPage(); // the session had already ended
        }
      }, function () {
        reloadPage();
      });
    }

    // Escape dismisses the warning; the user is evidently there, so it counts as "stay".
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault();
      dialog.querySelector("[data-keepalive-form]").requestSubmit();
    });
    document.addEventListener("submit", keepAlive);
    document.addEventListener("htmx:afterRequest", noteSessionRenewed);
    var timer = window.setInterval(tick, 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watchIdleTimeout);
  } else {
    watchIdleTimeout();
  }

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

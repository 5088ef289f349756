/*
 * Drafts of record forms, kept in this browser, so that nothing typed is lost when the
 * session ends (idle timeout, a save posted after the session expired, a closed tab).
 * The server knows nothing of them; every page works without this file.
 *
 *   form[data-draft="<user id>"]  a record form (templates/generic/form.html). What is typed
 *        is saved half a second after typing stops (and when the page is left) under
 *        localStorage["gifu-taisaku:draft:<user id>:<path and query>"]. Never saved: hidden
 *        fields (version, CSRF token), passwords, files, one-time codes, and the names in
 *        data-draft-exclude (confidential fields). Intel forms carry no data-draft at all.
 *   [data-draft-prompt]  shown on loading a form whose draft differs from what the form holds:
 *        「前回の入力内容を復元しますか」 with 復元 ([data-draft-restore]) and 破棄
 *        ([data-draft-discard]); [data-draft-stale] shows when the record has changed since.
 *   [data-message~="draft-saved"]  the message of a successful save: the draft of the form
 *        this tab submitted last is removed.
 *   form[data-clear-drafts="<user id>"]  a logout form: all drafts of that user are removed.
 * Drafts older than MAX_AGE_DAYS are removed on any page.
 */
(function () {
  "use strict";

  var PREFIX = "gifu-taisaku:draft:";
  var PENDING_KEY = "gifu-taisaku:draft-pending"; // sessionStorage: the draft of the form just submitted
  var SAVE_DELAY_MS = 500;
  var MAX_AGE_DAYS = 3;
  var NEVER_STORED = ["hidden", "password", "file", "submit", "button", "reset", "image"];
  var loggingOut = false; // set at logout: nothing may be saved after the drafts are cleared

  function storage(kind) {
    try {
      return window[kind];
    } catch (error) {
      return null; // storage disabled: no drafts, the page still works
    }
  }

  function readJSON(key) {
    try {
      return JSON.parse(storage("localStorage").getItem(key));
    } catch (error) {
      return null;
    }
  }

  function draftKey(form) {
    return PREFIX + form.getAttribute("data-draft") + ":" + window.location.pathname + window.location.search;
  }

  function removeDrafts(test) {
    var local = storage("localStorage");
    if (!local) {
      return;
    }
    var doomed = [];
    for (var i = 0; i < local.length; i += 1) {
      var key = local.key(i);
      if (key && key.indexOf(PREFIX) === 0 && test(key)) {
        doomed.push(key);
      }
    }
    doomed.forEach(function (key) { local.removeItem(key); });
  }

  function removeOldDrafts() {
    var oldest = Date.now() - MAX_AGE_DAYS * 24 * 60 * 60 * 1000;
    removeDrafts(function (key) {
      var draft = readJSON(key);
      return !draft || !(draft.savedAt > oldest);
    });
  }

  // ---- Which controls a draft holds, and their values as {name: [values]} -----------
  function storedControls(form) {
    var excluded = (form.getAttribute("data-draft-exclude") || "").split(/\s+/).filter(Boolean);
    return Array.prototype.filter.call(form.elements, function (control) {
      var name = control.name;
      if (!name || control.disabled || NEVER_STORED.indexOf(control.type) !== -1) {
        return false;
      }
      if (control.autocomplete === "one-time-code") {
        return false;
      }
      // A formset row's field is "<prefix>-<n>-<name>": excluded by its own name too.
      return !excluded.some(function (field) {
        return name === field || name.slice(-(field.length + 1)) === "-" + field;
      });
    });
  }

  function readForm(form) {
    var values = {};
    storedControls(form).forEach(function (control) {
      var list = values[control.name] || (values[control.name] = []);
      if (control.type === "checkbox" || control.type === "radio") {
        if (control.checked) {
          list.push(control.value);
        }
      } else if (control.tagName === "SELECT") {
        Array.prototype.forEach.call(control.selectedOptions, function (option) {
          list.push(option.value);
        });
      } else {
        list.push(control.value);
      }
    });
    return values;
  }

  function writeForm(form, values) {
    var seen = {};
    storedControls(form).forEach(function (control) {
      var list = values[control.name];
      if (!list) {
        return;
      }
      if (control.type === "checkbox" || control.type === "radio") {
        control.checked = list.indexOf(control.value) !== -1;
      } else if (control.tagName === "SELECT") {
        Array.prototype.forEach.call(control.options, function (option) {
          option.selected = list.indexOf(option.value) !== -1;
        });
      } else {
        var index = seen[control.name] || 0;
        seen[control.name] = index + 1;
        control.value = index < list.length ? list[index] : "";
      }
      // Let other scripts react as to typing (app.js shows the measure's own fieldsets).
      control.dispatchEvent(new Event("input", { bubbles: true }));
      control.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function versionOf(form) {
    var field = form.elements.namedItem("version");
    return field && field.value !== undefined ? field.value : "";
  }

  function sameValues(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // ---- One record form --------------------------------------------------------------
  function keepDraft(form) {
    var local = storage("localStorage");
    if (!local) {
      return;
    }
    var key = draftKey(form);
    var timer = null;

    function save() {
      window.clearTimeout(timer);
      timer = null;
      if (loggingOut) {
        return;
      }
      try {
        local.setItem(key, JSON.stringify({
          savedAt: Date.now(),
          version: versionOf(form),
          values: readForm(form)
        }));
      } catch (error) {
        // Storage full or refused: the form still works, only without a draft.
      }
    }

    function saveSoon() {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, SAVE_DELAY_MS);
    }

    function saveNowIfPending() {
      if (timer !== null) {
        save();
      }
    }

    offerDraft(form, readJSON(key), key);
    form.addEventListener("input", saveSoon);
    form.addEventListener("change", saveSoon);
    form.addEventListener("submit", function () {
      save();
      var session = storage("sessionStorage");
      if (session) {
        session.setItem(PENDING_KEY, key);
      }
    });
    // The idle timeout reloads the page, and a tab may be closed: save what is waiting.
    window.addEventListener("pagehide", saveNowIfPending);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        saveNowIfPending();
      }
    });
  }

  function offerDraft(form, draft, key) {
    var prompt = document.querySelector("[data-draft-prompt]");
    if (!prompt || !draft || !draft.values) {
      return;
    }
    // A form sent back with errors already holds what was typed (the server kept it).
    if (form.querySelector("[data-error-summary]") || sameValues(draft.values, readForm(form))) {
      return;
    }
    var when = prompt.querySelector("[data-draft-saved-at]");
    if (when) {
      var savedAt = new Date(draft.savedAt);
      when.setAttribute("datetime", savedAt.toISOString());
      when.textContent = savedAt.toLocaleString("ja-JP", { dateStyle: "medium", timeStyle: "short" });
    }
    var stale = prompt.querySelector("[data-draft-stale]");
    if (stale) {
      stale.hidden = String(draft.version) === String(versionOf(form));
    }
    prompt.hidden = false;

    function close() {
      prompt.hidden = true;
      var first = storedControls(form).find(function (control) { return control.type !== "checkbox"; });
      if (first) {
        first.focus();
      }
    }

    prompt.querySelector("[data-draft-restore]").addEventListener("click", function () {
      writeForm(form, draft.values); // the draft as it was on load, even if typing began since
      close();
    });
    prompt.querySelector("[data-draft-discard]").addEventListener("click", function () {
      storage("localStorage").removeItem(key);
      close();
    });
  }

  // ---- After a save, and at logout -----------------------------------------------------
  function forgetSavedDraft() {
    var session = storage("sessionStorage");
    var pending = session && session.getItem(PENDING_KEY);
    if (pending && document.querySelector("[data-message~='draft-saved']")) {
      storage("localStorage").removeItem(pending);
      session.removeItem(PENDING_KEY);
    }
  }

  function clearDraftsAtLogout(event) {
    var user = event.target.getAttribute && event.target.getAttribute("data-clear-drafts");
    if (user) {
      loggingOut = true; // the edit that lost focus to the button must not save it again
      removeDrafts(function (key) { return key.indexOf(PREFIX + user + ":") === 0; });
    }
  }

  function start() {
    removeOldDrafts();
    forgetSavedDraft();
    document.querySelectorAll("form[data-draft]").forEach(keepDraft);
  }

  document.addEventListener("submit", clearDraftsAtLogout);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* The session warning of a logged-in page (WCAG 2.2.1 Timing adjustable).
 *
 * The session ends after data-session-age seconds without a request; data-session-warning
 * seconds before that, the dialog asks whether to stay logged in. "Stay" posts to
 * data-extend-url, which saves the session again and answers with its new lifetime (401 once it
 * has ended). Tabs of the same browser share one session: each one writes the time the session
 * now ends to localStorage, and every tab counts from the latest.
 */
(function () {
  "use strict";

  var dialog = document.getElementById("session-warning");
  if (!dialog || typeof dialog.showModal !== "function") return;

  var KEY = "hallbar.sessionEnds";
  var age = (parseInt(dialog.dataset.sessionAge, 10) || 0) * 1000;
  var warning = (parseInt(dialog.dataset.sessionWarning, 10) || 0) * 1000;
  if (!age) return;
  var warningPart = dialog.querySelector("[data-session-state=warning]");
  var expiredPart = dialog.querySelector("[data-session-state=expired]");
  var endText = dialog.querySelector("[data-session-end]");
  var stay = dialog.querySelector("[data-session-stay]");
  var timer = null;
  var focusBefore = null;

  function stored() {
    try { return parseInt(window.localStorage.getItem(KEY), 10) || 0; } catch (e) { return 0; }
  }

  // The session was renewed by a request sent at `sentAt` (never later than that: the page's
  // own request started when the navigation did).
  function renewed(sentAt, seconds) {
    var ends = sentAt + (seconds ? seconds * 1000 : age);
    if (ends > stored()) {
      try { window.localStorage.setItem(KEY, String(ends)); } catch (e) { /* private mode */ }
    }
    schedule();
  }

  function ends() {
    return Math.max(stored(), ownEnds);
  }

  function clock(time) {
    var date = new Date(time);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  function open(state) {
    warningPart.hidden = state !== "warning";
    expiredPart.hidden = state !== "expired";
    dialog.setAttribute("aria-labelledby", state === "warning" ? "session-warning-title" : "session-expired-title");
    dialog.setAttribute("aria-describedby", state === "warning" ? "session-warning-text" : "session-expired-text");
    dialog.dataset.state = state;
    if (!dialog.open) {
      focusBefore = document.activeElement;
      dialog.showModal();
    }
    var first = (state === "warning" ? warningPart : expiredPart).querySelector("button, a");
    if (first) first.focus();
  }

  function close() {
    if (!dialog.open) return;
    dialog.close();
    delete dialog.dataset.state;
    if (focusBefore && typeof focusBefore.focus === "function") focusBefore.focus();
  }

  function schedule() {
    window.clearTimeout(timer);
    var end = ends();
    var now = Date.now();
    if (now >= end) {
      if (dialog.dataset.state !== "expired-closed") open("expired");
      return;
    }
    if (now >= end - warning) {
      endText.textContent = clock(end);
      if (dialog.dataset.state !== "warning") open("warning");
      timer = window.setTimeout(schedule, end - now);
    } else {
      if (dialog.open) close();
      timer = window.setTimeout(schedule, end - warning - now);
    }
  }

  var ownEnds = (window.performance && performance.timeOrigin ? performance.timeOrigin : Date.now()) + age;
  renewed(ownEnds - age, 0);

  stay.addEventListener("click", function () {
    var sentAt = Date.now();
    stay.disabled = true;
    window.fetch(dialog.dataset.extendUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": dialog.dataset.csrf, "Accept": "application/json" },
    }).then(function (response) {
      if (response.status === 401) { ownEnds = 0; try { window.localStorage.removeItem(KEY); } catch (e) { /* */ } open("expired"); return null; }
      return response.ok ? response.json() : null;
    }).then(function (body) {
      if (body && body.expires_in) {
        ownEnds = sentAt + body.expires_in * 1000;
        close();
        renewed(sentAt, body.expires_in);
      }
    }).catch(function () { /* offline: the dialog stays, the button can be pressed again */ })
      .then(function () { stay.disabled = false; });
  });

  dialog.querySelector("[data-session-close]").addEventListener("click", function () {
    close();
    dialog.dataset.state = "expired-closed";
  });
  // Escape closes the dialog as "not now"; it comes back when the session ends.
  dialog.addEventListener("cancel", function () {
    window.setTimeout(function () { delete dialog.dataset.state; }, 0);
  });

  // Requests of HTMX renew the session too; so do other tabs.
  document.body.addEventListener("htmx:afterRequest", function () {
    ownEnds = Date.now() + age;
    renewed(Date.now(), 0);
  });
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) schedule();
  });
})();

// The quiz page: every change is autosaved to the server (PUT /api/attempts/{id}/answers);
// while offline the answers wait in localStorage and are re-sent, so a reload or a dropped
// connection loses nothing. Grading happens on the server; this page never sees answer keys.
(function () {
  "use strict";
  var form = document.getElementById("quiz");
  if (!form) { return; }
  var attempt = form.dataset.attempt;
  var key = "telesabaq-attempt-" + attempt;
  var state = document.getElementById("save-state");
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var timer = null;
  var inFlight = false;

  function collect() {
    var answers = {};
    form.querySelectorAll("fieldset[data-question]").forEach(function (fs) {
      var id = fs.dataset.question;
      var kind = fs.dataset.kind;
      if (kind === "single") {
        var picked = fs.querySelector("input:checked");
        answers[id] = picked ? parseInt(picked.value, 10) : null;
      } else if (kind === "multiple") {
        answers[id] = Array.prototype.map.call(fs.querySelectorAll("input:checked"), function (i) {
          return parseInt(i.value, 10);
        });
      } else {
        var input = fs.querySelector("input");
        answers[id] = input.value === "" ? null : input.value;
      }
    });
    return answers;
  }

  function apply(answers) {
    Object.keys(answers).forEach(function (id) {
      var fs = form.querySelector('fieldset[data-question="' + id + '"]');
      if (!fs) { return; }
      var value = answers[id];
      var kind = fs.dataset.kind;
      if (kind === "single" || kind === "multiple") {
        var chosen = Array.isArray(value) ? value : [value];
        fs.querySelectorAll("input").forEach(function (i) {
          i.checked = chosen.indexOf(parseInt(i.value, 10)) >= 0;
        });
      } else {
        fs.querySelector("input").value = value === null ? "" : value;
      }
    });
  }

  function show(which) {
    state.textContent = state.dataset[which];
    state.dataset.state = which;
  }

  function save() {
    timer = null;
    var answers = collect();
    var sent = JSON.stringify(answers);
    localStorage.setItem(key, sent);
    if (inFlight) { timer = setTimeout(save, 300); return; }
    inFlight = true;
    show("saving");
    fetch("/api/attempts/" + attempt + "/answers", {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ answers: answers })
    }).then(function (r) {
      inFlight = false;
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      if (localStorage.getItem(key) === sent) {
        localStorage.removeItem(key);
        show("saved");
      }
    }).catch(function () {
      inFlight = false;
      show("offline");
      setTimeout(function () { if (!timer && localStorage.getItem(key)) { save(); } }, 3000);
    });
  }

  function schedule() {
    // kept on the device at once, so a reload or a closed tab within the debounce loses nothing
    localStorage.setItem(key, JSON.stringify(collect()));
    state.dataset.state = "pending";
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 400);
  }

  var pending = localStorage.getItem(key);
  if (pending) {
    try { apply(JSON.parse(pending)); schedule(); } catch (e) { localStorage.removeItem(key); }
  }
  form.addEventListener("change", schedule);
  form.addEventListener("input", schedule);
  form.addEventListener("submit", function () { localStorage.removeItem(key); });
  window.addEventListener("pagehide", function () {
    var pendingNow = localStorage.getItem(key);
    if (!pendingNow || !navigator.onLine) { return; }
    fetch("/api/attempts/" + attempt + "/answers", {
      method: "PUT",
      keepalive: true,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ answers: JSON.parse(pendingNow) })
    });
  });
  window.addEventListener("online", function () { if (localStorage.getItem(key)) { schedule(); } });
})();

// Live updates for Culprit's dashboard: a running job's page follows the job's server-sent
// events (log lines are appended, progress shown, the page reloads when the state changes);
// the job list reloads every few seconds while jobs are queued or running.
(function () {
  "use strict";
  var job = document.getElementById("job");
  if (job) {
    var id = job.getAttribute("data-job");
    var after = job.getAttribute("data-last-event") || "0";
    var log = document.getElementById("log");
    var progress = document.getElementById("progress");
    var source = new EventSource("/api/jobs/" + id + "/events?after=" + after);
    var reloadSoon = function () { source.close(); setTimeout(function () { location.reload(); }, 300); };
    source.addEventListener("log", function (e) {
      log.textContent += (log.textContent ? "\n" : "") + e.data;
      log.scrollTop = log.scrollHeight;
      job.setAttribute("data-last-event", e.lastEventId);
    });
    var refreshSoon = function () {
      // A verdict or a build was recorded: refresh the timeline and the chart now and then.
      if (!job.__pending) { job.__pending = setTimeout(function () { job.__pending = null; refreshParts(); }, 1500); }
    };
    source.addEventListener("progress", function (e) {
      try {
        var p = JSON.parse(e.data).progress || {};
        progress.textContent = p.phase + ": " + p.revisions_tested + " revisions, " + p.builds + " builds, " + p.runs +
          " runs; " + p.candidates_left + " candidates, best " + Math.round(100 * p.best_probability) + "%";
      } catch (err) { /* keep the old text */ }
      refreshSoon();
    });
    source.addEventListener("verdict", refreshSoon);
    source.addEventListener("build_finished", refreshSoon);
    source.addEventListener("state", function (e) {
      try { if (JSON.parse(e.data).state !== "running") { reloadSoon(); } } catch (err) { reloadSoon(); }
    });
    var refreshParts = function () {
      fetch(location.pathname, { headers: { "Accept": "text/html" } }).then(function (r) { return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          ["chart", "timeline"].forEach(function (part) {
            var fresh = doc.getElementById(part), old = document.getElementById(part);
            if (fresh && old) { old.innerHTML = fresh.innerHTML; }
          });
        }).catch(function () { /* next event tries again */ });
    };
  } else if (document.querySelector("[data-live=list] .state.running, [data-live=list] .state.queued")) {
    setTimeout(function () { location.reload(); }, 5000);
  }
})();

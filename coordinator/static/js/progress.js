// Moves a background run's progress bar and opens the result when the run has finished.
// Without JavaScript the page still has a link to update it by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-job-status]").forEach(function (section) {
    var bar = section.querySelector("progress");
    function poll() {
      fetch(section.dataset.jobStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (run) {
          if (!run) { return; }
          bar.value = run.progress;
          bar.textContent = run.progress + " %";
          if (run.status === "done" || run.status === "failed") {
            window.location.assign(section.dataset.jobDone);
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  });
})();

// Progress on the admin's report import (报告导入). An upload is checked (read and parsed) before it is stored,
// which takes more than a second for a long PDF: after one second the page says so. On a job's page, while
// the import runs, the state is asked every second and the page reloads when the import has finished.
(function () {
  "use strict";
  function show(box) { box.hidden = false; }

  var form = document.getElementById("importjob_form");
  var uploading = document.getElementById("import-uploading");
  if (form && uploading) {
    form.addEventListener("submit", function () {
      window.setTimeout(function () { show(uploading); }, 1000);
    });
  }

  var running = document.getElementById("import-running");
  if (running) {
    show(running);
    var url = running.getAttribute("data-state-url");
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.running) { window.setTimeout(poll, 1000); } else { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, 1000);
  }
})();

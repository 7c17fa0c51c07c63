/* The upload form, enhanced: the file goes up by XHR with a progress bar, then the browser
   opens the new document's page (where the job's progress shows). Without JavaScript the
   form posts as usual. No inline script (CSP). */
(function () {
  "use strict";

  function replaceSection(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("upload");
    var current = document.getElementById("upload");
    if (!fresh || !current) {
      return false;
    }
    current.replaceWith(document.adoptNode(fresh));
    enhance();
    var problem = document.getElementById("upload-problem");
    if (problem) {
      problem.setAttribute("tabindex", "-1");
      problem.focus();
    }
    return true;
  }

  function send(form) {
    var box = form.querySelector(".upload-progress");
    var bar = form.querySelector("progress");
    var percent = form.querySelector(".upload-percent");
    var button = form.querySelector("button[type=submit]");
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("x-csrf-token", form.elements._csrf_token.value);
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        var done = Math.round((event.loaded * 100) / event.total);
        bar.value = done;
        percent.textContent = done + " %";
      }
    });
    request.addEventListener("load", function () {
      if (request.status >= 200 && request.status < 300) {
        window.location.assign(request.responseURL);
      } else if (!replaceSection(request.responseText)) {
        form.submit();
      }
    });
    request.addEventListener("error", function () {
      button.disabled = false;
      box.hidden = true;
    });
    box.hidden = false;
    button.disabled = true;
    request.send(new FormData(form));
  }

  function enhance() {
    var form = document.querySelector("form[data-upload]");
    if (!form || !window.FormData) {
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form);
    });
  }

  enhance();
})();

/* The monthly progress form of a project page: when the chosen month has already been filed, show
   its current figures and ask why it is filed again (the reason field); otherwise hide both. */
(function () {
  "use strict";
  var form = document.querySelector('[data-action-form="progress"]');
  var dataElement = document.getElementById("progress-filed");
  if (!form || !dataElement) {
    return;
  }
  var filed = JSON.parse(dataElement.textContent);
  var month = form.querySelector('select[name="month"]');
  var notice = form.querySelector("[data-refile-notice]");
  var reasonBox = form.querySelector("[data-refile-only]");
  var titleTemplate = form.querySelector("template[data-refile-title-template]");
  if (!month || !notice || !reasonBox) {
    return;
  }
  function show() {
    var figures = filed[month.value];
    var hasError = reasonBox.querySelector(".invalid-feedback") !== null;
    notice.classList.toggle("d-none", !figures);
    reasonBox.classList.toggle("d-none", !figures && !hasError);
    if (!figures) {
      return;
    }
    if (titleTemplate) {
      notice.querySelector("[data-refile-title]").textContent = titleTemplate.content.textContent.trim().replace("__month__", month.value);
    }
    var parts = [figures.percent + "%", figures.at];
    if (figures.by) {
      parts.push(figures.by);
    }
    notice.querySelector("[data-refile-figures]").textContent = parts.join(" · ");
    var done = figures.done.length > 160 ? figures.done.slice(0, 159) + "…" : figures.done;
    notice.querySelector("[data-refile-done]").textContent = done;
  }
  month.addEventListener("change", show);
  show();
})();

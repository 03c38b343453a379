// Pickers (jilin_grid/pickers): a drop-down that follows the fields it depends on, and, when the
// user's area holds too many records to list, a search box above it that asks the portal.
(function () {
  "use strict";

  function debounce(fn, ms) {
    let timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function setup(select) {
    const form = select.form;
    const url = select.dataset.pickerUrl;
    const depends = JSON.parse(select.dataset.pickerDepends || "{}");
    let box = null;
    let pending = null;
    const listed = Array.from(select.options); // what the page listed, for when nothing is chosen above

    if (select.dataset.pickerSearch === "1") {
      box = document.createElement("input");
      box.type = "search";
      box.className = "form-control mb-1";
      box.placeholder = select.dataset.pickerPlaceholder || "";
      box.setAttribute("aria-label", box.placeholder);
      box.setAttribute("aria-controls", select.id);
      box.autocomplete = "off";
      select.before(box);
      box.addEventListener("input", debounce(function () { load(false); }, 250));
    }

    function dependency(field) {
      return form ? form.elements.namedItem(field) : null;
    }

    function query() {
      const params = new URLSearchParams();
      if (box && box.value.trim()) params.set("q", box.value.trim());
      Object.entries(depends).forEach(function ([param, field]) {
        const element = dependency(field);
        if (element && element.value) params.set(param, element.value);
      });
      return params.toString();
    }

    // Replace the choices with what the portal answers. A dependency's change drops a chosen
    // record that no longer belongs; a search keeps it, so typing never loses the choice.
    function nothingAbove() {
      const fields = Object.values(depends);
      return fields.length > 0 && fields.every(function (field) {
        const element = dependency(field);
        return !element || !element.value;
      });
    }

    function load(dependencyChanged) {
      if (pending) pending.abort();
      if (nothingAbove() && !(box && box.value.trim())) {
        // Nothing chosen above: the page's own list (a searched field's is only its choice).
        const current = select.value;
        select.replaceChildren.apply(select, box ? listed.filter(function (o) { return !o.value; }) : listed);
        select.value = box ? "" : current;
        if (current && select.value !== current) select.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
      pending = new AbortController();
      fetch(url + "?" + query(), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: pending.signal,
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          // What is chosen when the answer comes: a choice made while it was on its way is kept.
          const current = select.value;
          const currentOption = select.selectedOptions[0];
          const empty = select.querySelector('option[value=""]');
          const options = empty ? [empty] : [];
          let found = false;
          data.results.forEach(function (item) {
            const id = String(item.id);
            found = found || id === current;
            options.push(new Option(item.text, id, false, id === current));
          });
          if (current && !found && !dependencyChanged && currentOption) options.splice(empty ? 1 : 0, 0, currentOption);
          if (data.more) {
            const more = new Option(select.dataset.pickerMore || "…", "", false, false);
            more.disabled = true;
            options.push(more);
          }
          select.replaceChildren.apply(select, options);
          if (current && !found && dependencyChanged) {
            select.value = "";
            select.dispatchEvent(new Event("change", { bubbles: true }));
          } else if (current && (found || !dependencyChanged)) {
            select.value = current;
          }
        })
        .catch(function () { /* aborted by a newer request, or offline: the choices stay */ });
    }

    const fields = Object.values(depends);
    fields.forEach(function (field) {
      const element = dependency(field);
      if (element) element.addEventListener("change", function () { load(true); });
    });
    if (fields.some(function (field) { const e = dependency(field); return e && e.value; })) load(false);
  }

  function init(root) {
    root.querySelectorAll("select[data-picker-url]").forEach(function (select) {
      if (select.dataset.pickerReady) return;
      select.dataset.pickerReady = "1";
      setup(select);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();

// Pickers (jilin_grid/pickers): a drop-down that follows the fields it depends on, and, when the
// user's area holds too many records to list, a search box above it that asks the portal. A search
// with one match picks it; Enter in the box picks the first match of what was typed (waiting for the
// answer to the very text typed, so a quick Enter never picks a match of an earlier one) and does not
// send the form. A list that takes several records keeps every record chosen while the user
// searches for more; a search's pick adds to them.
(function () {
  "use strict";

  const SEARCH_DELAY = 250; // ms after the last key, before the portal is asked

  function setup(select) {
    const form = select.form;
    const url = select.dataset.pickerUrl;
    const depends = JSON.parse(select.dataset.pickerDepends || "{}");
    let box = null;
    let pending = null;
    let timer = null;
    let shownQuery = null; // the query the choices shown answer
    let shownMatches = []; // and its matches' ids, in order
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
      box.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { load(false); }, SEARCH_DELAY);
      });
      box.addEventListener("keydown", function (event) {
        // Enter while an input method composes (pinyin) confirms the characters: not a pick.
        if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
        event.preventDefault();
        if (!box.value.trim()) return;
        clearTimeout(timer);
        if (!pending && shownQuery === query()) pickFirst();
        else load(false, true);
      });
    }

    // Choose the first match shown (none when nothing matched), telling the fields that follow it.
    function pickFirst() {
      const first = shownMatches[0];
      if (first === undefined) return;
      if (select.multiple) {
        const option = Array.from(select.options).find(function (o) { return o.value === first; });
        if (!option || option.selected) return;
        option.selected = true;
      } else {
        if (first === select.value) return;
        select.value = first;
      }
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    // A list of several: the answer's records, those chosen still chosen; a chosen record the
    // answer lacks stays for a search and goes when a field above changed.
    function showMultiple(data, dependencyChanged) {
      const chosen = Array.from(select.selectedOptions).filter(function (o) { return o.value; });
      const ids = new Set(chosen.map(function (o) { return o.value; }));
      const answered = new Set();
      const options = data.results.map(function (item) {
        const id = String(item.id);
        answered.add(id);
        return new Option(item.text, id, ids.has(id), ids.has(id));
      });
      let dropped = false;
      chosen.slice().reverse().forEach(function (o) {
        if (answered.has(o.value)) return;
        if (dependencyChanged) dropped = true;
        else options.unshift(o);
      });
      if (data.more) {
        const more = new Option(select.dataset.pickerMore || "…", "", false, false);
        more.disabled = true;
        options.push(more);
      }
      select.replaceChildren.apply(select, options);
      if (dropped) select.dispatchEvent(new Event("change", { bubbles: true }));
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

    function load(dependencyChanged, pick) {
      if (pending) pending.abort();
      pending = null;
      const asked = query();
      if (nothingAbove() && !(box && box.value.trim())) {
        shownQuery = null;
        shownMatches = [];
        // Nothing chosen above: the page's own list (a searched field's is only its choice).
        if (select.multiple) {
          const ids = new Set(Array.from(select.selectedOptions).map(function (o) { return o.value; }));
          select.replaceChildren.apply(select, listed.filter(function (o) { return !box || ids.has(o.value); }));
          listed.forEach(function (o) { o.selected = ids.has(o.value); });
          return;
        }
        const current = select.value;
        select.replaceChildren.apply(select, box ? listed.filter(function (o) { return !o.value; }) : listed);
        select.value = box ? "" : current;
        if (current && select.value !== current) select.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
      pending = new AbortController();
      fetch(url + "?" + asked, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: pending.signal,
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          pending = null;
          if (!data) return;
          shownQuery = asked;
          shownMatches = data.results.map(function (item) { return String(item.id); });
          if (select.multiple) {
            showMultiple(data, dependencyChanged);
            const typed = box && box.value.trim() && !dependencyChanged;
            if (pick || (typed && data.results.length === 1 && !data.more)) pickFirst();
            return;
          }
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
          const searched = box && box.value.trim() && !dependencyChanged;
          if (pick || (searched && data.results.length === 1 && !data.more)) pickFirst();
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

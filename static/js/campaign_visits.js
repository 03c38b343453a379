// The household-visit form of a campaign, usable without signal: every visit is first kept in the
// browser (localStorage) with a key made here, then sent to the API; one sent while offline waits
// and goes when the phone is back online. The key makes the server keep it once, even when it is
// sent again after an answer that never arrived.
(function () {
  "use strict";

  const form = document.getElementById("visit-form");
  if (!form) return;
  const storage = form.dataset.storage;
  const api = form.dataset.api;
  const banner = document.getElementById("visit-offline");
  const pendingBadge = document.getElementById("visit-pending");
  const sentBadge = document.getElementById("visit-sent");
  const refused = document.getElementById("visit-refused");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let sending = false;

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function load() {
    try {
      return JSON.parse(localStorage.getItem(storage)) || { pending: [], sent: 0 };
    } catch (error) {
      return { pending: [], sent: 0 };
    }
  }

  function save(state) {
    localStorage.setItem(storage, JSON.stringify(state));
    pendingBadge.textContent = String(state.pending.length);
    sentBadge.textContent = String(state.sent);
  }

  function showOffline() {
    banner.classList.toggle("d-none", navigator.onLine);
  }

  function clearErrors() {
    form.querySelectorAll("[data-field]").forEach((node) => (node.textContent = ""));
    refused.classList.add("d-none");
    refused.textContent = "";
  }

  function showErrors(errors) {
    const lines = [];
    Object.entries(errors || {}).forEach(([field, messages]) => {
      const text = [].concat(messages).join(" ");
      const slot = form.querySelector(`[data-field="${field}"]`);
      if (slot) slot.textContent = text;
      lines.push(text);
    });
    refused.textContent = lines.join(" ");
    refused.classList.toggle("d-none", !lines.length);
  }

  async function flush() {
    showOffline();
    if (sending || !navigator.onLine) return;
    sending = true;
    try {
      let state = load();
      while (state.pending.length) {
        const visit = state.pending[0];
        let response;
        try {
          response = await fetch(api, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
            body: JSON.stringify(visit),
          });
        } catch (error) {
          break; // No signal after all: kept for the next time.
        }
        if (response.status >= 500 || response.status === 0) break;
        state = load();
        state.pending = state.pending.filter((item) => item.key !== visit.key);
        if (response.ok) {
          state.sent += 1;
        } else {
          showErrors(await response.json().catch(() => ({})));
        }
        save(state);
      }
    } finally {
      sending = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors();
    const unit = form.elements.unit;
    const door = parseInt(form.elements.door.value, 10);
    const households = parseInt(unit.selectedOptions[0]?.dataset.households || "0", 10);
    if (!door || door < 1 || door > households) {
      showErrors({ door: [form.elements.door.labels[0].textContent + ": 1–" + households] });
      return;
    }
    const answers = {};
    form.querySelectorAll("input[data-question]:checked").forEach((input) => {
      answers[input.dataset.question] = input.value;
    });
    const state = load();
    state.pending.push({
      campaign: Number(form.dataset.campaign),
      unit: Number(unit.value),
      door: door,
      visited_on: form.elements.visited_on.value,
      answers: answers,
      key: newKey(),
    });
    save(state);
    form.elements.door.value = "";
    flush();
  });

  window.addEventListener("online", flush);
  window.addEventListener("offline", showOffline);
  save(load());
  flush();
})();

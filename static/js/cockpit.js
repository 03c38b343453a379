// The cockpit's choosers (period, figure ranked) show their choice at once.
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});

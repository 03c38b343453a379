// The navbar keeps to one row (jilin_grid/menus.py). Where its entries do not fit the screen's width
// in one row (a longer language, a longer name, a narrow desktop window), it folds behind its burger
// button as it does on a phone, instead of growing a second and a third row.
(function () {
  "use strict";

  const nav = document.querySelector(".portal-navbar[data-expand]");
  const collapse = nav && nav.querySelector(".navbar-collapse");
  const brand = nav && nav.querySelector(".navbar-brand");
  if (!collapse || !brand) return;
  const expand = nav.dataset.expand; // Bootstrap's class, e.g. navbar-expand-xl

  // Whether everything of the expanded bar stands beside the brand (not on a row below it).
  function oneRow() {
    const bottom = brand.getBoundingClientRect().bottom;
    return Array.from(collapse.querySelectorAll(".portal-menu > li, .portal-account > *")).every(function (item) {
      return item.getBoundingClientRect().top < bottom;
    });
  }

  function fit() {
    // Measured expanded, then folded if need be, in the same frame: nothing is painted in between.
    nav.classList.add(expand);
    const folded = !oneRow();
    nav.classList.toggle(expand, !folded);
    nav.classList.toggle("portal-navbar-folded", folded);
  }

  let frame = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(fit);
  });
  if (document.fonts) document.fonts.ready.then(fit);
  fit();
})();

// A row of tabs that scrolls sideways where it is wider than the screen (.tabs-scroll, a phone): the
// open tab is scrolled into view, and the edge that has more tabs beyond it fades out.
(function () {
  "use strict";

  function setup(scroller) {
    if (scroller.dataset.tabsReady) return;
    scroller.dataset.tabsReady = "1";

    function edges() {
      const more = scroller.scrollWidth - scroller.clientWidth;
      scroller.classList.toggle("more-start", more > 1 && scroller.scrollLeft > 1);
      scroller.classList.toggle("more-end", more > 1 && scroller.scrollLeft < more - 1);
    }

    const active = scroller.querySelector(".nav-link.active");
    if (active && scroller.scrollWidth > scroller.clientWidth) {
      // Centred in the row, as far as the row goes (the page itself does not move).
      const row = scroller.getBoundingClientRect();
      const tab = active.getBoundingClientRect();
      scroller.scrollLeft += tab.left - row.left - (row.width - tab.width) / 2;
    }
    edges();
    scroller.addEventListener("scroll", edges, { passive: true });
    window.addEventListener("resize", edges);
  }

  function init(root) {
    root.querySelectorAll(".tabs-scroll").forEach(setup);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();

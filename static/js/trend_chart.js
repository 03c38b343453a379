/* Line charts of one figure by month (templates/projects/trends/_chart.html): each container
   [data-trend-chart] holds its trend as JSON or names the /api/trends/ query that answers it. The
   area's line is bold; its children's lines are thin, named in a legend that scrolls. ECharts is
   loaded once, whatever the number of charts; a chart added by htmx is drawn when it settles. */
(function () {
  "use strict";
  if (window.jilinTrendCharts) {
    window.jilinTrendCharts.scan();
    return;
  }
  var echartsLoading = null;
  var PALETTE = ["#5470c6", "#91cc75", "#fac858", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc", "#8a8f98"];

  function loadEcharts(src) {
    if (typeof echarts !== "undefined") {
      return Promise.resolve();
    }
    if (!echartsLoading) {
      echartsLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return echartsLoading;
  }

  function formatter(unit) {
    return function (value) {
      if (value === null || value === undefined || value === "-") {
        return "—";
      }
      var shown = Math.round(value * 10) / 10;
      return unit === "%" ? shown + "%" : unit === "h" ? shown + " h" : unit === "d" ? shown + " d" : String(shown);
    };
  }

  function draw(container, data) {
    var hasValue = data.values.some(function (value) { return value !== null; }) ||
      data.children.some(function (child) { return child.values.some(function (value) { return value !== null; }); });
    container.textContent = "";
    if (!hasValue) {
      container.style.height = "auto";
      container.className += " text-secondary text-center py-4";
      container.textContent = container.getAttribute("data-empty");
      return;
    }
    var format = formatter(data.figure.unit);
    // A count of the area is the sum of its children's: drawn on its own axis (right), so the
    // children's lines are not flattened at the bottom. Rates, hours and days share one axis.
    var ownAxis = data.children.length && !data.figure.unit ? 1 : 0;
    var series = [{
      name: data.area.name,
      type: "line",
      data: data.values,
      z: 3,
      yAxisIndex: ownAxis,
      symbolSize: 6,
      lineStyle: { width: 3 },
      color: "#d4242c",
      label: { show: data.months.length <= 12 && !data.children.length, position: "top", formatter: function (p) { return format(p.value); } }
    }];
    data.children.forEach(function (child, index) {
      series.push({
        name: child.area.name,
        type: "line",
        data: child.values,
        symbol: "none",
        lineStyle: { width: 1.5 },
        color: PALETTE[index % PALETTE.length]
      });
    });
    var narrow = container.clientWidth < 480;
    var chart = echarts.init(container);
    chart.setOption({
      tooltip: { trigger: "axis", confine: true, valueFormatter: format },
      legend: { type: "scroll", bottom: 0, show: series.length > 1 },
      grid: { left: 8, right: 16, top: 28, bottom: series.length > 1 ? 40 : 12, containLabel: true },
      xAxis: { type: "category", data: data.months, axisLabel: { rotate: narrow ? 45 : 0 } },
      yAxis: [
        { type: "value", name: ownAxis ? "" : data.figure.unit, minInterval: data.figure.unit ? 0 : 1, axisLabel: { formatter: format } },
        { type: "value", show: !!ownAxis, name: ownAxis ? data.area.name : "", minInterval: 1, splitLine: { show: false },
          axisLine: { show: !!ownAxis, lineStyle: { color: "#d4242c" } }, axisLabel: { formatter: format } }
      ],
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function scan() {
    var containers = document.querySelectorAll("[data-trend-chart]:not([data-drawn])");
    Array.prototype.forEach.call(containers, function (container) {
      container.setAttribute("data-drawn", "");
      var inline = container.querySelector('script[type="application/json"]');
      var source = inline
        ? Promise.resolve(JSON.parse(inline.textContent))
        : fetch(container.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); });
      Promise.all([source, loadEcharts(container.getAttribute("data-echarts"))])
        .then(function (answers) { draw(container, answers[0]); })
        .catch(function () { container.textContent = container.getAttribute("data-failed"); });
    });
  }

  window.jilinTrendCharts = { scan: scan };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scan);
  } else {
    scan();
  }
  document.addEventListener("htmx:afterSettle", scan);
})();

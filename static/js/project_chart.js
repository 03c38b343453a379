/* The progress chart of a project page: percent complete filed each month against the milestones. */
(function () {
  "use strict";
  var dataElement = document.getElementById("project-chart-data");
  var container = document.getElementById("project-chart");
  if (!dataElement || !container || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(dataElement.textContent);
  var chart = echarts.init(container);
  chart.setOption({
    color: ["#d4242c", "#8a8f98"],
    tooltip: { trigger: "axis", valueFormatter: function (value) { return value === null || value === undefined ? "—" : value + "%"; } },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      { name: data.labels.progress, type: "bar", data: data.progress, barMaxWidth: 28, label: { show: true, position: "top", formatter: "{c}%" } },
      { name: data.labels.expected, type: "line", step: "end", data: data.expected, symbol: "none", lineStyle: { type: "dashed" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

/* The fee collection chart of a compound's red-heart property page: the collection rate by month,
   with the months its management mode changed marked on the axis. */
(function () {
  "use strict";
  var dataElement = document.getElementById("property-chart-data");
  var container = document.getElementById("property-chart");
  if (!dataElement || !container || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(dataElement.textContent);
  var marks = data.changes
    .filter(function (change) { return data.months.indexOf(change.month) !== -1; })
    .map(function (change) { return { xAxis: change.month, label: { formatter: change.mode, position: "insideStartTop" } }; });
  var chart = echarts.init(container);
  chart.setOption({
    color: ["#d4242c"],
    tooltip: { trigger: "axis", valueFormatter: function (value) { return value === null || value === undefined ? "—" : value + "%"; } },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      {
        name: data.label,
        type: "line",
        data: data.rates,
        label: { show: data.months.length <= 12, position: "top", formatter: "{c}%" },
        markLine: { symbol: "none", lineStyle: { type: "dashed", color: "#8a8f98" }, data: marks }
      }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

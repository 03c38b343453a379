/* The bar chart of an area page: its children side by side, two figures at a time. */
(function () {
  "use strict";
  var dataElement = document.getElementById("area-chart-data");
  var container = document.getElementById("area-chart");
  if (!dataElement || !container || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(dataElement.textContent);
  var modes = {
    network: ["grids", "grid_workers"],
    party: ["grid_party_organizations", "party_members"]
  };
  var colors = ["#d4242c", "#f0a030"];
  var chart = echarts.init(container);

  function render(mode) {
    var keys = modes[mode] || modes.network;
    chart.setOption({
      color: colors,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 64 },
      xAxis: {
        type: "category",
        data: data.names,
        axisLabel: { interval: 0, rotate: data.names.length > 6 ? 30 : 0 }
      },
      yAxis: { type: "value", minInterval: 1 },
      series: keys.map(function (key) {
        return { name: data.labels[key], type: "bar", data: data.series[key], barMaxWidth: 36 };
      })
    }, true);
  }

  var selector = document.getElementById("area-chart-mode");
  if (selector) {
    selector.addEventListener("change", function () { render(selector.value); });
  }
  window.addEventListener("resize", function () { chart.resize(); });
  render(selector ? selector.value : "network");
})();

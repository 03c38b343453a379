/* The area map (templates/projects/maps/_map.html): the area's children coloured by a figure, from
   the portal's own GeoJSON (GET /api/geo/<code>/, echarts.registerMap: no tiles, no internet), the
   points on top with a legend entry per kind (a click shows or hides the kind), a figure chooser,
   and a click on a child opening its map page. Every [data-area-map] of the page is drawn. */
(function () {
  "use strict";

  // The full build this page loaded before this script (maps need it): kept, since a chart script
  // of the same page may load ECharts' smaller common build after it, which has no maps.
  var ec = window.echarts;

  var KIND_ORDER = ["red_station", "desk", "venue", "family_station", "checkpoint", "compound_outside"];
  var KIND_STYLE = {
    red_station: { color: "#d4242c", symbol: "pin", size: 18 },
    desk: { color: "#0d6efd", symbol: "rect", size: 9 },
    venue: { color: "#6f42c1", symbol: "diamond", size: 9 },
    family_station: { color: "#fd7e14", symbol: "triangle", size: 9 },
    checkpoint: { color: "#343a40", symbol: "roundRect", size: 7 },
    compound_outside: { color: "#ffffff", symbol: "circle", size: 7, border: "#d4242c" }
  };

  function formatValue(value, unit) {
    if (value === null || value === undefined) { return null; }
    return unit === "%" ? value + "%" : String(value);
  }

  function draw(root) {
    var canvas = root.querySelector("[data-map-canvas]");
    var chooser = root.querySelector("[data-map-figure]");
    var status = root.querySelector("[data-map-status]");
    var badge = root.querySelector("[data-map-illustrative]");
    var labels = JSON.parse(root.querySelector("[data-map-labels]").textContent);
    var pageUrl = root.getAttribute("data-page-url");
    var chart = ec.init(canvas);
    var figure = root.getAttribute("data-figure");
    var selected = {};

    function pageOf(code) {
      var url = pageUrl.replace(/\/2202\/$/, "/" + code + "/");
      return figure && figure !== "ten_minute_share" ? url + "?figure=" + encodeURIComponent(figure) : url;
    }

    function render(data) {
      var mapName = "area-" + data.area.code;
      var drawn = data.features.filter(function (feature) { return feature.geometry; });
      var names = {};
      data.features.forEach(function (feature) { names[feature.properties.code] = feature.properties.name; });
      badge.hidden = !data.illustrative;
      chooser.innerHTML = "";
      data.figures.forEach(function (entry) {
        var option = document.createElement("option");
        option.value = entry.name;
        option.textContent = entry.label;
        option.selected = entry.name === data.figure.name;
        chooser.appendChild(option);
      });
      if (!drawn.length) {
        chart.clear();
        status.textContent = labels.no_shapes;
        return;
      }
      ec.registerMap(mapName, {
        type: "FeatureCollection",
        features: drawn.map(function (feature) {
          return { type: "Feature", properties: { name: feature.properties.code }, geometry: feature.geometry };
        })
      });
      var values = data.features
        .map(function (feature) { return feature.properties.value; })
        .filter(function (value) { return value !== null && value !== undefined; });
      var unit = data.figure.unit;
      var low = values.length ? Math.min.apply(null, values) : 0;
      var high = values.length ? Math.max.apply(null, values) : 1;
      if (unit === "%") { low = 0; high = 100; }
      if (high === low) { high = low + 1; }
      var colours = ["#d4242c", "#f6c343", "#2e9d5b"];
      if (!data.figure.higher_is_better) { colours = colours.slice().reverse(); }
      var narrow = canvas.clientWidth < 576;
      var regionLabel = function (params) { return names[params.name] || params.name; };
      var series = [{
        name: data.figure.label,
        type: "map",
        geoIndex: 0,
        data: data.features.map(function (feature) {
          return { name: feature.properties.code, value: feature.properties.value };
        })
      }];
      var byKind = {};
      data.points.forEach(function (point) {
        var kind = point.properties.kind;
        (byKind[kind] = byKind[kind] || []).push({
          name: point.properties.name,
          value: point.geometry.coordinates.concat([point.properties.metres]),
          kind: kind
        });
      });
      // The wider the area, the more points: smaller symbols on the city's and a district's map.
      var scale = { city: 0.55, district: 0.75 }[data.area.level] || 1;
      var legend = [];
      KIND_ORDER.forEach(function (kind) {
        if (!byKind[kind]) { return; }
        var style = KIND_STYLE[kind];
        legend.push(labels[kind]);
        series.push({
          name: labels[kind],
          type: "scatter",
          coordinateSystem: "geo",
          geoIndex: 0,
          symbol: style.symbol,
          symbolSize: Math.max(4, Math.round(style.size * scale)),
          itemStyle: { color: style.color, borderColor: style.border || "#ffffff", borderWidth: style.border ? 1.5 : 0.8 },
          data: byKind[kind],
          zlevel: 1
        });
      });
      chart.clear();
      chart.setOption({
        tooltip: {
          trigger: "item",
          formatter: function (params) {
            if (params.seriesType === "map" || params.componentType === "geo") {
              var shown = formatValue(params.value, unit);
              return ec.format.encodeHTML(names[params.name] || params.name) + "<br>" + data.figure.label + ": " +
                (shown === null || isNaN(params.value) ? labels.no_value : shown);
            }
            var metres = params.value[2];
            var more = params.data.kind === "compound_outside" ? "<br>" + (metres === null ? labels.far : metres + " " + labels.metres) : "";
            return params.seriesName + "<br>" + ec.format.encodeHTML(params.name) + more;
          }
        },
        geo: {
          map: mapName,
          roam: true,
          layoutCenter: ["50%", "47%"],
          layoutSize: "92%",
          scaleLimit: { min: 0.8, max: 40 },
          selectedMode: false,
          label: { show: (drawn.length <= 16 && !narrow) || drawn.length <= 6, formatter: regionLabel, fontSize: 11, color: "#212529" },
          itemStyle: { areaColor: "#e9ecef", borderColor: "#ffffff", borderWidth: 1.2 },
          emphasis: { label: { show: true, formatter: regionLabel }, itemStyle: { areaColor: "#9ec5fe" } }
        },
        visualMap: {
          type: "continuous",
          min: low,
          max: high,
          seriesIndex: 0,
          calculable: false,
          orient: narrow ? "horizontal" : "vertical",
          left: 8,
          bottom: narrow ? 40 : 8,
          itemWidth: 12,
          itemHeight: narrow ? 100 : 120,
          text: [formatValue(Math.round(high * 10) / 10, unit), formatValue(Math.round(low * 10) / 10, unit)],
          inRange: { color: colours },
          outOfRange: { color: "#e9ecef" }
        },
        legend: {
          type: "scroll",
          data: legend,
          selected: selected,
          bottom: 4,
          left: "center",
          itemWidth: 14,
          itemHeight: 10,
          textStyle: { fontSize: 11 }
        },
        series: series
      });
      status.textContent = labels.hint + (data.points_truncated ? " " + labels.truncated : "");
    }

    function load() {
      status.textContent = "…";
      var url = new URL(root.getAttribute("data-geo-url"), window.location.href);
      url.searchParams.set("figure", figure);
      if (root.getAttribute("data-period")) { url.searchParams.set("period", root.getAttribute("data-period")); }
      fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(render)
        .catch(function () { status.textContent = labels.failed; });
    }

    chart.on("legendselectchanged", function (event) { selected = event.selected; });
    chart.on("click", function (params) {
      var region = params.seriesType === "map" || params.componentType === "geo";
      if (region && params.name && params.name !== root.getAttribute("data-area")) {
        window.location.href = pageOf(params.name);
      }
    });
    chooser.addEventListener("change", function () {
      figure = chooser.value;
      root.setAttribute("data-figure", figure);
      if (window.history && window.location.pathname.indexOf("/maps/") === 0) {
        var here = new URL(window.location.href);
        here.searchParams.set("figure", figure);
        window.history.replaceState(null, "", here.toString());
      }
      load();
    });
    window.addEventListener("resize", function () { chart.resize(); });
    load();
  }

  function start() {
    if (typeof echarts === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-area-map]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

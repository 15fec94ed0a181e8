/* Draws every chart on the page from the JSON the server wrote with json_script.
 * No inline script: a strict Content-Security-Policy holds. Missing figures are not in the data,
 * so they are never drawn as 0; bounds (超, 不足 / >, <) are drawn lighter (bars) or hollow
 * (line points), marked on the axis and named in the tooltip. Value axes start at zero; a line's
 * time axis is proportional (each point at the middle of its period, labelled with the period).
 *
 * Printing: every quote (details.citation) is opened before printing and closed again after, the
 * charts are redrawn at the printed size, and the print footer gets the address and the date. */
(function () {
  "use strict";
  var ACCENT = "#0b5cad", ACCENT_SOFT = "#9cc3ea", HIGHLIGHT = "#d9480f", HIGHLIGHT_SOFT = "#f5b08c";
  var charts = [];

  function chinese() {
    return (document.documentElement.lang || "").indexOf("zh") === 0;
  }

  function colours(chart, points) {
    return points.map(function (p, i) {
      var hot = chart.highlight && chart.highlight[i];
      if (p.bound) return hot ? HIGHLIGHT_SOFT : ACCENT_SOFT;
      return hot ? HIGHLIGHT : ACCENT;
    });
  }

  // 海淀(超) in Chinese, Haidian (>) in English; older payloads have only the sign.
  function marked(label, point) {
    var mark = point.mark || point.bound;
    if (!mark) return label;
    return chinese() ? label + "（" + mark + "）" : label + " (" + mark + ")";
  }

  function barDatasets(chart) {
    return chart.datasets.map(function (ds) {
      var fill = colours(chart, ds.points);
      return {
        label: ds.label,
        data: ds.points.map(function (p) { return p.y; }),
        backgroundColor: fill,
        borderColor: fill,
        borderWidth: 1
      };
    });
  }

  function lineDatasets(chart, proportional) {
    return chart.datasets.map(function (ds) {
      return {
        label: ds.label,
        data: ds.points.map(function (p) { return proportional ? { x: p.x, y: p.y } : p.y; }),
        borderColor: ACCENT,
        borderWidth: 2,
        // A bound is a hollow point: the value is only a limit.
        pointBackgroundColor: ds.points.map(function (p) { return p.bound ? "#fff" : ACCENT; }),
        pointBorderColor: ACCENT,
        pointBorderWidth: 2,
        pointRadius: 5,
        tension: 0
      };
    });
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof Chart === "undefined") return;
    var chart = JSON.parse(source.textContent);
    var points = chart.datasets[0].points;
    var line = chart.type === "line";
    var proportional = line && points.every(function (p) { return typeof p.x === "number"; });
    var labels = chart.labels.map(function (label, i) { return marked(label, points[i]); });
    var scales = {
      y: {
        // Older payloads (before begin_at_zero) drew bars from zero only.
        beginAtZero: chart.begin_at_zero === undefined ? !line : !!chart.begin_at_zero,
        title: { display: !!chart.unit, text: chart.unit }
      }
    };
    if (proportional) {
      var xs = points.map(function (p) { return p.x; });
      var first = Math.min.apply(null, xs), last = Math.max.apply(null, xs);
      var pad = Math.max((last - first) * 0.08, 0.25);
      scales.x = {
        type: "linear",
        min: first - pad,
        max: last + pad,
        // One tick per period, named by its label: never a made-up "2023.5" (two statements
        // of one period reported days apart share a tick).
        afterBuildTicks: function (axis) {
          axis.ticks = xs.filter(function (x, i) {
            return i === 0 || labels[i] !== labels[i - 1];
          }).map(function (x) { return { value: x }; });
        },
        ticks: {
          autoSkip: false,
          maxRotation: 45,
          callback: function (value) {
            var i = xs.indexOf(value);
            return i < 0 ? "" : labels[i];
          }
        },
        grid: { display: false }
      };
    }
    var instance = new Chart(canvas, {
      type: chart.type,
      data: {
        labels: labels,
        datasets: line ? lineDatasets(chart, proportional) : barDatasets(chart)
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length ? labels[items[0].dataIndex] : ""; },
              label: function (ctx) { return ctx.dataset.label + ": " + points[ctx.dataIndex].text; }
            }
          }
        },
        scales: scales
      }
    });
    charts.push(instance);
  }

  function drawAll() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) draw(canvases[i]);
    stampPrintFooter();
  }

  function resizeAll() {
    for (var i = 0; i < charts.length; i++) charts[i].resize();
  }

  // The printed page's footer: the address and the day it is printed.
  function stampPrintFooter() {
    var address = document.querySelector("[data-print-address]");
    if (address) address.textContent = window.location.href;
    var day = document.querySelector("[data-print-date]");
    if (day) {
      var now = new Date();
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      day.textContent = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
      var line = day.closest("[hidden]");
      if (line) line.hidden = false;
    }
  }

  // Quotes print open; the ones the reader had closed close again afterwards.
  var opened = [];
  function beforePrint() {
    stampPrintFooter();
    var closed = document.querySelectorAll("details.citation:not([open])");
    for (var i = 0; i < closed.length; i++) {
      closed[i].open = true;
      opened.push(closed[i]);
    }
    resizeAll();
  }
  function afterPrint() {
    while (opened.length) opened.pop().open = false;
    resizeAll();
  }

  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    var onChange = function (e) { if (e.matches) beforePrint(); else afterPrint(); };
    if (print.addEventListener) print.addEventListener("change", onChange);
    else if (print.addListener) print.addListener(onChange);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();

/* Draws every chart on the page from the JSON the server wrote with json_script.
 * No inline script: a strict Content-Security-Policy holds. Missing figures are not in the data,
 * so they are never drawn as 0; bounds (超, 不足 / >, <) are drawn lighter (bars) or hollow
 * (line points), marked on the axis and named in the tooltip. Value axes start at zero; a line's
 * time axis is proportional (each point at the middle of its period, labelled with the period).
 *
 * Printing: every quote (details.citation) is opened before printing and closed again after, the
 * charts are redrawn at the printed size, and the print footer gets the address and the date.
 *
 * PNG: each chart's "下载图片（PNG）" / "Download PNG" button (in indicators/_chart.html, hidden
 * until this script runs) saves the chart as drawn, on white (a canvas is transparent
 * otherwise), named bjdigital-<page>-<chart>-<YYYY-MM-DD>.png. */
(function () {
  "use strict";
  var ACCENT = "#0b5cad", ACCENT_SOFT = "#9cc3ea", HIGHLIGHT = "#d9480f", HIGHLIGHT_SOFT = "#f5b08c";
  var charts = [];

  // Paints the canvas white under the chart, so that a saved PNG is not transparent (Chart.js's
  // documented "canvas background" plugin).
  var whiteBackground = {
    id: "bjdigitalWhiteBackground",
    beforeDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.globalCompositeOperation = "destination-over";
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    }
  };

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
    if (!source || typeof Chart === "undefined") return null;
    var drawn = Chart.getChart(canvas);
    if (drawn) return drawn;
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
      plugins: [whiteBackground],
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
    return instance;
  }

  // --- PNG downloads (owner: downloads) ---
  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function savePng(button) {
    var id = button.getAttribute("data-png-for");
    var canvas = document.querySelector('canvas[data-chart="' + id + '"]');
    var instance = canvas && draw(canvas); // drawn now if it was not yet
    if (!instance) return;
    // The image says what it shows: the chart's caption (title and unit) is drawn as its title
    // while it is saved, inside the same canvas, then taken away again.
    var figure = canvas.closest("figure");
    var caption = figure && figure.querySelector("figcaption");
    var title = instance.options.plugins.title;
    var shown = title.display, text = title.text;
    if (caption) {
      title.display = true;
      title.text = caption.textContent.replace(/\s+/g, " ").trim();
    }
    instance.update("none"); // drawn through the white background plugin, at the canvas' size
    var image = instance.toBase64Image("image/png", 1);
    title.display = shown;
    title.text = text;
    instance.update("none");
    var link = document.createElement("a");
    link.href = image;
    link.download = (button.getAttribute("data-png-name") || "bjdigital-chart") + "-" + today() + ".png";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
  }

  function offerPngs() {
    if (typeof Chart === "undefined") return; // no chart drawn: nothing to save
    var actions = document.querySelectorAll(".chart-actions[hidden]");
    for (var i = 0; i < actions.length; i++) actions[i].hidden = false;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-png-for]");
    if (button) savePng(button);
  });
  // --- end PNG downloads ---

  // --- drawn when in view (owner: cite; issue 15, Lighthouse) ---
  // Drawing every chart at once blocked the page for about half a second on /. A chart is drawn
  // when it comes near the viewport, and any still waiting just before printing.
  // draw() leaves a chart already drawn alone; a browser without IntersectionObserver draws all.
  function drawLazily(canvases) {
    var waiting = Array.prototype.slice.call(canvases);
    function drawWaiting(canvas) {
      var i = waiting.indexOf(canvas);
      if (i >= 0) waiting.splice(i, 1);
      draw(canvas);
    }
    function drawRest() {
      if (!waiting.length) return;
      while (waiting.length) drawWaiting(waiting[0]);
      resizeAll();
    }
    if (!("IntersectionObserver" in window)) {
      drawRest();
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].isIntersecting) {
          observer.unobserve(entries[i].target);
          // One chart a task, so the page answers input between them.
          window.setTimeout(drawWaiting, 0, entries[i].target);
        }
      }
    }, { rootMargin: "200px 0px" });
    for (var j = 0; j < waiting.length; j++) observer.observe(waiting[j]);
    window.addEventListener("beforeprint", drawRest);
    if (window.matchMedia) {
      var printing = window.matchMedia("print");
      var onPrint = function (e) { if (e.matches) drawRest(); };
      if (printing.addEventListener) printing.addEventListener("change", onPrint);
      else if (printing.addListener) printing.addListener(onPrint);
    }
  }
  // --- end drawn when in view ---

  function drawAll() {
    drawLazily(document.querySelectorAll("canvas[data-chart]")); // (owner: cite) was: draw each now
    offerPngs();
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

/* "Copy citation": the buttons beside every figure's source and quote and in the page's "How to
 * cite" (templates/_how_to_cite.html, core/citations.py). No inline script, so the strict
 * Content-Security-Policy holds. The citations are text in the page: without the Clipboard API the
 * buttons stay hidden (the class can-copy shows them) and the text is there to select; printed
 * pages show no buttons (site.css).
 *
 * A figure's citation ends with the page's part (bjdigital, the page, the data release, the access
 * date), taken from "How to cite"; the access date is the reader's day, since a cached page may have
 * been written the day before. */
(function () {
  "use strict";

  function chinese() {
    return (document.documentElement.lang || "").indexOf("zh") === 0;
  }

  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function flat(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  function citationFor(button) {
    var holder = button.closest(".cite-figure, .cite-page");
    var text = flat(holder.querySelector(".cite-text").textContent);
    if (holder.classList.contains("cite-figure")) {
      var page = document.querySelector(".how-to-cite .cite-compiled");
      if (page) text += (chinese() ? "" : " ") + flat(page.textContent);
    }
    return text;
  }

  function announce(key) {
    var status = document.querySelector("[data-cite-status]");
    if (!status) return;
    status.textContent = "";
    // A fresh text, so a second copy is announced again.
    window.setTimeout(function () { status.textContent = status.getAttribute(key) || ""; }, 50);
  }

  function selectText(button) {
    var text = button.closest(".cite-figure, .cite-page").querySelector(".cite-text");
    var range = document.createRange();
    range.selectNodeContents(text);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    navigator.clipboard.writeText(citationFor(button)).then(
      function () {
        button.classList.add("copied");
        window.setTimeout(function () { button.classList.remove("copied"); }, 2000);
        announce("data-copied");
      },
      function () {
        selectText(button);
        announce("data-failed");
      }
    );
  }

  function start() {
    var day = today();
    var stamps = document.querySelectorAll("[data-cite-today]");
    for (var i = 0; i < stamps.length; i++) {
      stamps[i].textContent = day;
      stamps[i].setAttribute("datetime", day);
    }
    if (!(navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext)) return;
    // One class shows every button (site.css): a page of figures has hundreds.
    document.documentElement.classList.add("can-copy");
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button.copy-cite");
      if (button) copy(button);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

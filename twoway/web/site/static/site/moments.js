/* The review list's keys (journal/moments.html): move between moments, confirm, reject,
 * change the kind or style, without the mouse. Every key has a button or a list behind it,
 * so the page works the same without this script. */
(function () {
  "use strict";

  function all() {
    return Array.prototype.slice.call(document.querySelectorAll("li.moment"));
  }

  function current() {
    var el = document.activeElement;
    return el && el.closest ? el.closest("li.moment") : null;
  }

  function focus(item) {
    if (!item) return;
    item.focus();
    item.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var items = all();
    if (!items.length) return;
    var at = items.indexOf(current());
    var next = at < 0 ? (step > 0 ? 0 : items.length - 1) : at + step;
    focus(items[Math.max(0, Math.min(items.length - 1, next))]);
  }

  function choose(item, name, index) {
    var select = item.querySelector('select[data-key="' + name + '"]');
    if (!select || !select.options.length) return;
    select.selectedIndex = index % select.options.length;
    item.classList.add("changed");
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "SELECT" || tag === "INPUT" || tag === "TEXTAREA") {
      if (event.key === "Escape") focus(target.closest("li.moment"));
      return;
    }
    var item = current();
    var key = event.key;
    if (key === "j" || key === "ArrowDown") {
      move(1);
    } else if (key === "k" || key === "ArrowUp") {
      move(-1);
    } else if (item && (key === "y" || key === "n")) {
      item.querySelector('button[data-key="' + key + '"]').click();
    } else if (item && key >= "1" && key <= "5") {
      choose(item, "kind", Number(key) - 1);
    } else if (item && key === "s") {
      var style = item.querySelector('select[data-key="style"]');
      choose(item, "style", style.selectedIndex + 1);
    } else {
      return;
    }
    event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var id = window.location.hash.slice(1);
    var item = id ? document.getElementById(id) : null;
    if (item) focus(item);
  });
})();

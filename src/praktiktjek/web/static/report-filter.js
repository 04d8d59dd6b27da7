(function () {
  "use strict";
  var form = document.getElementById("agreement-filter");
  if (!form) { return; }
  form.hidden = false;
  var rule = document.getElementById("filter-rule");
  var text = document.getElementById("filter-text");
  var count = document.getElementById("filter-count");
  var items = Array.prototype.slice.call(document.querySelectorAll(".agreement-list > li"));
  function apply() {
    var r = rule.value, q = text.value.toLowerCase(), shown = 0;
    items.forEach(function (li) {
      var hit = (!r || (" " + li.getAttribute("data-rules") + " ").indexOf(" " + r + " ") >= 0) &&
        (!q || li.textContent.toLowerCase().indexOf(q) >= 0);
      li.hidden = !hit;
      if (hit) { shown += 1; }
    });
    count.textContent = shown + " / " + items.length;
  }
  rule.addEventListener("change", apply);
  text.addEventListener("input", apply);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
})();

(function () {
  "use strict";
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  var closeButton = document.getElementById("panel-close");
  var nodes = Array.prototype.slice.call(document.querySelectorAll(".cm-node[data-code]"));
  var selected = null;

  function show(node) {
    var code = node.getAttribute("data-code");
    var detail = document.getElementById("detail-" + code);
    if (!detail || !body) { return; }
    if (selected) { selected.classList.remove("cm-selected"); selected.removeAttribute("aria-pressed"); }
    selected = node;
    node.classList.add("cm-selected");
    node.setAttribute("aria-pressed", "true");
    var copy = detail.cloneNode(true);
    copy.removeAttribute("id");
    var heading = copy.querySelector("h4");
    if (heading) { heading.parentNode.removeChild(heading); }
    var title = document.getElementById("panel-h");
    if (title && heading) { title.textContent = heading.textContent; }
    body.innerHTML = "";
    body.appendChild(copy);
    if (panel) { panel.hidden = false; panel.scrollTop = 0; }
  }

  function clear() {
    if (selected) { selected.classList.remove("cm-selected"); selected.removeAttribute("aria-pressed"); selected.focus(); }
    selected = null;
    if (body) { body.innerHTML = ""; }
    if (panel) { panel.hidden = true; }
  }

  nodes.forEach(function (node) {
    node.addEventListener("click", function () { show(node); });
    node.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        show(node);
      } else if (event.key === "Escape") {
        clear();
      }
    });
  });
  if (closeButton) { closeButton.addEventListener("click", clear); }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && selected) { clear(); }
  });

  // Print everything: the list of elements is collapsed on screen, open on paper.
  var all = document.getElementById("all-nodes");
  var wasOpen = false;
  window.addEventListener("beforeprint", function () { if (all) { wasOpen = all.open; all.open = true; } });
  window.addEventListener("afterprint", function () { if (all) { all.open = wasOpen; } });
  document.documentElement.setAttribute("data-report-ready", String(nodes.length));
})();

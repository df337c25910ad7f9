// Clicking a sentence highlights every span it cites; clicking a citation marker, just that span.
(function () {
  "use strict";
  function show(ids, sentence) {
    document.querySelectorAll("mark.hl").forEach(function (m) { m.classList.remove("hl"); });
    document.querySelectorAll(".sentence.active").forEach(function (s) { s.classList.remove("active"); });
    if (sentence) { sentence.classList.add("active"); }
    var first = null;
    ids.forEach(function (id) {
      // ids are generated ("c12"), never article text, so they are safe inside a selector.
      document.querySelectorAll('mark[data-c~="' + id + '"]').forEach(function (m) { m.classList.add("hl"); });
      first = first || document.getElementById("a-" + id);
    });
    // The anchor itself is empty; the run after it has a box to scroll to.
    if (first) { (first.nextElementSibling || first).scrollIntoView({ block: "center" }); }
  }
  function activate(target) {
    var cite = target.closest("a.cite");
    var sentence = target.closest(".sentence");
    if (cite) { show([cite.dataset.cite], sentence); return true; }
    if (sentence) { show((sentence.dataset.cites || "").split(" ").filter(Boolean), sentence); return true; }
    return false;
  }
  document.addEventListener("click", function (ev) {
    if (activate(ev.target) && ev.target.closest("a.cite")) { ev.preventDefault(); return; }
    // A cited span in a source leads back to the sentence that cites it.
    var mark = ev.target.closest("mark");
    if (!mark) { return; }
    var id = mark.dataset.c.split(" ")[0];
    var cite = document.querySelector('a.cite[data-cite="' + id + '"]');
    if (cite) { show([id], cite.closest(".sentence")); cite.closest(".sentence").scrollIntoView({ block: "center" }); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.classList && ev.target.classList.contains("sentence")) { activate(ev.target); }
  });
}());

// Wide tables scroll sideways on a phone: let keyboard users reach and scroll them too
// (WCAG 2.1.1). Templates may set tabindex/role/aria-label themselves; this fills the gaps.
document.querySelectorAll(".table-wrap").forEach(function (wrap) {
  if (wrap.hasAttribute("tabindex")) return;
  var table = wrap.querySelector("table");
  var caption = table && table.querySelector("caption");
  var section = wrap.closest("section");
  var heading = section && section.querySelector("h2, h3");
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", (caption || heading || { textContent: "Bảng" }).textContent.trim());
});

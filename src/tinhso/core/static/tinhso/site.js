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

// Addressee search (liên thông văn bản): a chosen body fills the recipient form it sits in.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest(".pick-organisation");
  if (!button) return;
  var form = button.closest("form");
  if (!form) return;
  var internal = button.dataset.internal === "1";
  if (form.elements.kind) form.elements.kind.value = internal ? "internal" : "external";
  if (internal && form.elements.agency) {
    Array.prototype.forEach.call(form.elements.agency.options, function (option) {
      if (option.text === button.dataset.organName) form.elements.agency.value = option.value;
    });
  } else {
    if (form.elements.name) form.elements.name.value = button.dataset.organName;
    if (form.elements.organ_id) form.elements.organ_id.value = button.dataset.organId;
  }
  var status = form.querySelector("#ket-qua-co-quan");
  if (status) status.textContent = "Đã chọn: " + button.dataset.organName + " (" + button.dataset.organId + ").";
  var submit = form.querySelector("button[type=submit]");
  if (submit) submit.focus();
});

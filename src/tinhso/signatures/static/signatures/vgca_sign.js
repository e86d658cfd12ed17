// Calls the Ban Cơ yếu signing app through vgcaplugin.js (vgca_sign_approved, vgca_sign_issued,
// vgca_sign_appendix, vgca_sign_copy) with the parameters the server prepared for this session.
(function () {
  "use strict";
  function show(box, text, error) {
    box.hidden = false;
    box.textContent = text;
    box.className = "message" + (error ? " error" : "");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("vgca-sign");
    var data = document.getElementById("vgca-call");
    var box = document.getElementById("vgca-result");
    if (!button || !data || !box) return;
    var call = JSON.parse(data.textContent);
    button.addEventListener("click", function () {
      var sign = window[call.function];
      if (typeof sign !== "function") {
        show(box, "Chưa cài phần mềm ký số của Ban Cơ yếu (VGCA Sign Service) trên máy tính này, " +
          "hoặc trình duyệt chưa nạp được vgcaplugin.js.", true);
        return;
      }
      button.disabled = true;
      show(box, "Đang chờ phần mềm ký số…", false);
      sign(JSON.stringify(call.parameters), function (answer) {
        var result;
        try { result = JSON.parse(answer); } catch (e) { result = { Status: -1, Message: String(answer) }; }
        if (result && Number(result.Status) === 0) {
          show(box, "Đã ký số văn bản.", false);
          window.location.reload();
        } else {
          button.disabled = false;
          show(box, (result && result.Message) || "Quá trình ký số bị hủy bỏ.", true);
        }
      });
    });
  });
})();

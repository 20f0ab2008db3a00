// otos forms: small progressive enhancements. Nothing depends on this script: every form works
// the same without it. It moves focus to the error summary after a failed page, and disables a
// form's buttons once it is sent so that a double click sends one request (the server stores a
// response once in any case).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
    var forms = document.querySelectorAll("form.survey-form");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function (event) {
        var clicked = event.submitter;
        if (clicked && clicked.name) {
          // A disabled button is not sent: carry its value in a hidden field.
          var carry = document.createElement("input");
          carry.type = "hidden";
          carry.name = clicked.name;
          carry.value = clicked.value;
          form.appendChild(carry);
        }
        window.setTimeout(function () {
          Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) {
            b.disabled = true;
          });
        }, 0);
      });
    });
  });
})();

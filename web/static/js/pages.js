// Buttons of the pages, wired here because the Content-Security-Policy forbids inline handlers.
// [data-print] prints the page; [data-copy="<input id>"] copies that input's text (a signed link).
(function () {
  "use strict";

  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    input.select();
    document.execCommand("copy");
    return Promise.resolve();
  }

  function showCopied(button) {
    var label = button.textContent;
    button.textContent = button.getAttribute("data-copied") || label;
    window.setTimeout(function () { button.textContent = label; }, 1500);
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var print = target && target.closest("[data-print]");
    if (print) {
      window.print();
      return;
    }
    var copy = target && target.closest("[data-copy]");
    if (copy) {
      var input = document.getElementById(copy.getAttribute("data-copy"));
      if (input) {
        input.select();
        copyText(input).then(function () { showCopied(copy); }, function () { input.select(); });
      }
    }
  });
}());

// Read-aloud for browsers with speech synthesis. Progressive enhancement: the buttons start
// hidden and pages work the same without this script.
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") { return; }
  var buttons = document.querySelectorAll("button[data-read-aloud]");
  Array.prototype.forEach.call(buttons, function (button) {
    var startLabel = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (window.speechSynthesis.speaking) {
        window.speechSynthesis.cancel();
        button.textContent = startLabel;
        return;
      }
      var target = document.getElementById(button.getAttribute("data-read-aloud"));
      if (!target) { return; }
      var utterance = new SpeechSynthesisUtterance(target.innerText);
      utterance.lang = document.documentElement.lang === "en" ? "en-US" : "ja-JP";
      utterance.rate = 0.9;
      utterance.onend = function () { button.textContent = startLabel; };
      button.textContent = button.getAttribute("data-stop-label") || startLabel;
      window.speechSynthesis.speak(utterance);
    });
  });
})();

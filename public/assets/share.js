// Share bar behaviour: copy the article's link, and offer the device's own share sheet where the
// browser has one (navigator.share). First-party and tiny: no third-party script on any page.
(function () {
  "use strict";
  var status = document.querySelector("[data-share-status]");
  function say(message) {
    if (!status) return;
    status.textContent = message;
    window.setTimeout(function () {
      if (status.textContent === message) status.textContent = "";
    }, 4000);
  }

  function copyWithSelection(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(field);
    return ok;
  }

  var copy = document.querySelector("[data-share-copy]");
  if (copy) {
    copy.addEventListener("click", function () {
      var url = copy.getAttribute("data-url") || window.location.href;
      var done = function () { say("Link copied"); };
      var fallback = function () { copyWithSelection(url) ? done() : say("Copy this link: " + url); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, fallback);
      } else {
        fallback();
      }
    });
  }

  var native = document.querySelector("[data-share-native]");
  var nativeItem = document.querySelector("[data-share-native-item]");
  if (native && nativeItem && typeof navigator.share === "function") {
    nativeItem.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: native.getAttribute("data-title") || document.title, url: native.getAttribute("data-url") || window.location.href })
        .catch(function () { /* the reader closed the share sheet */ });
    });
  }
})();

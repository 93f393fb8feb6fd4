// Opens a published route page: decrypts its sealed part with the key in the link's fragment (#k=...).
// The fragment never leaves the browser (it is not sent with requests, nor in a Referer). The sealed part
// is AES-256-GCM (web/site/sealing.py), bound to this page, day and language by its associated data, so a
// missing, wrong or another technician's key leaves the page locked with a message saying which.
// Classic script with no fetch, so it works from a static host and from file:// alike.
(function () {
  "use strict";

  var sealed = document.getElementById("sealed");
  var notice = document.getElementById("lock-notice");
  if (!sealed || !notice) {
    return;
  }

  function bytes(b64url) {
    var b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
    var text = window.atob(b64 + "===".slice((b64.length + 3) % 4));
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      out[i] = text.charCodeAt(i);
    }
    return out;
  }

  function fragmentKey() {
    var match = /(?:^#|&)k=([A-Za-z0-9_-]{43})(?:&|$)/.exec(window.location.hash);
    return match ? match[1] : null;
  }

  function say(state) {
    notice.textContent = notice.getAttribute("data-" + state) || "";
    notice.setAttribute("data-state", state);
    notice.className = state === "locked" ? "empty" : "alert";
  }

  // The other language's page opens with the same key.
  function keepKeyOnLanguageSwitch() {
    var link = document.querySelector("a.lang-switch");
    if (link && window.location.hash) {
      link.setAttribute("href", link.getAttribute("href").split("#")[0] + window.location.hash);
    }
  }

  function offerCalendar(main, content) {
    var button = main.querySelector("a[download]");
    if (button) {
      var file = new Blob([content.calendar], { type: "text/calendar;charset=utf-8" });
      button.setAttribute("href", URL.createObjectURL(file));
      button.setAttribute("download", content.calendar_name);
    }
  }

  function open(content) {
    var parsed = new DOMParser().parseFromString(content.main, "text/html");
    var main = document.getElementById("route-main");
    var nodes = Array.prototype.map.call(parsed.body.childNodes, function (node) {
      return document.importNode(node, true);
    });
    main.replaceChildren.apply(main, nodes);
    offerCalendar(main, content);
    notice.hidden = true;
    notice.setAttribute("data-state", "open");
    document.body.classList.add("unlocked");
    // The status buttons (field-status.js), when the page has them, start now that they are in place.
    document.dispatchEvent(new CustomEvent("planner:route-unlocked"));
  }

  keepKeyOnLanguageSwitch();
  var key = fragmentKey();
  if (!key) {
    say(/(?:^#|&)k=/.test(window.location.hash) ? "wrong" : "locked");
    return;
  }
  if (!window.crypto || !window.crypto.subtle || !window.DOMParser) {
    say("unsupported");
    return;
  }
  var algorithm = {
    name: "AES-GCM",
    iv: bytes(sealed.getAttribute("data-nonce")),
    additionalData: new TextEncoder().encode(sealed.getAttribute("data-aad")),
    tagLength: 128
  };
  window.crypto.subtle.importKey("raw", bytes(key), "AES-GCM", false, ["decrypt"])
    .then(function (cryptoKey) {
      return window.crypto.subtle.decrypt(algorithm, cryptoKey, bytes(sealed.getAttribute("data-ciphertext")));
    })
    .then(function (plain) {
      open(JSON.parse(new TextDecoder().decode(plain)));
    }, function () {
      say("wrong");
    });
}());

// HLS playback for every <video class="hls" data-src="...m3u8">: native where the browser has it
// (Safari, phones, TVs, current Chromium), else hls.js if it was installed into /static/vendor/
// (see docs/catalog.md), else a note and the TS download link.
"use strict";
(function () {
  const videos = Array.from(document.querySelectorAll("video.hls"));
  const note = document.getElementById("player-note");
  if (!videos.length) return;
  function failed(video) {
    video.dataset.engine = "none";
    if (note) note.hidden = false;
  }
  if (videos[0].canPlayType("application/vnd.apple.mpegurl")) {
    videos.forEach(function (v) { v.src = v.dataset.src; v.dataset.engine = "native"; });
    return;
  }
  const script = document.createElement("script");
  script.src = "/static/vendor/hls.min.js";
  script.onload = function () {
    videos.forEach(function (v) {
      if (window.Hls && window.Hls.isSupported()) {
        const hls = new window.Hls();
        hls.loadSource(v.dataset.src);
        hls.attachMedia(v);
        v.dataset.engine = "hls.js";
      } else {
        failed(v);
      }
    });
  };
  script.onerror = function () { videos.forEach(failed); };
  document.head.appendChild(script);
})();

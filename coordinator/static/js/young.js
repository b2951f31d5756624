// Registers the young people's service worker (scope /ung/) where the browser supports it.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/ung/sw.js", { scope: "/ung/" }).catch(() => {});
  });
}

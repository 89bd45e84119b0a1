/* twoway's service worker (served by twoway.web.site.app at /sw.js).
 *
 * It keeps the app shell (styles, scripts, icons) and the last log form this
 * session opened, so the log form opens without a network; entries logged then
 * wait on the device (static/site/app.js) until the network is back. Nothing
 * else is kept: every other page always comes from the server. The kept log
 * form is dropped when the session ends (the server sends the login page
 * instead), and logging out clears everything (Clear-Site-Data). */
"use strict";

const VERSION = {{ version|tojson }};
const SHELL_CACHE = "twoway-shell-" + VERSION;
const PAGE_CACHE = "twoway-log-form";
const SHELL = {{ shell|tojson }};
const LOG_URL = {{ log_url|tojson }};
const LOGIN_URL = {{ login_url|tojson }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("twoway-shell-") && name !== SHELL_CACHE)
            .map((name) => caches.delete(name))
        )
      )
      .then(() => self.clients.claim())
  );
});

/* A page asked for while offline: the kept log form, or a short note with a way to it. */
async function offlinePage(url) {
  const kept = await caches.match(LOG_URL, { cacheName: PAGE_CACHE });
  if (kept) return kept;
  const body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>Offline · twoway</title>" +
    SHELL.filter((u) => u.endsWith(".css")).map((u) => '<link rel="stylesheet" href="' + u + '">').join("") +
    '</head><body><main id="main"><h1>No network</h1>' +
    "<p>This page needs the network. Open twoway once while online to log entries offline.</p>" +
    "</main></body></html>";
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function navigate(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    if (url.pathname === LOG_URL && response.ok && !response.redirected) {
      const cache = await caches.open(PAGE_CACHE);
      await cache.put(LOG_URL, response.clone());
    } else if (response.redirected && new URL(response.url).pathname === LOGIN_URL) {
      // The session has ended: what it kept goes with it.
      await caches.delete(PAGE_CACHE);
    }
    return response;
  } catch (error) {
    return offlinePage(url);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(
      caches.match(request, { cacheName: SHELL_CACHE }).then((hit) => hit || fetch(request))
    );
  }
});

// "Listen" on a lesson page (Features/Learn/ListenControl.razor).
// A lesson with an audio version: the <audio> element plays it; this adds speeds, skips of 15 s,
// lock-screen controls (Media Session API) and saves her place to the server every 10 s while it
// plays, on pause and when she leaves, so another device picks up there.
// A lesson without one: the browser reads the text aloud (Web Speech API), a paragraph at a time,
// highlighting and scrolling to the one being read. Nothing goes to the server, so it works offline.
// A browser with no speech, or no voice, says so instead of leaving a button that does nothing.
(() => {
  const SAVE_EVERY_MS = 10000;
  const SKIP_S = 15;
  const RATE_KEY = "listen:rate"; // a device preference, not hers: kept on this device only
  const NO_VOICE = "This browser has no voice to read aloud with. You can install one in your device's speech or accessibility settings, or read the lesson as text.";
  const NO_SPEECH = "This browser cannot read aloud. You can read the lesson as text, or try another browser.";

  const savedRate = () => { try { return localStorage.getItem(RATE_KEY) || "1"; } catch { return "1"; } };
  const keepRate = rate => { try { localStorage.setItem(RATE_KEY, rate); } catch { /* storage off */ } };
  const clock = s => {
    s = Math.max(0, Math.floor(s || 0));
    const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = String(s % 60).padStart(2, "0");
    return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
  };
  const reduceMotion = () => window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;

  function setupSpeed(section, apply) {
    const select = section.querySelector("select[data-speed]");
    if (!select) return () => 1;
    if ([...select.options].some(o => o.value === savedRate())) select.value = savedRate();
    select.addEventListener("change", () => { keepRate(select.value); apply(Number(select.value)); });
    return () => Number(select.value) || 1;
  }

  // ---- The recording ----
  function setupAudio(section) {
    const audio = section.querySelector("audio");
    const form = section.querySelector("form.listen-save");
    const status = section.querySelector(".listen-status");
    const controls = section.querySelector(".listen-controls");
    const play = section.querySelector("[data-action=play]");
    if (!audio || !form) return;
    const say = text => { if (status) status.textContent = text; };
    let resumeAt = Number(section.dataset.position || 0);
    let lastSaved = resumeAt;
    let lastSaveAt = 0;

    const rate = setupSpeed(section, r => { audio.playbackRate = r; audio.defaultPlaybackRate = r; say(`Speed ${r}×.`); positionState(); });
    audio.playbackRate = audio.defaultPlaybackRate = rate();

    const body = seconds => {
      const data = new FormData(form);
      data.set("seconds", String(Math.floor(seconds)));
      return data;
    };
    function save(leaving) {
      const at = Math.floor(audio.currentTime || 0);
      if (!Number.isFinite(at) || at === lastSaved) return;
      lastSaved = at;
      lastSaveAt = Date.now();
      if (leaving && navigator.sendBeacon) { navigator.sendBeacon(form.action, body(at)); return; }
      fetch(form.action, { method: "POST", body: body(at), credentials: "same-origin", keepalive: true }).catch(() => { lastSaved = -1; });
    }

    function positionState() {
      if (!("mediaSession" in navigator) || !navigator.mediaSession.setPositionState || !Number.isFinite(audio.duration)) return;
      try { navigator.mediaSession.setPositionState({ duration: audio.duration, playbackRate: audio.playbackRate, position: Math.min(audio.currentTime, audio.duration) }); } catch { }
    }
    const skip = by => {
      const end = Number.isFinite(audio.duration) ? audio.duration : Infinity;
      audio.currentTime = Math.min(end, Math.max(0, audio.currentTime + by));
      positionState();
    };

    // Her place from last time (on any device); not when she was in the last seconds anyway.
    const seekToSaved = () => {
      if (resumeAt > 0 && (!Number.isFinite(audio.duration) || resumeAt < audio.duration - 2)) audio.currentTime = resumeAt;
      resumeAt = 0;
    };
    if (audio.readyState >= 1) seekToSaved(); else audio.addEventListener("loadedmetadata", seekToSaved, { once: true });

    const label = () => {
      const playing = !audio.paused && !audio.ended;
      play.textContent = playing ? "Pause" : "Play";
      play.setAttribute("aria-label", playing ? "Pause the recording" : "Play the recording");
    };
    play.addEventListener("click", () => {
      if (audio.paused || audio.ended) audio.play().catch(() => say("The recording could not start. Check your connection and try again."));
      else audio.pause();
    });
    section.querySelector("[data-action=back]")?.addEventListener("click", () => skip(-SKIP_S));
    section.querySelector("[data-action=forward]")?.addEventListener("click", () => skip(SKIP_S));

    audio.addEventListener("play", () => { label(); say(`Playing from ${clock(audio.currentTime)} at ${audio.playbackRate}×.`); if ("mediaSession" in navigator) navigator.mediaSession.playbackState = "playing"; });
    audio.addEventListener("pause", () => { label(); if (!audio.ended) say(`Paused at ${clock(audio.currentTime)}.`); save(false); if ("mediaSession" in navigator) navigator.mediaSession.playbackState = "paused"; });
    audio.addEventListener("ended", () => {
      label();
      say("The recording has ended. Next time it starts from the beginning.");
      audio.currentTime = 0;
      save(false);
    });
    audio.addEventListener("timeupdate", () => { if (!audio.paused && Date.now() - lastSaveAt >= SAVE_EVERY_MS) save(false); });
    audio.addEventListener("ratechange", () => { if (rate() !== audio.playbackRate) audio.playbackRate = rate(); });
    audio.addEventListener("loadedmetadata", positionState);
    audio.addEventListener("error", () => say("The recording could not be loaded. Check your connection, or read the lesson as text."));
    window.addEventListener("pagehide", () => { if (document.contains(audio)) save(true); });

    if ("mediaSession" in navigator) {
      try {
        navigator.mediaSession.metadata = new MediaMetadata({ title: section.dataset.title || document.title, artist: section.dataset.album || "", album: section.dataset.album || "" });
      } catch { }
      const on = (action, handler) => { try { navigator.mediaSession.setActionHandler(action, handler); } catch { /* not supported here */ } };
      on("play", () => audio.play());
      on("pause", () => audio.pause());
      on("seekbackward", d => skip(-(d?.seekOffset || SKIP_S)));
      on("seekforward", d => skip(d?.seekOffset || SKIP_S));
      on("seekto", d => { if (d && Number.isFinite(d.seekTime)) { audio.currentTime = d.seekTime; positionState(); } });
    }
    controls.hidden = false;
    label();
  }

  // ---- Reading aloud ----
  let stopReading = null; // the page's reader, stopped when another page replaces it

  // What is read: the title, the content note and the lesson's text and practice, block by block
  // (a block holding another readable block is read through its parts).
  function readableBlocks(section) {
    const article = section.closest("article") || document;
    const all = [...article.querySelectorAll("h1, .content-note, .prose p, .prose li, .prose h2, .prose h3, .prose h4, .prose blockquote, .practice > h2, .practice > h3")]
      .filter(el => !el.closest(".footnotes, .listen") && el.textContent.trim().length > 0);
    return all.filter(el => !all.some(other => other !== el && el.contains(other)));
  }

  function setupSpeech(section) {
    const status = section.querySelector(".listen-status");
    const controls = section.querySelector(".listen-controls");
    const play = section.querySelector("[data-action=play]");
    const stop = section.querySelector("[data-action=stop]");
    const say = text => { if (status) status.textContent = text; };
    const synth = window.speechSynthesis;
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") { say(NO_SPEECH); return; }

    const blocks = readableBlocks(section);
    let index = 0;
    let state = "idle"; // idle | reading | paused
    let run = 0; // each start gets a number: events of a cancelled utterance are ignored
    let current = null;

    const rate = setupSpeed(section, () => { if (state === "reading") speakFrom(index); });

    const voice = () => {
      const voices = synth.getVoices() || [];
      const lang = (document.documentElement.lang || "en").toLowerCase();
      return voices.find(v => v.lang?.toLowerCase().startsWith(lang) && v.default) || voices.find(v => v.lang?.toLowerCase().startsWith(lang)) || voices[0] || null;
    };

    function mark(el) {
      if (current) { current.classList.remove("listen-current"); current.removeAttribute("aria-current"); }
      current = el;
      if (!el) return;
      el.classList.add("listen-current");
      el.setAttribute("aria-current", "true");
      el.scrollIntoView({ block: "center", behavior: reduceMotion() ? "auto" : "smooth" });
    }

    function show(next) {
      state = next;
      play.textContent = state === "reading" ? "Pause" : state === "paused" ? "Resume" : "Read aloud";
      // Each name starts with the words on the button (what a voice-control user says).
      if (state === "idle") play.removeAttribute("aria-label");
      else play.setAttribute("aria-label", state === "reading" ? "Pause reading aloud" : "Resume reading aloud");
      stop.disabled = state === "idle";
      section.dataset.state = state;
    }

    function noVoice() {
      run++;
      try { synth.cancel(); } catch { }
      mark(null);
      show("idle");
      controls.hidden = true;
      say(NO_VOICE);
    }

    function speakFrom(i) {
      const mine = ++run;
      synth.cancel();
      if (i >= blocks.length) { finish(); return; }
      index = i;
      const utterance = new SpeechSynthesisUtterance(blocks[i].textContent.replace(/\s+/g, " ").trim());
      const v = voice();
      if (v) { utterance.voice = v; utterance.lang = v.lang; } else utterance.lang = document.documentElement.lang || "en";
      utterance.rate = rate();
      utterance.onstart = () => { if (mine === run) mark(blocks[i]); };
      utterance.onend = () => { if (mine === run && state === "reading") speakFrom(i + 1); };
      utterance.onerror = e => {
        if (mine !== run || e.error === "interrupted" || e.error === "canceled") return;
        // No voice at all (headless or stripped browsers end every utterance with synthesis-failed).
        if (["synthesis-failed", "synthesis-unavailable", "voice-unavailable", "language-unavailable"].includes(e.error) && (synth.getVoices() || []).length === 0) { noVoice(); return; }
        say("Reading aloud stopped unexpectedly. Press “Read aloud” to try again.");
        mark(null);
        show("idle");
      };
      mark(blocks[i]);
      synth.speak(utterance);
    }

    function finish() {
      run++;
      mark(null);
      index = 0;
      show("idle");
      say("Finished reading the lesson aloud.");
    }

    play.addEventListener("click", () => {
      if (state === "reading") {
        synth.pause();
        show("paused");
        say("Paused.");
      } else if (state === "paused") {
        show("reading");
        say("Reading aloud.");
        synth.resume();
        // Some engines forget a paused utterance: if nothing is speaking, read the block again.
        setTimeout(() => { if (state === "reading" && !synth.speaking) speakFrom(index); }, 300);
      } else {
        if (blocks.length === 0) { say("There is no text on this page to read."); return; }
        show("reading");
        say("Reading aloud.");
        speakFrom(index);
      }
    });
    stop.addEventListener("click", () => {
      run++;
      synth.cancel();
      mark(null);
      index = 0;
      show("idle");
      say("Stopped.");
    });

    stopReading = () => { run++; try { synth.cancel(); } catch { } };
    // Chrome keeps speaking after the page is gone otherwise.
    window.addEventListener("pagehide", () => stopReading?.());
    show("idle");
    controls.hidden = false;
  }

  const init = () => {
    stopReading?.();
    stopReading = null;
    document.querySelectorAll("section.listen").forEach(section => {
      if (section.dataset.listenReady) return;
      section.dataset.listenReady = "1";
      if (section.dataset.listen === "audio") setupAudio(section); else setupSpeech(section);
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
  // Blazor's enhanced navigation swaps pages without a full load.
  if (window.Blazor?.addEventListener) window.Blazor.addEventListener("enhancedload", init);
  else document.addEventListener("DOMContentLoaded", () => window.Blazor?.addEventListener?.("enhancedload", init));
})();

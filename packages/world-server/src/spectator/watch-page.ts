/**
 * The `/watch` page: plays a map's broadcast with hls.js (served beside it
 * as `watch/hls.js`), or says that nobody is on stage. It asks
 * `watch/status` every 2 s, starts the player when the broadcast is live and
 * drops it when it ends. No build step: plain HTML and a small script, so
 * any world with `spectator` on has it. `window.watch` tells tests (and the
 * curious) what the page is doing.
 */
export function watchPage(world: string, map: string): string {
	const title = `${escapeHtml(world)} · ${escapeHtml(map)}`;
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Watch ${title} · Hallway</title>
<style>
	:root { color-scheme: dark; font-family: system-ui, sans-serif; background: #12151d; color: #e8eaf0; }
	body { margin: 0; min-height: 100vh; display: grid; place-items: center; }
	main { width: min(960px, 100vw - 32px); }
	h1 { font-size: 1.1rem; font-weight: 600; margin: 0 0 12px; }
	.screen { position: relative; aspect-ratio: 16 / 9; background: #1d2230; border-radius: 8px; overflow: hidden; }
	video { width: 100%; height: 100%; display: block; }
	#message { position: absolute; inset: 0; display: grid; place-items: center; margin: 0; font-size: 1.2rem; color: #aab0c0; }
	#message[hidden] { display: none; }
	.bar { display: flex; gap: 12px; align-items: center; margin-top: 12px; font-size: 0.9rem; color: #aab0c0; }
	button { font: inherit; padding: 4px 12px; border-radius: 6px; border: 1px solid #3a4258; background: #262c3d; color: inherit; cursor: pointer; }
</style>
</head>
<body>
<main>
	<h1>On stage in ${title}</h1>
	<div class="screen">
		<video id="video" muted autoplay playsinline></video>
		<p id="message">Connecting…</p>
	</div>
	<div class="bar"><button id="sound" type="button">Turn sound on</button><span id="info"></span></div>
</main>
<script src="watch/hls.js"></script>
<script>
(() => {
	'use strict';
	// Relative to this page, whatever prefix or proxy serves it (with or without a trailing slash).
	const base = location.pathname.replace(/\\/watch\\/?$/, '/watch/');
	const video = document.getElementById('video');
	const message = document.getElementById('message');
	const info = document.getElementById('info');
	const sound = document.getElementById('sound');
	/** What the page is doing, for tests: 'connecting' | 'off' | 'waiting' | 'playing' | 'unreachable'. */
	const watch = (window.watch = { state: 'connecting', status: null, errors: [], hls: null });

	sound.addEventListener('click', () => {
		video.muted = !video.muted;
		sound.textContent = video.muted ? 'Turn sound on' : 'Mute';
		void video.play().catch(() => {});
	});

	function show(text) {
		message.hidden = text === null;
		if (text !== null) message.textContent = text;
	}

	function start() {
		const source = base + 'index.m3u8';
		if (window.Hls && window.Hls.isSupported()) {
			// Two segments behind the live edge (a little less latency than the default three); after a stall
			// it plays up to 1.2× fast to get back there, and past six segments behind it jumps.
			const hls = new window.Hls({ liveSyncDurationCount: 2, liveMaxLatencyDurationCount: 6, maxLiveSyncPlaybackRate: 1.2, backBufferLength: 30 });
			hls.on(window.Hls.Events.ERROR, (_event, data) => {
				if (!data.fatal) return;
				watch.errors.push(data.details);
				stop();
			});
			hls.loadSource(source);
			hls.attachMedia(video);
			watch.hls = hls;
		} else if (video.canPlayType('application/vnd.apple.mpegurl')) {
			video.src = source;
			watch.hls = { destroy() { video.removeAttribute('src'); video.load(); } };
		} else {
			show('This browser cannot play the broadcast (no Media Source Extensions).');
			return;
		}
		void video.play().catch(() => {});
	}

	function stop() {
		watch.hls?.destroy();
		watch.hls = null;
	}

	function update(status) {
		watch.status = status;
		if (status.state === 'off') {
			if (watch.hls) stop();
			watch.state = 'off';
			show('Nobody on stage');
			info.textContent = '';
			return;
		}
		if (status.state === 'live' && !watch.hls) start();
		info.textContent = status.speakers === 1 ? '1 speaker on stage' : status.speakers + ' speakers on stage';
		if (watch.hls && video.currentTime > 0 && !video.paused) {
			watch.state = 'playing';
			show(null);
		} else {
			watch.state = 'waiting';
			show('Someone is stepping on stage…');
		}
	}

	async function poll() {
		try {
			const response = await fetch(base + 'status', { cache: 'no-store' });
			update(await response.json());
		} catch {
			watch.state = 'unreachable';
			show('The world cannot be reached; trying again…');
		}
		setTimeout(poll, 2000);
	}
	video.addEventListener('playing', () => {
		if (!watch.hls) return;
		watch.state = 'playing';
		show(null);
	});
	void poll();
})();
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

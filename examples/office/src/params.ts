// URL parameters: `?name=Alice&autojoin=1&spawn=lobby` skips the join screen
// (browser tests open two pages this way); `endpoint` points the page at a
// world server on another origin (e.g. the Vite dev server against `npm start`).

export interface PageParams {
	/** Display name to prefill (or to join with, with `autojoin`). */
	name: string | undefined;
	/** Join at once with camera and microphone on. */
	autojoin: boolean;
	/** Spawn point on the first map (`lobby`, `east-wing`). */
	spawn: string | undefined;
	/** Map to start on (`office`, `garden`). */
	map: string | undefined;
	/** World server URL. Default: this page's origin. */
	endpoint: string;
	/** Phaser renderer: `canvas` for machines without a GPU (see world-view.ts). Default `auto`. */
	renderer: 'auto' | 'webgl' | 'canvas';
}

export function readParams(search = location.search): PageParams {
	const params = new URLSearchParams(search);
	const text = (key: string): string | undefined => params.get(key)?.trim() || undefined;
	const flag = text('autojoin');
	const renderer = text('renderer');
	return {
		name: text('name'),
		autojoin: flag !== undefined && flag !== '0' && flag !== 'false',
		spawn: text('spawn'),
		map: text('map'),
		endpoint: text('endpoint') ?? location.origin,
		renderer: renderer === 'webgl' || renderer === 'canvas' ? renderer : 'auto',
	};
}

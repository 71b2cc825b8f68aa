// Inline SVG icons (24x24, stroked), drawn for this demo: no icon font, no
// network. Built with createElementNS from path data, never from markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Path data by icon name; each string is one <path>. */
const ICONS = {
	mic: ['M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3z', 'M5 11a7 7 0 0 0 14 0', 'M12 18v3'],
	micOff: ['M9 9v3a3 3 0 0 0 5.1 2.1', 'M15 9.3V6a3 3 0 0 0-5.7-1.3', 'M5 11a7 7 0 0 0 11.9 5', 'M19 11a7 7 0 0 1-.6 2.8', 'M12 18v3', 'M3 3l18 18'],
	cameraSwitch: ['M3 8.5A1.5 1.5 0 0 1 4.5 7h2.7l1.6-2.2h6.4L16.8 7h2.7A1.5 1.5 0 0 1 21 8.5v9a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5z', 'M9 12.6a3 3 0 0 1 5.4-1.4', 'M15 14a3 3 0 0 1-5.4 1.4', 'M14.6 9.4v1.9h-1.9', 'M9.4 17.2v-1.9h1.9'],
	camera: ['M3 7.5A1.5 1.5 0 0 1 4.5 6h9A1.5 1.5 0 0 1 15 7.5v9a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 3 16.5z', 'M15 10.5l5-3v9l-5-3'],
	cameraOff: ['M9 6h4.5A1.5 1.5 0 0 1 15 7.5v4', 'M15 10.5l5-3v9l-3.5-2.1', 'M15 16.5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 3 16.5v-9A1.5 1.5 0 0 1 4.5 6', 'M3 3l18 18'],
	screen: ['M3 5.5A1.5 1.5 0 0 1 4.5 4h15A1.5 1.5 0 0 1 21 5.5v10a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 15.5z', 'M8 21h8', 'M12 17v4', 'M12 13V8', 'M9.5 10.5 12 8l2.5 2.5'],
	settings: ['M4 7h10', 'M18 7h2', 'M16 5v4', 'M4 17h4', 'M12 17h8', 'M10 15v4'],
	smile: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M8.5 14.5a4 4 0 0 0 7 0', 'M9 9.5h.01', 'M15 9.5h.01'],
	people: ['M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M2 21a7 7 0 0 1 14 0', 'M16 3.2a4 4 0 0 1 0 7.6', 'M18.5 14.5A7 7 0 0 1 22 21'],
	chat: ['M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v9a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 4V16h0A1.5 1.5 0 0 1 4 14.5z'],
	panel: ['M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v13a1.5 1.5 0 0 1-1.5 1.5h-13A1.5 1.5 0 0 1 4 18.5z', 'M15 4v16'],
	send: ['M4 12l16-8-6 16-2.5-6.5z', 'M11.5 13.5 20 4'],
	follow: ['M5 12h12', 'M13 7l5 5-5 5'],
	close: ['M6 6l12 12', 'M18 6 6 18'],
	warning: ['M12 4 2.5 20h19z', 'M12 10v4', 'M12 17h.01'],
	pin: ['M12 21s-6.5-5.6-6.5-11a6.5 6.5 0 0 1 13 0c0 5.4-6.5 11-6.5 11z', 'M12 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z'],
	lock: ['M6 11h12v9H6z', 'M8.5 11V8a3.5 3.5 0 0 1 7 0v3'],
	star: ['M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.7-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z'],
	book: ['M4 5a2 2 0 0 1 2-2h13v15H6a2 2 0 0 0-2 2z', 'M4 20a2 2 0 0 0 2 2h13v-4'],
} as const satisfies Record<string, readonly string[]>;

export type IconName = keyof typeof ICONS;

export function icon(name: IconName, className = 'icon'): SVGSVGElement {
	const svg = document.createElementNS(SVG_NS, 'svg');
	svg.setAttribute('viewBox', '0 0 24 24');
	svg.setAttribute('class', className);
	svg.setAttribute('aria-hidden', 'true');
	for (const d of ICONS[name]) {
		const path = document.createElementNS(SVG_NS, 'path');
		path.setAttribute('d', d);
		svg.append(path);
	}
	return svg;
}

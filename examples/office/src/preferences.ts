// What the join screen remembers between visits (localStorage; a browser
// that refuses storage just starts fresh each time).

export interface Preferences {
	name: string;
	microphone: boolean;
	camera: boolean;
}

const KEY = 'hallway.office.preferences';
const DEFAULTS: Preferences = { name: '', microphone: true, camera: true };

export function loadPreferences(): Preferences {
	try {
		const stored = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Preferences>;
		return {
			name: typeof stored.name === 'string' ? stored.name : DEFAULTS.name,
			microphone: typeof stored.microphone === 'boolean' ? stored.microphone : DEFAULTS.microphone,
			camera: typeof stored.camera === 'boolean' ? stored.camera : DEFAULTS.camera,
		};
	} catch {
		return { ...DEFAULTS };
	}
}

export function savePreferences(preferences: Preferences): void {
	try {
		localStorage.setItem(KEY, JSON.stringify(preferences));
	} catch {
		// Private mode or storage full: not worth bothering the visitor.
	}
}

/**
 * Prometheus text exposition, parsed just enough for tests: every sample by
 * its series (`name{label="value",…}` exactly as printed), and the declared
 * metric types.
 */
export interface Scrape {
	samples: Map<string, number>;
	types: Map<string, string>;
	/** The value of one series, or undefined. */
	value(series: string): number | undefined;
}

export function parsePrometheusText(text: string): Scrape {
	const samples = new Map<string, number>();
	const types = new Map<string, string>();
	for (const line of text.split('\n')) {
		if (line.startsWith('# TYPE ')) {
			const [name = '', type = ''] = line.slice(7).split(' ');
			types.set(name, type);
		} else if (line && !line.startsWith('#')) {
			const space = line.lastIndexOf(' ');
			samples.set(line.slice(0, space), Number(line.slice(space + 1)));
		}
	}
	return { samples, types, value: (series) => samples.get(series) };
}

export async function scrape(url: string): Promise<Scrape> {
	const response = await fetch(`${url}/metrics`);
	if (response.status !== 200) throw new Error(`GET /metrics: ${response.status}`);
	return parsePrometheusText(await response.text());
}

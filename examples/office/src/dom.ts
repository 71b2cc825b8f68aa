// A tiny element builder. Text always goes in through textContent, so names
// and chat lines typed by other people can never become markup.

type Child = Node | string | null | undefined | false;

export interface ElementProps {
	class?: string;
	/** Plain text content (set with textContent). */
	text?: string;
	title?: string;
	/** Attributes (aria-*, data-*, type, …). */
	attrs?: Record<string, string>;
	/** Event listeners by event name. */
	on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, children: Child[] = []): HTMLElementTagNameMap[K] {
	const element = document.createElement(tag);
	if (props.class) element.className = props.class;
	if (props.text !== undefined) element.textContent = props.text;
	if (props.title) element.title = props.title;
	for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
	for (const [name, listener] of Object.entries(props.on ?? {})) element.addEventListener(name, listener as EventListener);
	for (const child of children) if (child) element.append(child);
	return element;
}

/** Replaces an element's children. */
export function setChildren(element: Element, children: Child[]): void {
	element.replaceChildren(...children.filter((child): child is Node | string => !!child));
}

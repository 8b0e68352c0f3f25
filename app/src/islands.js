// Clairvoie's loader: only the page's islands (the few parts that react as one types) load the browser bundle.
// A page without one loads no WebAssembly at all; everything else is the server's HTML and works without it.
((js, wasm) => {
	const ready = () => document.body.setAttribute("data-hydrated", "true");
	const islands = Array.from(document.querySelectorAll("leptos-island")).filter(
		(el) => !el.parentElement.closest("leptos-island"),
	);
	if (islands.length === 0) {
		ready();
		return;
	}
	import(js)
		.then(async (mod) => {
			await mod.default({ module_or_path: wasm });
			mod.hydrate();
			for (const el of islands) {
				const island = mod[el.dataset.component];
				if (island) {
					await island(el);
				}
			}
		})
		.finally(ready);
})

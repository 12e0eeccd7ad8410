type Json = Record<string, unknown>;

const esc = (s: unknown): string =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const schemaLink = (schema: unknown): string => {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (!ref) return `<code>${esc(JSON.stringify(schema))}</code>`;
  const name = ref.split("/").pop() ?? ref;
  return `<a href="#schema-${esc(name)}"><code>${esc(name)}</code></a>`;
};

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2430;background:#f7f8fa}
header{background:#13294b;color:#fff;padding:1.2rem 2rem}header h1{margin:0;font-size:1.4rem}
main{max-width:1100px;margin:0 auto;padding:1rem 2rem}
.op{background:#fff;border:1px solid #dde1e7;border-radius:6px;margin:.6rem 0}
.op>summary{cursor:pointer;padding:.6rem .8rem;display:flex;gap:.8rem;align-items:center}
.m{font:600 12px monospace;text-transform:uppercase;padding:.2rem .5rem;border-radius:4px;color:#fff;min-width:3.5rem;text-align:center}
.get{background:#2f7dd1}.post{background:#2e9e5b}.delete{background:#c94040}.put,.patch{background:#c98a2e}
.body{padding:.2rem 1rem 1rem}table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #eee;padding:.3rem;text-align:left;vertical-align:top}
pre{background:#f0f2f5;padding:.6rem;overflow:auto;max-height:28rem;font-size:12px}
.scope{font-size:12px;color:#555}textarea{width:100%;font:12px monospace;min-height:8rem}input{font:inherit}
.try{border-top:1px dashed #ccc;margin-top:.8rem;padding-top:.6rem}`;

// Plain fetch against this same server; the key stays in the page, never in the URL.
const SCRIPT = `
document.querySelectorAll("form.try").forEach(function (form) {
  form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    var path = form.dataset.path, query = new URLSearchParams(), headers = {};
    form.querySelectorAll("[data-in]").forEach(function (i) {
      if (!i.value) return;
      if (i.dataset.in === "path") path = path.replace("{" + i.name + "}", encodeURIComponent(i.value));
      else if (i.dataset.in === "query") query.set(i.name, i.value);
      else headers[i.name] = i.value;
    });
    var key = document.getElementById("api-key").value;
    if (key) headers["X-API-Key"] = key;
    var body = form.querySelector("textarea");
    if (body) headers["content-type"] = "application/json";
    var out = form.querySelector("output");
    out.textContent = "…";
    try {
      var res = await fetch(path + (query.size ? "?" + query : ""), {
        method: form.dataset.method, headers: headers, body: body ? body.value : undefined,
      });
      var text = await res.text();
      try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (e) {}
      out.textContent = res.status + " " + res.statusText + "\\n" + text;
    } catch (e) { out.textContent = String(e); }
  });
});`;

function operationHtml(path: string, method: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const security = (op.security as Json[] | undefined) ?? [];
  const scopes = [...new Set(security.flatMap((s) => Object.values(s).flat() as string[]))];
  const body = (op.requestBody as { content: Record<string, { schema: unknown }> } | undefined)?.content;
  const responses = Object.entries((op.responses as Record<string, Json>) ?? {});
  const sample = path === "/v1/deployments" || path === "/v1/plan" ? "{\n  \n}" : "{}";
  return `<details class="op" id="op-${esc(op.operationId)}"><summary><span class="m ${esc(method)}">${esc(method)}</span><code>${esc(path)}</code><span>${esc(op.summary)}</span></summary><div class="body">
${op.description ? `<p>${esc(op.description)}</p>` : ""}
<p class="scope">${security.length === 0 ? "No API key (public, or authenticated otherwise)" : `API key scope: ${esc(scopes.filter(Boolean).join(" or ") || "admin credentials")}`}</p>
${params.length ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>schema</th><th></th></tr>${params.map((p) => `<tr><td><code>${esc(p.name)}</code>${p.required ? " *" : ""}</td><td>${esc(p.in)}</td><td><code>${esc(JSON.stringify(p.schema))}</code></td><td>${esc(p.description ?? "")}</td></tr>`).join("")}</table>` : ""}
${
  body
    ? `<h4>Request body</h4>${Object.entries(body)
        .map(([type, c]) => `<p>${esc(type)}: ${schemaLink(c.schema)}</p>`)
        .join("")}`
    : ""
}
<h4>Responses</h4><table>${responses
    .map(
      ([status, r]) =>
        `<tr><td>${esc(status)}</td><td>${esc(r.description)}</td><td>${Object.entries(
          (r.content as Record<string, { schema?: unknown }>) ?? {},
        )
          .map(([t, c]) => (c.schema ? schemaLink(c.schema) : esc(t)))
          .join(" ")}</td></tr>`,
    )
    .join("")}</table>
<form class="try" data-path="${esc(path)}" data-method="${esc(method.toUpperCase())}"><strong>Try it</strong>
${params.map((p) => `<p><label>${esc(p.name)} (${esc(p.in)}) <input name="${esc(p.name)}" data-in="${esc(p.in)}"></label></p>`).join("")}
${body ? `<textarea name="body" spellcheck="false">${esc(sample)}</textarea>` : ""}
<p><button type="submit">Send</button></p><pre><output></output></pre></form>
</div></details>`;
}

/**
 * The document as one self-contained HTML page (no CDN, no external asset): operations by tag,
 * their schemas, and a small form per operation that calls this server.
 */
export function renderDocsPage(doc: Json): string {
  const info = doc.info as { title: string; version: string; description?: string };
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const ops = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
  const tags = [...new Set(ops.map((o) => (o.op.tags as string[])[0] ?? "other"))];
  const schemas = Object.entries(((doc.components as Json).schemas as Record<string, unknown>) ?? {});
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)}</title><style>${STYLE}</style></head><body>
<header><h1>${esc(info.title)} <small>${esc(info.version)}</small></h1><p>${esc(info.description ?? "")}</p>
<p><a style="color:#cfe0ff" href="/openapi.json">openapi.json</a> · <label>API key <input id="api-key" type="password" autocomplete="off"></label></p></header><main>
${tags
  .map(
    (t) =>
      `<h2 id="tag-${esc(t)}">${esc(t)}</h2>${ops
        .filter((o) => (o.op.tags as string[])[0] === t)
        .map((o) => operationHtml(o.path, o.method, o.op))
        .join("\n")}`,
  )
  .join("\n")}
<h2>Schemas</h2>${schemas.map(([name, s]) => `<details class="op" id="schema-${esc(name)}"><summary><code>${esc(name)}</code></summary><div class="body"><pre>${esc(JSON.stringify(s, null, 2))}</pre></div></details>`).join("\n")}
</main><script>${SCRIPT}</script></body></html>`;
}

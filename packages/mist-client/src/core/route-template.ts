const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAC = /^[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;

/**
 * The route of a concrete API path, for metric labels and span names: ids become placeholders so
 * the number of distinct values stays bounded (`/sites/9f…/setting` → `/sites/{id}/setting`).
 * Every other segment is a literal from our own code (`mistPath` templates), never user input:
 * names and search terms travel in the query string, which is not part of `path`.
 */
export function routeTemplate(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      if (segment === "") return segment;
      const s = decodeURIComponent(segment);
      if (UUID.test(s)) return "{id}";
      if (MAC.test(s)) return "{mac}";
      if (NUMBER.test(s)) return "{n}";
      return /^[a-z_]+$/.test(s) ? s : "{value}";
    })
    .join("/");
}

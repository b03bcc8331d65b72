/**
 * Whether two records have the same fields, compared without serialising them: each field an
 * equal primitive, or an array of equal items. Array items count as equal when they are equal
 * primitives, or, with `items: "same objects"`, the same object (a listing's articles, which the
 * article cache gives again as the same objects while they are unchanged). Anything else counts
 * as different, so a field added to a record later is never wrongly taken as unchanged; the
 * caller then works out again what it had kept.
 */
export function sameFields(a: object, b: object, items: "primitives" | "same objects" = "primitives"): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(y, key)) return false;
    const u = x[key];
    const v = y[key];
    if (u === v && (u === null || typeof u !== "object")) continue;
    if (!Array.isArray(u) || !Array.isArray(v) || u.length !== v.length) return false;
    for (let i = 0; i < u.length; i++) {
      if (u[i] !== v[i] || (items === "primitives" && u[i] !== null && typeof u[i] === "object")) return false;
    }
  }
  return true;
}

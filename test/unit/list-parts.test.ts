import { test } from "uvu";
import * as assert from "uvu/assert";
import { listParts } from "../../src/filters/list-parts.ts";

const joined = (items: string[], language: string) => listParts(items, language).map((p) => (p.literal ?? `[${p.item}]`)).join("");

test("English joins as the sample byline always did", () => {
  assert.is(joined(["Asha Menon"], "en-IN"), "[Asha Menon]");
  assert.is(joined(["Asha Menon", "Rahul Iyer"], "en-IN"), "[Asha Menon] and [Rahul Iyer]");
  assert.is(joined(["A", "B", "C"], "en-IN"), "[A], [B] and [C]");
  assert.equal(listParts([], "en"), []);
});

test("other languages use their own connectors (Arabic, Hebrew, Spanish)", () => {
  assert.is(joined(["مراسل تجريبي", "John Smith"], "ar-EG"), "[مراسل تجريبي] و[John Smith]");
  assert.match(joined(["A", "B"], "he"), /^\[A\] ו-?\[B\]$/);
  assert.is(joined(["A", "B"], "es"), "[A] y [B]");
});

test("items keep their identity and order; a bad language tag falls back to English", () => {
  const a = { name: "a" };
  const b = { name: "b" };
  const parts = listParts([a, b], "not a tag!");
  assert.is(parts[0]!.item, a);
  assert.is(parts[2]!.item, b);
  assert.is(parts[1]!.literal, " and ");
});

test.run();

import { test } from "uvu";
import * as assert from "uvu/assert";
import { HEADLINE_MAX, headline, jsonForScript } from "../../src/pages/structured-data.ts";

test("headline: kept when it fits, else cut at a word with an ellipsis, never past 110 characters", () => {
  assert.is(headline("Short"), "Short");
  const exact = "x".repeat(HEADLINE_MAX);
  assert.is(headline(exact), exact);
  const long = "word ".repeat(40).trim();
  const cut = headline(long);
  assert.ok([...cut].length <= HEADLINE_MAX, `${[...cut].length}`);
  assert.match(cut, /^word( word)*…$/);
  // Counted in characters, not UTF-16 units: Devanagari and emoji are not split.
  const hindi = "चुनाव ".repeat(30).trim();
  assert.ok([...headline(hindi)].length <= HEADLINE_MAX);
  assert.not.match(headline("😀".repeat(200)), /[\uD800-\uDBFF]$/, "no lone surrogate at the cut");
});

test("jsonForScript: nothing can end the script or open a comment, and it parses back to the same data", () => {
  const data = { headline: 'a</script><script>alert(1)</script><!-- & "q" \u2028 \u2029' };
  const out = jsonForScript(data);
  assert.not.match(out, /[<>&\u2028\u2029]/);
  assert.equal(JSON.parse(out), data);
});

test.run();

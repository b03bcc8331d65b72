import { test } from "uvu";
import * as assert from "uvu/assert";
import { textDirection } from "../../src/filters/text-direction.ts";

test("right-to-left languages, with and without a region", () => {
  for (const tag of ["ar", "ar-EG", "AR-eg", "he", "he-IL", "iw", "fa", "fa-IR", "ur", "ur-PK", "ps", "sd", "ug", "yi", "ckb", "syr", "ks"]) {
    assert.is(textDirection(tag), "rtl", tag);
  }
});

test("left-to-right languages", () => {
  for (const tag of ["en", "en-IN", "de-DE", "hi", "ja", "zh-Hant-TW", "sr-Cyrl", "ku", "tr", "sw"]) {
    assert.is(textDirection(tag), "ltr", tag);
  }
});

test("the script decides where ICU's text info has no data (Thaana, Hanifi Rohingya, Arabic-script Azerbaijani)", () => {
  // Node 20's Intl.Locale textInfo says "ltr" for all of these.
  for (const tag of ["dv", "dv-MV", "rhg-Rohg", "az-Arab", "ku-Arab", "und-Arab", "ff-Adlm", "nqo", "pa-Arab"]) {
    assert.is(textDirection(tag), "rtl", tag);
  }
});

test("an explicit left-to-right script wins over the language's usual one", () => {
  for (const tag of ["ar-Latn", "sd-Deva", "az-Latn", "uz-Latn", "pa-Guru"]) assert.is(textDirection(tag), "ltr", tag);
});

test("a tag Intl cannot read is judged by its subtags, and never throws", () => {
  assert.is(textDirection("ar_EG"), "rtl");
  assert.is(textDirection("he_IL"), "rtl");
  assert.is(textDirection("xx-Hebr-!!"), "rtl");
  assert.is(textDirection("en_GB"), "ltr");
  assert.is(textDirection(""), "ltr");
  assert.is(textDirection("not a language"), "ltr");
});

test.run();

import { test } from "uvu";
import * as assert from "uvu/assert";
import { siBluesky, siFacebook, siReddit, siTelegram, siWhatsapp, siX } from "simple-icons";
import { iconPath } from "../../src/filters/icons.ts";

// src/filters/icons.ts reads each brand mark from its SVG file in simple-icons (so a build does
// not compile the package's 5 MB index): the marks must be the ones the package's index gives.
test("brand marks are simple-icons' own paths, read from its SVG files", () => {
  const brands = { x: siX, facebook: siFacebook, whatsapp: siWhatsapp, telegram: siTelegram, reddit: siReddit, bluesky: siBluesky };
  for (const [name, icon] of Object.entries(brands)) assert.is(iconPath(name), icon.path, name);
});

test("an unknown icon name stops with the names there are", () => {
  assert.throws(() => iconPath("myspace"), /no icon named "myspace".*bluesky/);
});

test.run();

import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

/**
 * Launches a real Chromium for browser tests. In order: $CHROMIUM_PATH, Debian's /usr/bin/chromium,
 * else the Chromium shipped inside the @sparticuz/chromium npm package, so that `npm install` alone
 * is enough on a bare machine. Flags keep Chromium off the network (this machine has none).
 */
async function executablePath(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  const packaged = (await import("@sparticuz/chromium")).default;
  return packaged.executablePath();
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await executablePath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--font-render-hinting=none",
    ],
  });
}

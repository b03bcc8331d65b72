import type { Readable, Writable } from "node:stream";
import { cancel, intro, isCancel, outro, select, text } from "@clack/prompts";

/**
 * The questions `npm run new` asks when run with no arguments in a terminal: the headline and
 * the section (a list to pick from). Uses @clack/prompts (maintained, Node 20.12+); `streams`
 * lets a test answer without a terminal. Resolves to undefined when the writer cancels (Ctrl-C, Esc).
 */
export async function askHeadlineAndSection(
  sections: { key: string; label: string }[],
  streams: { input?: Readable; output?: Writable } = {},
): Promise<{ title: string; section: string } | undefined> {
  intro("New article", streams);
  const title = await text({
    message: "Headline",
    placeholder: "Rains lash Mumbai",
    validate: (value) => (value?.trim() ? undefined : "Write the headline readers will see."),
    ...streams,
  });
  if (isCancel(title)) {
    cancel("No article written.", streams);
    return undefined;
  }
  const section = await select({
    message: "Section",
    options: sections.map((s) => ({ value: s.key, label: s.label, hint: s.key })),
    ...streams,
  });
  if (isCancel(section)) {
    cancel("No article written.", streams);
    return undefined;
  }
  outro("Writing it…", streams);
  return { title: title.trim(), section };
}

/**
 * Work of a build that the page a writer has open does not show: the feeds, the sitemaps, the
 * article cache's file, and the look for pages deleted from the folder by hand (PagesWatch in
 * src/pages/page-files.ts). In the preview a saved article must reach the open tab as soon as its page
 * is written (issue 9: < 1 s at 4,000 articles), so the plugin hands that work to the preview's
 * builder (src/dev/build-worker.ts), which tells the tabs to reload first and runs it after, in
 * order, before the next build starts. Anything else running the plugin (`npm run build`,
 * `npx @11ty/eleventy`, the tests' builds) has no listener, and the work runs in place, as before.
 */

/** The event the plugin emits with each task (a listener takes it over). */
export const AFTER_RELOAD_EVENT = "newsroom.after-reload";

/** One piece of such work. It may throw (say, a feed that cannot be written): the builder reports it as a failed build. */
export type AfterReloadTask = () => Promise<void>;

/** What this file uses of Eleventy's event bus (`eleventyConfig.events`). */
interface Events {
  emit(event: string, ...args: unknown[]): unknown;
  listenerCount(event: string): number;
}

/** Whether a preview builder takes the tasks over: the plugin runs again on its next save. */
export function previewBuilder(events: Events): boolean {
  return events.listenerCount(AFTER_RELOAD_EVENT) > 0;
}

/**
 * Runs `task` now (resolving when it is done) unless a listener takes it over, in which case it
 * resolves at once and the listener runs it later.
 */
export async function afterReload(events: Events, task: AfterReloadTask): Promise<void> {
  if (!previewBuilder(events)) return task();
  events.emit(AFTER_RELOAD_EVENT, task);
}

/**
 * The builder's side: tasks queued as builds hand them over, and run, one after another, when
 * `run` is called (after the tabs were told to reload). `run` resolves when all are done; a
 * failed task goes to `failed` and the rest still run (each writes its own files).
 */
export class AfterReloadQueue {
  readonly #tasks: AfterReloadTask[] = [];
  #running: Promise<void> = Promise.resolve();

  add(task: AfterReloadTask): void {
    this.#tasks.push(task);
  }

  /** Runs what is queued, after whatever a previous `run` still runs. */
  run(failed: (error: unknown) => void): Promise<void> {
    const tasks = this.#tasks.splice(0);
    this.#running = this.#running.then(async () => {
      for (const task of tasks) {
        try {
          await task();
        } catch (error) {
          failed(error);
        }
      }
    });
    return this.#running;
  }

  /** Resolves once every task handed to `run` so far is done (a build waits for this before it starts). */
  idle(): Promise<void> {
    return this.#running;
  }
}

import { EventEmitter } from "node:events";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { AFTER_RELOAD_EVENT, AfterReloadQueue, afterReload, type AfterReloadTask } from "../../src/dev/after-reload.ts";

test("with no listener the task runs in place; with one, the listener gets it and it has not run", async () => {
  const events = new EventEmitter();
  const log: string[] = [];
  await afterReload(events, async () => void log.push("ran"));
  assert.equal(log, ["ran"]);
  const taken: AfterReloadTask[] = [];
  events.on(AFTER_RELOAD_EVENT, (task: AfterReloadTask) => taken.push(task));
  await afterReload(events, async () => void log.push("ran later"));
  assert.equal(log, ["ran"]);
  assert.is(taken.length, 1);
  await taken[0]!();
  assert.equal(log, ["ran", "ran later"]);
});

test("the queue runs tasks in order, one at a time, a second run after the first; a failure is reported and the rest still run", async () => {
  const queue = new AfterReloadQueue();
  const log: string[] = [];
  const slow = (name: string, ms: number): AfterReloadTask => async () => {
    log.push(`${name} start`);
    await new Promise((r) => setTimeout(r, ms));
    log.push(`${name} end`);
  };
  queue.add(slow("a", 30));
  queue.add(async () => {
    throw new Error("feed refused");
  });
  queue.add(slow("b", 1));
  const failures: string[] = [];
  void queue.run((error) => failures.push((error as Error).message));
  queue.add(slow("c", 1));
  // Not run until asked: added after the first run started, so it waits for the second.
  await new Promise((r) => setTimeout(r, 5));
  assert.not.ok(log.includes("c start"));
  await queue.run((error) => failures.push((error as Error).message));
  assert.equal(log, ["a start", "a end", "b start", "b end", "c start", "c end"]);
  assert.equal(failures, ["feed refused"]);
  // idle() waits for whatever runs.
  queue.add(slow("d", 20));
  void queue.run(() => undefined);
  await queue.idle();
  assert.equal(log.at(-1), "d end");
});

test.run();

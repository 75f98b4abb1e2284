/**
 * Back-pressure for code that never yields to the event loop.
 *
 * WebGPU in Node (Dawn) releases native objects (bind groups, buffers, recorded commands) only
 * between event-loop tasks, and tsjax frees unreachable arrays only then too (their
 * FinalizationRegistry callbacks are tasks). A loop that never awaits therefore piles them up
 * until Dawn crashes the process (about 65,000 bind groups on lavapipe). This counts the native
 * work created since the event loop last turned and, past a limit well below the crash, makes
 * the next operation throw an error that says what to do; any turn of the event loop resets it.
 */
import { DeviceError } from "../../errors.js";
import { afterTurn } from "../turns.js";

/** Costs, in native objects (a dispatch's recorded commands weigh about 1/16 of one). */
export const COST = { object: 16, dispatch: 1 } as const;

/** The default limit: 32,768 native objects (half the crash point), or 16 times as many dispatches. */
export const DEFAULT_TURN_LIMIT = 32_768 * COST.object;

export class TurnBudget {
  private used = 0;
  private waiting = false;

  constructor(
    /** Cost allowed between two turns of the event loop. */
    public limit = DEFAULT_TURN_LIMIT,
  ) {}

  /** Records native work created now. */
  add(cost: number): void {
    this.used += cost;
    if (this.waiting) return;
    this.waiting = true;
    afterTurn(() => {
      this.used = 0;
      this.waiting = false;
    });
  }

  /** Throws when the work created since the last turn is over the limit. */
  check(): void {
    if (this.used <= this.limit) return;
    throw new DeviceError(
      `webgpu: too much work was queued without the JavaScript event loop getting a turn (${Math.round(this.used / COST.object)} ` +
        "native objects' worth since the last one). WebGPU releases finished work, and tsjax frees unreachable arrays, only " +
        "between event-loop tasks, so a loop that never awaits grows until the process crashes. Await now and then in long " +
        "loops, e.g. `if (step % 100 === 0) await loss.item()` or `await synchronize()`; free per-step arrays with scope() or " +
        "dispose(), or jit the step with donated inputs, to queue less per step.",
    );
  }
}

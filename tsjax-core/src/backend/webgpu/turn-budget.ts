/**
 * Back-pressure for code that never yields to the event loop.
 *
 * WebGPU in Node (Dawn) releases native objects (bind groups, buffers, recorded commands) only
 * between event-loop tasks, and tsjax frees unreachable arrays only then too (their
 * FinalizationRegistry callbacks are tasks). A loop that never awaits therefore piles them up:
 * Dawn crashes the process past about 65,000 live bind groups (lavapipe), and the rest grows
 * memory. This counts what was created since the event loop last turned and, past limits
 * below the crash, makes the next operation throw an error that says what to do; any turn of
 * the event loop resets the counts.
 */
import { DeviceError } from "../../errors.js";
import { afterTurn } from "../turns.js";

/** Native memory, in KiB, that each kind of object holds until the event loop turns (measured on lavapipe). */
export const COST_KIB = { buffer: 2, encoder: 1, dispatch: 0.5 } as const;

export class TurnBudget {
  private bindGroups = 0;
  private kib = 0;
  private waiting = false;

  constructor(
    /** Bind groups allowed between two turns (three quarters of the 65,536 that crash Dawn). */
    public maxBindGroups = 49_152,
    /** Other native memory allowed between two turns, in KiB (buffers count their size). */
    public maxKiB = 1 << 20,
  ) {}

  /** Records a bind group created now. */
  addBindGroup(): void {
    this.bindGroups++;
    this.schedule();
  }

  /** Records native memory (KiB) held from now until the next turn. */
  addKiB(kib: number): void {
    this.kib += kib;
    this.schedule();
  }

  private schedule(): void {
    if (this.waiting) return;
    this.waiting = true;
    afterTurn(() => {
      this.bindGroups = 0;
      this.kib = 0;
      this.waiting = false;
    });
  }

  /** Throws when what was created since the last turn is over a limit. */
  check(): void {
    if (this.bindGroups <= this.maxBindGroups && this.kib <= this.maxKiB) return;
    throw new DeviceError(
      `webgpu: too much work was queued without the JavaScript event loop getting a turn (${this.bindGroups} bind groups and ` +
        `${Math.round(this.kib / 1024)} MiB of native objects since the last one). WebGPU releases finished work, and tsjax frees ` +
        "unreachable arrays, only between event-loop tasks, so a loop that never awaits grows until the process crashes. Await now " +
        "and then in long loops, e.g. `if (step % 100 === 0) await loss.item()` or `await synchronize()`; free per-step arrays " +
        "with scope() or dispose(), or jit the step with donated inputs, to queue less per step.",
    );
  }
}

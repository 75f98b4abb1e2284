/**
 * The PPO iteration of examples/ppo-cartpole in tsjax: the example's own `makePpo` (one jitted
 * program per iteration: vmapped environments, `lax.scan` rollout, GAE, minibatch epochs, the
 * train state donated).
 */
import * as tj from "tsjax-core";
import type { Array, DeviceName } from "tsjax-core";
import { clearTraceCounter } from "tsjax-check";
import { PPO_CARTPOLE } from "@tsjax-examples/ppo-cartpole/config";
import { makePpo } from "@tsjax-examples/ppo-cartpole/ppo";
import type { Case } from "./adapter.js";

/** The `ppo-iteration` case on `device`: one call is one training iteration. */
export function ppoCase(device: DeviceName, sync: () => Promise<void>): Case {
  const ppo = makePpo(PPO_CARTPOLE);
  let state = ppo.initState(tj.random.key(0));
  return {
    async run() {
      // assertMaxTraces counts the traces of every function with the same source (chex's
      // semantics): each device's program is its own, traced once at its first call.
      if (ppo.trainIteration.traceCount === 0) clearTraceCounter();
      const [next, metrics] = ppo.trainIteration(state);
      state = next;
      await sync();
      tj.tree.leaves(metrics).forEach((m) => (m as Array).dispose());
    },
    dispose: () => tj.tree.leaves(state).forEach((a) => (a as Array).dispose()),
    bytesInUse: () => tj.memoryStats(device).liveBytes,
  };
}

/**
 * CartPole against gym's classic-control equations. The expected states are gym's
 * `CartPoleEnv.step` written out in float64 Python for fixed states and actions
 * (`scripts/refs/ppo/cartpole_refs.py`); the first is also easy by hand: from rest, pushing right
 * gives temp = 10 / 1.1, thetaacc = -temp / (0.5 (4/3 - 0.1/1.1)) = -14.634, xacc = temp +
 * 0.05 * 14.634 / 1.1 = 9.756, so x' = 0.02 xacc = 0.19512 and theta' = 0.02 thetaacc = -0.29268.
 */
import { describe, expect, it } from "vitest";
import { type Array as JArray, jit, np, random, vmap } from "tsjax-core";
import { CARTPOLE, type CartPoleState, dynamics, isDone, observe, reset, step } from "./cartpole.js";

const values = (x: JArray) => Array.from(x.dataSync() as ArrayLike<number>);

/** gym's step from `state` with `action`: the next state and whether it terminates. */
const GYM_STEPS: { state: number[]; action: number; next: number[]; terminated: boolean }[] = [
  { state: [0, 0, 0, 0], action: 1, next: [0, 0.1951219512195122, 0, -0.2926829268292683], terminated: false },
  { state: [0, 0, 0, 0], action: 0, next: [0, -0.1951219512195122, 0, 0.2926829268292683], terminated: false },
  { state: [0.01, -0.02, 0.03, 0.04], action: 1, next: [0.0096, 0.17467919574755525, 0.0308, -0.2430687179600081], terminated: false },
  { state: [-1.2, 0.7, -0.15, 1.3], action: 0, next: [-1.186, 0.5070660143110977, -0.124, 1.5422165065529312], terminated: false },
  { state: [2.0, 1.5, 0.1, -2.0], action: 1, next: [2.03, 1.6939455016358511, 0.06, -2.2601138484527445], terminated: false },
  { state: [2.39, 1.0, 0, 0], action: 1, next: [2.41, 1.1951219512195121, 0, -0.2926829268292683], terminated: true },
  { state: [0, 0, 0.205, 0.5], action: 0, next: [0, -0.19733227721165442, 0.215, 0.8496492454184822], terminated: true },
  { state: [0, 0, -0.205, -0.5], action: 1, next: [0, 0.19733227721165442, -0.215, -0.8496492454184822], terminated: true },
];

/** 20 steps from [0.02, -0.01, 0.03, -0.02] with actions 0, 1, 0, 1, ... (gym, float64). */
const AFTER_20 = [-0.025712514835090246, -0.02920187819361547, 0.140216255261244, 0.4073654085253052];

function stateOf(s: readonly number[], time = 0): CartPoleState {
  return { x: np.array(s[0]!), xDot: np.array(s[1]!), theta: np.array(s[2]!), thetaDot: np.array(s[3]!), time: np.array(time, { dtype: "int32" }) };
}

const action = (a: number) => np.array(a, { dtype: "int32" });

function expectClose(got: number[], want: number[], tol = 2e-6): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!), `component ${i}: got ${g}, want ${want[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!))));
}

describe("CartPole dynamics", () => {
  it("one Euler step equals gym's for fixed states and actions", () => {
    for (const c of GYM_STEPS) {
      const next = dynamics(stateOf(c.state, 7), action(c.action));
      expectClose(values(observe(next)), c.next);
      expect(values(next.time)).toEqual([8]);
    }
  });

  it("terminates past 2.4 in x or 12 degrees in theta, exactly where gym does", () => {
    for (const c of GYM_STEPS) {
      expect(values(isDone(dynamics(stateOf(c.state), action(c.action)))), `state ${c.state}`).toEqual([c.terminated ? 1 : 0]);
    }
    expect(CARTPOLE.thetaThreshold).toBeCloseTo(0.20943951023931953, 15);
  });

  it("truncates at CartPole-v1's 500 steps", () => {
    const calm = [0, 0, 0, 0];
    expect(values(isDone(dynamics(stateOf(calm, 498), action(1))))).toEqual([0]); // step 499
    expect(values(isDone(dynamics(stateOf(calm, 499), action(1))))).toEqual([1]); // step 500
  });

  it("a 20-step trajectory under jit follows gym's", () => {
    const run = jit((s: CartPoleState) => {
      for (let t = 0; t < 20; t++) s = dynamics(s, action(t % 2));
      return observe(s);
    });
    expectClose(values(run(stateOf([0.02, -0.01, 0.03, -0.02]))), AFTER_20, 1e-5);
  });
});

describe("CartPole reset and step", () => {
  it("reset draws each component uniformly in [-0.05, 0.05) at time 0", () => {
    const [obs, state] = vmap(reset)(random.split(random.key(3), 500));
    const xs = values(obs);
    expect(obs.shape).toEqual([500, 4]);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-0.05);
    expect(Math.max(...xs)).toBeLessThan(0.05);
    expect(Math.abs(xs.reduce((a, b) => a + b, 0) / xs.length)).toBeLessThan(0.004); // mean 0, sd 0.029/sqrt(2000)
    expect(values(state.time).every((t) => t === 0)).toBe(true);
  });

  it("a step that does not end the episode returns the next state, reward 1 and done false", () => {
    const c = GYM_STEPS[3]!;
    const [obs, next, reward, done] = step(stateOf(c.state, 10), action(c.action), random.key(0));
    expectClose(values(obs), c.next);
    expect(values(next.time)).toEqual([11]);
    expect(values(reward)).toEqual([1]);
    expect(values(done)).toEqual([0]);
  });

  it("a step that ends the episode resets it with the step's key (reward 1, done true)", () => {
    const key = random.key(5);
    const [freshObs] = reset(key);
    for (const [c, time] of [[GYM_STEPS[5]!, 3], [GYM_STEPS[6]!, 3], [{ state: [0, 0, 0, 0], action: 1 }, 499]] as const) {
      const [obs, next, reward, done] = step(stateOf(c.state, time), action(c.action), key);
      expect(values(obs)).toEqual(values(freshObs));
      expect(values(observe(next))).toEqual(values(freshObs));
      expect(values(next.time)).toEqual([0]);
      expect(values(reward)).toEqual([1]);
      expect(values(done)).toEqual([1]);
    }
  });

  it("vmap over environments steps each one as the unbatched step does", () => {
    const states = GYM_STEPS.map((c, i) => stateOf(c.state, 495 + i));
    const batched: CartPoleState = {
      x: np.stack(states.map((s) => s.x)), xDot: np.stack(states.map((s) => s.xDot)), theta: np.stack(states.map((s) => s.theta)),
      thetaDot: np.stack(states.map((s) => s.thetaDot)), time: np.stack(states.map((s) => s.time)),
    };
    const actions = np.array(GYM_STEPS.map((c) => c.action), { dtype: "int32" });
    const keys = random.split(random.key(9), GYM_STEPS.length);
    const [obs, , reward, done] = jit(vmap(step))(batched, actions, keys);
    expect(obs.shape).toEqual([GYM_STEPS.length, 4]);
    expect(values(reward)).toEqual(GYM_STEPS.map(() => 1));
    states.forEach((s, i) => {
      const [o, , , d] = step(s, action(GYM_STEPS[i]!.action), keys.get(i));
      expectClose(values(obs.get(i)), values(o));
      expect(values(done.get(i))).toEqual(values(d));
    });
    // 495 + 5 = 500 steps at index 5 (also past 2.4), past 12 degrees at 6 and 7, the time limit at 4.
    expect(values(done)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });
});

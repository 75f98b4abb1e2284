/**
 * CartPole-v1 as pure functions of tsjax arrays: gym's classic-control equations, constants and
 * termination thresholds (`gym/envs/classic_control/cartpole.py`, Euler integration), the
 * 500-step limit of v1, and automatic reset inside `step`, so that a batch of environments runs
 * under `vmap` and a rollout under `lax.scan` with no host round trip.
 */
import { type Array as JArray, np, random } from "tsjax-core";

/** gym's CartPole constants (SI units; the pole's `length` is half its length). */
export const CARTPOLE = {
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  totalMass: 1.1,
  length: 0.5,
  poleMassLength: 0.05,
  forceMag: 10.0,
  tau: 0.02,
  /** 12 degrees: the episode ends when |theta| exceeds it. */
  thetaThreshold: (12 * 2 * Math.PI) / 360,
  /** The episode ends when |x| exceeds 2.4. */
  xThreshold: 2.4,
  /** CartPole-v1's time limit (gym's `max_episode_steps`). */
  maxSteps: 500,
  /** Initial state components are drawn from U(-0.05, 0.05). */
  resetBound: 0.05,
} as const;

/** Observation size (x, x', theta, theta') and number of actions (push left, push right). */
export const OBS_SIZE = 4;
export const NUM_ACTIONS = 2;

/** One environment's state: float32 scalars, and the step count of the episode (int32). */
export interface CartPoleState {
  x: JArray;
  xDot: JArray;
  theta: JArray;
  thetaDot: JArray;
  time: JArray;
}

/**
 * The observation of a state: `[x, xDot, theta, thetaDot]` along the last axis.
 *
 * @example
 * const obs = observe(state);   // float32 [4], or [numEnvs, 4] for batched states
 */
export function observe(s: CartPoleState): JArray {
  return np.stack([s.x, s.xDot, s.theta, s.thetaDot], -1);
}

/**
 * A fresh episode: each of the four state components uniform in [-0.05, 0.05), time 0.
 *
 * @example
 * const [obs, state] = reset(random.key(0));   // obs: float32 [4]
 */
export function reset(key: JArray): [JArray, CartPoleState] {
  const b = CARTPOLE.resetBound;
  const u = random.uniform(key, [OBS_SIZE], { minval: -b, maxval: b });
  const state: CartPoleState = { x: u.get(0), xDot: u.get(1), theta: u.get(2), thetaDot: u.get(3), time: np.array(0, { dtype: "int32" }) };
  return [observe(state), state];
}

/**
 * One Euler step of the cart-pole for `action` (0 pushes left, 1 pushes right), without
 * termination or reset: gym's `step` equations.
 *
 * @example
 * const next = dynamics(state, np.array(1, { dtype: "int32" }));
 */
export function dynamics(s: CartPoleState, action: JArray): CartPoleState {
  const c = CARTPOLE;
  const force = np.where(action.eq(1), c.forceMag, -c.forceMag);
  const cos = np.cos(s.theta);
  const sin = np.sin(s.theta);
  const temp = force.add(s.thetaDot.square().mul(sin).mul(c.poleMassLength)).div(c.totalMass);
  const thetaAcc = sin.mul(c.gravity).sub(cos.mul(temp)).div(cos.square().mul(-c.massPole / c.totalMass).add(4 / 3).mul(c.length));
  const xAcc = temp.sub(thetaAcc.mul(cos).mul(c.poleMassLength / c.totalMass));
  return {
    x: s.x.add(s.xDot.mul(c.tau)),
    xDot: s.xDot.add(xAcc.mul(c.tau)),
    theta: s.theta.add(s.thetaDot.mul(c.tau)),
    thetaDot: s.thetaDot.add(thetaAcc.mul(c.tau)),
    time: s.time.add(1),
  };
}

/**
 * Whether a state (after a step) ends the episode: |x| > 2.4, |theta| > 12 degrees, or 500 steps.
 *
 * @example
 * const done = isDone(dynamics(state, action));   // bool []
 */
export function isDone(s: CartPoleState): JArray {
  const c = CARTPOLE;
  const fell = np.logicalOr(np.abs(s.x).gt(c.xThreshold), np.abs(s.theta).gt(c.thetaThreshold));
  return np.logicalOr(fell, s.time.ge(c.maxSteps));
}

/** `np.where` over every field of two states. */
function selectState(pred: JArray, a: CartPoleState, b: CartPoleState): CartPoleState {
  return {
    x: np.where(pred, a.x, b.x),
    xDot: np.where(pred, a.xDot, b.xDot),
    theta: np.where(pred, a.theta, b.theta),
    thetaDot: np.where(pred, a.thetaDot, b.thetaDot),
    time: np.where(pred, a.time, b.time),
  };
}

/**
 * One environment step with automatic reset: `[obs, state, reward, done]`. The reward is 1 for
 * every step, the last one included (gym's). When the step ends the episode, the returned state
 * and observation are those of a fresh episode drawn with `key` (gymnax's convention), and
 * `done` is true.
 *
 * @example
 * const [obs, state, reward, done] = step(state, np.array(0, { dtype: "int32" }), random.key(1));
 * // over a batch of environments:
 * vmap(step)(states, actions, random.split(key, numEnvs));
 */
export function step(state: CartPoleState, action: JArray, key: JArray): [JArray, CartPoleState, JArray, JArray] {
  const next = dynamics(state, action);
  const done = isDone(next);
  const [, fresh] = reset(key);
  const out = selectState(done, fresh, next);
  return [observe(out), out, np.ones([], { dtype: "float32" }), done];
}

/** The messages between the page and the training worker. */
import type { DeviceName } from "tsjax-core";

/** Which device the page asks for: "auto" lets `init()` choose (a hardware GPU, else the CPU). */
export type DeviceChoice = "auto" | DeviceName;

/** Page to worker: start training. */
export interface StartMessage {
  type: "start";
  device: DeviceChoice;
  steps: number;
}

/** Worker to page. */
export type WorkerMessage =
  | {
      type: "ready";
      /** The device the model trains on. */
      device: DeviceName;
      /** The WebGPU adapter, when on WebGPU. */
      adapter?: string;
      /** Whether that adapter is a software (fallback) one. */
      fallbackAdapter?: boolean;
      /** Why WebGPU is not used, when on the CPU. */
      reason?: string;
      /** Whether the page is cross-origin isolated (SharedArrayBuffer available). */
      isolated: boolean;
    }
  | { type: "data"; points: Float32Array; labels: Int32Array }
  | { type: "step"; step: number; loss: number }
  | { type: "regions"; step: number; size: number; probabilities: Float32Array }
  | { type: "done"; steps: number; seconds: number }
  | { type: "error"; message: string };

/** What a run has done so far, as the page exposes it in `window.tsjaxDemo`. */
export interface DemoState {
  device?: string;
  adapter?: string;
  losses: number[];
  regionsDrawn: number;
  done: boolean;
  error?: string;
}
